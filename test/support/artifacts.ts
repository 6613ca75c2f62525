/** Helpers for artifact tests: publish forms, and requests with a raw (unnormalised) target. */
import http from 'node:http';
import type { TestApp } from './test-app.ts';

export type Part = { name: string; content: string | Uint8Array; type?: string };

/** A publish form: `fields` first unless `fieldsLast`. */
export function artifactForm(fields: Record<string, string>, files: Part[], fieldsLast = false): FormData {
  const form = new FormData();
  const addFields = () => {
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
  };
  if (!fieldsLast) addFields();
  for (const f of files) {
    const bytes = typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content;
    form.append('file', new Blob([new Uint8Array(bytes)], f.type ? { type: f.type } : {}), f.name);
  }
  if (fieldsLast) addFields();
  return form;
}

/**
 * A GET whose request target is sent exactly as given: `fetch` (WHATWG URL) would resolve `..` and `%2e%2e` segments
 * before sending, and a hostile client does not.
 */
export function rawGet(
  t: TestApp,
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: target, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
