/**
 * A local HTTP server speaking OAuth 2.0 as a provider does (RFC 6749 authorization code grant with RFC 7636 PKCE):
 * `GET /authorize` checks the client and the request and redirects the browser back with a code (or with
 * `error=access_denied` when told to deny), `POST /token` authenticates the client (HTTP Basic), and exchanges a code
 * once, only for the redirect URI it was issued for and only with the verifier matching its S256 challenge.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthProvider {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The next authorization is denied by the "user". */
  denyNext(): void;
  /** Every authorization request's query, and every token request's form and status, in order. */
  authorizations: URLSearchParams[];
  tokenRequests: Array<{ form: URLSearchParams; status: number }>;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  used: boolean;
}

export async function startOAuthProvider(): Promise<OAuthProvider> {
  const clientId = `client-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(16).toString('hex');
  const grants = new Map<string, Grant>();
  const authorizations: URLSearchParams[] = [];
  const tokenRequests: OAuthProvider['tokenRequests'] = [];
  let deny = false;

  const authorize = (q: URLSearchParams, res: http.ServerResponse) => {
    authorizations.push(q);
    const redirectUri = q.get('redirect_uri') ?? '';
    const ok =
      q.get('response_type') === 'code' &&
      q.get('client_id') === clientId &&
      q.get('code_challenge_method') === 'S256' &&
      /^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') &&
      q.get('state') &&
      redirectUri.startsWith('http');
    if (!ok) return json(res, 400, { error: 'invalid_request' });
    const back = new URL(redirectUri);
    back.searchParams.set('state', q.get('state')!);
    if (deny) {
      deny = false;
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = randomBytes(16).toString('base64url');
      grants.set(code, { clientId, redirectUri, challenge: q.get('code_challenge')!, used: false });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  };

  const token = (form: URLSearchParams, authorization: string | undefined, res: http.ServerResponse) => {
    const answer = (status: number, body: object) => {
      tokenRequests.push({ form, status });
      json(res, status, body);
    };
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (authorization !== expected) return answer(401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return answer(400, { error: 'unsupported_grant_type' });
    const grant = grants.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (!grant || grant.used || grant.redirectUri !== form.get('redirect_uri') || grant.challenge !== challenge) {
      return answer(400, { error: 'invalid_grant' });
    }
    grant.used = true;
    answer(200, {
      access_token: `at-${randomBytes(16).toString('hex')}`,
      token_type: 'bearer',
      refresh_token: `rt-${randomBytes(16).toString('hex')}`,
      expires_in: 3600,
      scope: 'read',
    });
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://provider');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url.searchParams, res);
    if (req.method === 'POST' && url.pathname === '/token') {
      return token(new URLSearchParams(raw), req.headers.authorization, res);
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    denyNext: () => {
      deny = true;
    },
    authorizations,
    tokenRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(res: http.ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
