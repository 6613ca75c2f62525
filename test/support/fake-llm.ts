/**
 * A local HTTP server speaking the OpenAI Chat Completions wire format (streaming and not, with tool calls), replying
 * from scripts. A script is chosen by a marker string found in the request's messages; the reply is picked by how
 * many assistant turns the conversation already has, so each model step of a run gets the next scripted reply.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  | { text: string; inputTokens?: number; outputTokens?: number; delayMs?: number; chunkDelayMs?: number }
  | {
      toolCalls: Array<{ name: string; arguments: Record<string, unknown> }>;
      inputTokens?: number;
      outputTokens?: number;
      delayMs?: number;
    }
  | { status: number; retryAfter?: number; body?: string }
  /**
   * A streamed answer written as these pieces of bytes (split anywhere: inside a frame, a JSON escape or a UTF-8
   * character), `pauseMs` apart so that each arrives in a read of its own; `cut` ends the connection after them
   * without the stream's end.
   */
  | { raw: Array<string | Uint8Array>; pauseMs?: number; cut?: boolean };

interface Script {
  marker: string;
  /** For each step, replies to give in turn (e.g. a 429 first, then the real reply). */
  steps: ScriptedReply[][];
  calls: number[];
  /** Every request body the script answered, in order (tests assert what reached the model). */
  requests: Array<{ messages: Array<{ role: string; content: unknown }>; tools?: unknown[] }>;
}

export interface FakeLlm {
  baseUrl: string;
  script(marker: string, steps: Array<ScriptedReply | ScriptedReply[]>): Script;
  close(): Promise<void>;
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const scripts: Script[] = [];
  let callSeq = 0;
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || '{}') as {
      stream?: boolean;
      model?: string;
      messages?: Array<{ role: string; content: unknown }>;
    };
    const text = JSON.stringify(body.messages ?? []);
    const script = scripts.find((s) => text.includes(s.marker));
    if (!script) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: 'no script matches this conversation', type: 'invalid_request_error' } }),
      );
      return;
    }
    script.requests.push({ messages: body.messages ?? [], tools: (body as { tools?: unknown[] }).tools });
    const step = (body.messages ?? []).filter((m) => m.role === 'assistant').length;
    script.calls[step] = (script.calls[step] ?? 0) + 1;
    const attempts = script.steps[step] ?? [{ text: 'Done.' }];
    const reply = attempts[Math.min(script.calls[step]! - 1, attempts.length - 1)]!;
    if ('status' in reply) {
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}),
      });
      res.end(
        reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}`, type: 'rate_limit_error' } }),
      );
      return;
    }
    if ('raw' in reply) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const piece of reply.raw) {
        res.write(piece);
        await new Promise((r) => setTimeout(r, reply.pauseMs ?? 5));
      }
      if (reply.cut) res.destroy();
      else res.end();
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    const id = `chatcmpl-${++callSeq}`;
    const usage = {
      prompt_tokens: reply.inputTokens ?? 100,
      completion_tokens: reply.outputTokens ?? 20,
      total_tokens: (reply.inputTokens ?? 100) + (reply.outputTokens ?? 20),
    };
    const toolCalls =
      'toolCalls' in reply
        ? reply.toolCalls.map((c, index) => ({
            index,
            id: `call_${callSeq}_${index}`,
            type: 'function',
            function: { name: c.name, arguments: JSON.stringify(c.arguments) },
          }))
        : undefined;
    const content = 'text' in reply ? reply.text : null;
    const finish = toolCalls ? 'tool_calls' : 'stop';
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: body.model,
          choices: [
            { index: 0, message: { role: 'assistant', content, tool_calls: toolCalls }, finish_reason: finish },
          ],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (chunk: object) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, ...chunk })}\n\n`,
      );
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    if (content) {
      // Split the text so the client sees several deltas, as from a real provider.
      for (const piece of content.match(/.{1,12}/gs) ?? []) {
        send({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
        // A slow provider: the text arrives over time (tests cancel in the middle of it).
        if ('chunkDelayMs' in reply && reply.chunkDelayMs) await new Promise((r) => setTimeout(r, reply.chunkDelayMs));
        if (res.destroyed) return;
      }
    }
    if (toolCalls) send({ choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: null }] });
    send({ choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    send({ choices: [], usage });
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    script(marker, steps) {
      const script: Script = {
        marker,
        steps: steps.map((s) => (Array.isArray(s) ? s : [s])),
        calls: [],
        requests: [],
      };
      scripts.push(script);
      return script;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
