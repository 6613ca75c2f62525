/**
 * A headless Chromium driven over the DevTools protocol with Node's own WebSocket (no browser-automation package):
 * enough to open a page and evaluate expressions in it. `findChromium` is undefined where none is installed
 * (`apt-get install chromium`), and the tests that need one are skipped with a warning.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function findChromium(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
}

export interface BrowserPage {
  goto(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export async function openBrowser(bin: string): Promise<BrowserPage> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'skillplane-chromium-'));
  const child = spawn(
    bin,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/[^\s]+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${seen}`)));
  });
  const { host } = new URL(endpoint);
  const pages = (await (await fetch(`http://${host}/json/list`)).json()) as Array<{
    type: string;
    webSocketDebuggerUrl: string;
  }>;
  const ws = new WebSocket(pages.find((p) => p.type === 'page')!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 0;
  const waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  const events: Array<(message: { method: string }) => void> = [];
  ws.onmessage = (e) => {
    const message = JSON.parse(String(e.data));
    if (message.id !== undefined) waiting.get(message.id)?.(message);
    else for (const listener of events) listener(message);
  };
  const send = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, (message) =>
        message.error
          ? reject(new Error(JSON.stringify(message.error)))
          : resolve(message.result as Record<string, unknown>),
      );
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('Page.enable');
  return {
    async goto(url) {
      const loaded = new Promise<void>((resolve) =>
        events.push((m) => m.method === 'Page.loadEventFired' && resolve()),
      );
      await send('Page.navigate', { url });
      await loaded;
    },
    async evaluate<T>(expression: string) {
      const result = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      return (result.result as { value: T }).value;
    },
    async close() {
      ws.close();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      // Its helper processes may still be writing the profile for a moment after it exits.
      await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
