/** Helpers of the scratchpad tests: requests as a user, a cell run to its end, server-sent events read whole. */
import { expect } from 'vitest';
import { auth, type TestUser } from './identity.ts';
import { json, type TestApp } from './test-app.ts';

export interface Sent {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON.
  body: any;
}

export function scratchpadClient(t: TestApp, who: TestUser) {
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.fetch(path, {
      method,
      headers: {
        ...auth(who.session),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  };
  const ok = async (method: string, path: string, body?: unknown, status = 200): Promise<Sent['body']> => {
    const res = await send(method, path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const cellPath = (sp: string, cell: string) => `/api/v1/scratchpads/${sp}/cells/${cell}`;
  return {
    send,
    ok,
    cellPath,
    /** Starts a run answered as JSON (202). */
    start: (sp: string, cell: string) =>
      send('POST', `${cellPath(sp, cell)}/run`, undefined, { Accept: 'application/json' }),
    /** Polls the cell until its status is terminal. */
    async settle(sp: string, cell: string, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const now = await ok('GET', cellPath(sp, cell));
        if (now.status === 'success' || now.status === 'error') return now;
        if (Date.now() > deadline) throw new Error(`cell still ${now.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export interface ParsedEvent {
  id: string;
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON.
  data: any;
}

/** A whole server-sent-events body as events. */
export function parseSse(text: string): ParsedEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .filter((l) => l.startsWith(`${name}:`))
          .map((l) => l.slice(name.length + 1).replace(/^ /, ''))
          .join('\n');
      return { id: field('id'), event: field('event'), data: JSON.parse(field('data')) };
    });
}

export { json };
