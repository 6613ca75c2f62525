/**
 * The sign-in rate limit counts per client address. `X-Forwarded-For` names that address only when the request comes
 * from a configured trusted proxy; from anyone else it is ignored, so a client cannot pick a fresh bucket per request.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../src/config.ts';
import { clientAddress } from '../src/lib/client-address.ts';
import { jsonBody } from './support/identity.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

const LIMIT = 3;
const limits = { RATE_LIMIT_AUTH_PER_MINUTE: String(LIMIT), SIGN_IN_MAX_FAILURES: '1000' };

/** A failed sign-in (unknown e-mail, so no account lock interferes) with the given X-Forwarded-For. */
async function signIn(t: TestApp, forwardedFor?: string): Promise<number> {
  const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor };
  const res = await t.fetch('/api/v1/auth/sessions', jsonBody({ email, password: 'wrong password' }, headers));
  await res.body?.cancel();
  return res.status;
}

describe('without trusted proxies (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(limits, { worker: false });
  });
  afterAll(() => t?.close());

  it('ignores a spoofed X-Forwarded-For: every request counts against the socket address', async () => {
    const statuses = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push(await signIn(t, `198.51.100.${i + 1}`));
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The test client connects from 127.0.0.1: it plays the proxy. 10.0.0.0/8 are further (internal) proxies.
    t = await createTestApp({ ...limits, TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' }, { worker: false });
  });
  afterAll(() => t?.close());

  it('counts per forwarded client address', async () => {
    for (let i = 0; i < LIMIT; i++) expect(await signIn(t, '203.0.113.7')).toBe(401);
    expect(await signIn(t, '203.0.113.7')).toBe(429);
    // Another client behind the same proxy has its own bucket.
    expect(await signIn(t, '203.0.113.8')).toBe(401);
  });

  it('takes the first untrusted address from the right, so a client cannot prepend its way out', async () => {
    for (let i = 0; i < LIMIT; i++) expect(await signIn(t, `192.0.2.${i}, 203.0.113.20`)).toBe(401);
    expect(await signIn(t, '192.0.2.99, 203.0.113.20')).toBe(429);
    // Through an internal proxy (trusted), the client is the address that proxy saw.
    expect(await signIn(t, '203.0.113.20, 10.1.2.3')).toBe(429);
    expect(await signIn(t, '203.0.113.21, 10.1.2.3')).toBe(401);
  });

  it('survives hostile headers without a 500, falling back to the last trustworthy address', async () => {
    const hostile = ['', ',,,', 'not-an-ip', '999.1.1.1', 'x'.repeat(4000), '1.2.3.4, ::ffff:zz', '[::1', '%00'];
    for (const value of hostile) expect([401, 429]).toContain(await signIn(t, value));
    expect(await signIn(t, ', , 203.0.113.30')).toBe(401);
  });
});

it('refuses a TRUSTED_PROXIES entry that is not an address or CIDR', () => {
  for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.1/8/8', '::1/129', '10.0.0.0/x', '*']) {
    expect(() => buildConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES|not an IP/);
  }
  expect(buildConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8 ,::1,' }).TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '::1']);
});

describe('clientAddress', () => {
  const trusted = ['127.0.0.1', '10.0.0.0/8', '2001:db8::/32'];
  it.each([
    ['198.51.100.1', '1.1.1.1', trusted, '198.51.100.1'],
    ['127.0.0.1', undefined, trusted, '127.0.0.1'],
    ['127.0.0.1', '1.1.1.1', [], '127.0.0.1'],
    ['::ffff:127.0.0.1', '203.0.113.5', trusted, '203.0.113.5'],
    ['127.0.0.1', '203.0.113.5, 10.0.0.1, 10.0.0.2', trusted, '203.0.113.5'],
    ['127.0.0.1', 'evil, 203.0.113.5', trusted, '203.0.113.5'],
    ['127.0.0.1', '10.0.0.1, 10.0.0.2', trusted, '10.0.0.1'],
    ['127.0.0.1', 'garbage', trusted, '127.0.0.1'],
    ['127.0.0.1', '[2001:db8::1]:443, 203.0.113.6:1234', trusted, '203.0.113.6'],
    ['2001:db8::7', '2001:DB8::8, 2001:db9::1', trusted, '2001:db9::1'],
    [undefined, '203.0.113.5', trusted, 'unknown'],
  ] as const)('peer %s, X-Forwarded-For %s → %s', (peer, xff, list, expected) => {
    expect(clientAddress(peer, xff, list)).toBe(expected);
  });
});
