/**
 * A local HTTP server speaking Anthropic's Messages API (streaming), with one scripted reply per model step: text, or
 * a tool use. Enough to drive a run through the `anthropic:` provider end to end.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type AnthropicReply = { text: string } | { toolUse: { name: string; input: Record<string, unknown> } };

export async function startFakeAnthropic(steps: AnthropicReply[]) {
  const requests: Array<{ path: string; apiKey: string | undefined; body: Record<string, unknown> }> = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as { messages: Array<{ role: string }>; model: string };
    requests.push({ path: req.url ?? '', apiKey: req.headers['x-api-key'] as string | undefined, body });
    const step = body.messages.filter((m) => m.role === 'assistant').length;
    const reply = steps[step] ?? { text: 'Done.' };
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (event: string, data: object) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
    send('message_start', {
      message: {
        id: `msg_${step}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 50, output_tokens: 1 },
      },
    });
    if ('text' in reply) {
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: reply.text } });
    } else {
      send('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: `toolu_${step}`, name: reply.toolUse.name, input: {} },
      });
      send('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(reply.toolUse.input) },
      });
    }
    send('content_block_stop', { index: 0 });
    send('message_delta', {
      delta: { stop_reason: 'text' in reply ? 'end_turn' : 'tool_use' },
      usage: { output_tokens: 10 },
    });
    send('message_stop', {});
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
