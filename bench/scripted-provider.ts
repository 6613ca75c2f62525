/**
 * A scripted OpenAI-compatible Chat Completions provider for bench/responses.bench.ts, run as its own process. The
 * last user message is the script: `bench <id> <tokens> <delay ms> <interval ms>` streams `tokens` text deltas
 * (`w0 `, `w1 `, …), the first `delay` ms after the request arrived, then one every `interval` ms (0: as fast as
 * the socket takes them). Each delta's send time (performance.timeOrigin + performance.now(), a clock every process
 * on the host shares) is recorded just before its write; `GET /sent/<id>` answers them as a JSON array.
 * Prints `{"url": …}` on stdout once listening.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const now = () => performance.timeOrigin + performance.now();
const sent = new Map<string, number[]>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url?.startsWith('/sent/')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(sent.get(decodeURIComponent(req.url.slice('/sent/'.length))) ?? []));
    return;
  }
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const body = JSON.parse(raw || '{}') as { model?: string; messages?: Array<{ role: string; content: unknown }> };
  const users = (body.messages ?? []).filter((m) => m.role === 'user');
  const last = JSON.stringify(users.at(-1)?.content ?? '');
  const script = /bench (\S+) (\d+) (\d+) (\d+)/.exec(last);
  if (!script) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'no bench script in the last user message' } }));
    return;
  }
  const [, id, tokens, delayMs, intervalMs] = script as unknown as [string, string, string, string, string];
  const times: number[] = [];
  sent.set(id, times);
  const head = `{"id":"chatcmpl-${id}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(body.model ?? 'bench')},`;
  const frame = (rest: string) => `data: ${head}${rest}}\n\n`;
  const write = async (data: string) => {
    if (!res.write(data)) await new Promise((r) => res.once('drain', r));
  };
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await write(frame('"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]'));
  await sleep(Number(delayMs));
  for (let i = 0; i < Number(tokens); i++) {
    if (i > 0 && Number(intervalMs) > 0) await sleep(Number(intervalMs));
    const data = frame(`"choices":[{"index":0,"delta":{"content":"w${i} "},"finish_reason":null}]`);
    times.push(now());
    await write(data);
    if (res.destroyed) return;
  }
  await write(frame('"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]'));
  const usage = `{"prompt_tokens":10,"completion_tokens":${tokens},"total_tokens":${Number(tokens) + 10}}`;
  await write(frame(`"choices":[],"usage":${usage}`));
  res.end('data: [DONE]\n\n');
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
