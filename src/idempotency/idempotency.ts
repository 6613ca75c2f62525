/**
 * `Idempotency-Key` on creating POSTs (operations that declare the header in the document). The first request with
 * a key claims it with an atomic insert; concurrent duplicates wait for the first to finish and replay its stored
 * response, so N parallel retries create one object. A key reused with a different body is a 409. Responses are
 * kept for 24 hours; 5xx responses are not kept, so a retry after a server error runs again, and a claim left
 * unfinished for a minute (its process died) can be taken over. One exception: a 503 from a handler that had
 * already written its object (`rememberCreated`: a run inserted, then Temporal did not answer) keeps the answer the
 * handler would have given, because the object exists and the reconciler finishes it; running the retry again
 * would create a second one, and replaying the 503 would hide the first.
 *
 * Secrets are shown once: fields the document marks `x-secret` (an API key, a session token) are left out of the
 * stored response, and a replay of such a response is 409 IDEMPOTENCY_SECRET_NOT_REPLAYABLE naming what the first
 * request created, so neither the database nor a second caller with the same key ever sees the secret again.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Operation } from '../app/operations.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv } from '../app/types.ts';
import type { Config } from '../config.ts';
import { secretKey } from '../webhooks/secret-box.ts';

const TTL_MS = 24 * 60 * 60 * 1000;
const WAIT_FOR_FIRST_MS = 15_000;

export function idempotency(operation: Operation) {
  if (!operation.idempotent) return undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (key.length < 1 || key.length > 255) {
      throw ApiError.validation([
        { field: 'header.idempotency-key', message: 'Must be 1 to 255 characters', code: 'too_big' },
      ]);
    }
    const { prisma } = c.get('deps');
    const scope = `${c.get('principal')?.userId ?? 'public'}:${operation.operationId}`;
    const body = await c.req.text();
    const fingerprinted = `${c.req.method} ${c.req.path}\n${body}`;
    const requestHash = await fingerprint(c.get('deps').config, fingerprinted);
    const expiresAt = new Date(Date.now() + TTL_MS);

    const claimed = await prisma.$executeRaw`
      INSERT INTO idempotency_keys (scope, key, request_hash, expires_at, created_at)
      VALUES (${scope}, ${key}, ${requestHash}, ${expiresAt}, now())
      ON CONFLICT (scope, key) DO UPDATE SET
        request_hash = EXCLUDED.request_hash, status = NULL, content_type = NULL, response_body = NULL,
        expires_at = EXCLUDED.expires_at, created_at = now()
      WHERE idempotency_keys.expires_at < now()
         OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at < now() - interval '60 seconds')`;

    if (claimed === 1) {
      await next();
      const res = c.res;
      const created = c.get('createdOutcome');
      if (res.status === 503 && created) {
        const stored = withoutSecrets(JSON.stringify(created.body), operation);
        await prisma.idempotencyKey.update({
          where: { scope_key: { scope, key } },
          data: {
            status: created.status,
            contentType: 'application/json',
            responseBody: stored.body,
            redactedFields: stored.redacted,
          },
        });
        return;
      }
      if (res.status >= 500) {
        await prisma.idempotencyKey.delete({ where: { scope_key: { scope, key } } });
        return;
      }
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        // A stream cannot be stored (reading it would hold it back from the client): a retry gets the object the
        // handler created, as JSON, and can replay its stream by id.
        if (!created) {
          await prisma.idempotencyKey.delete({ where: { scope_key: { scope, key } } });
          return;
        }
        await prisma.idempotencyKey.update({
          where: { scope_key: { scope, key } },
          data: { status: created.status, contentType: 'application/json', responseBody: JSON.stringify(created.body) },
        });
        return;
      }
      const stored =
        res.status === 204 ? { body: null, redacted: [] } : withoutSecrets(await res.clone().text(), operation);
      await prisma.idempotencyKey.update({
        where: { scope_key: { scope, key } },
        data: {
          status: res.status,
          contentType: res.headers.get('content-type'),
          responseBody: stored.body,
          redactedFields: stored.redacted,
        },
      });
      return;
    }

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    while (Date.now() < deadline) {
      const row = await prisma.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
      if (!row) break;
      if (row.requestHash !== requestHash && row.requestHash !== legacyFingerprint(fingerprinted)) {
        throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', {
          detail: 'This Idempotency-Key was used with a different request; use a new key for a new request.',
        });
      }
      if (row.status !== null) {
        if (row.redactedFields.length > 0) throw secretNotReplayable(row.responseBody, row.redactedFields);
        c.header('Idempotent-Replayed', 'true');
        if (row.contentType) c.header('Content-Type', row.contentType);
        if (row.status === 204) return c.body(null, 204);
        return c.body(row.responseBody ?? '', row.status as ContentfulStatusCode);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_PROGRESS', {
      detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
    });
  });
}

/**
 * A keyed fingerprint of the request: bodies can hold secrets (a connection's password, a webhook URL's token), and a
 * plain SHA-256 of them at rest could be guessed offline from a database dump; an HMAC under the server's secret key
 * cannot.
 */
async function fingerprint(config: Config, request: string): Promise<string> {
  const key = await secretKey(config);
  let hmacKey = hmacKeys.get(key);
  if (!hmacKey) {
    hmacKey = Buffer.from(hkdfSync('sha256', key, 'skillplane', 'idempotency fingerprints v1', 32));
    hmacKeys.set(key, hmacKey);
  }
  return `h1:${createHmac('sha256', hmacKey).update(request).digest('hex')}`;
}
const hmacKeys = new WeakMap<Buffer, Buffer>();

/** Keys claimed before fingerprints were keyed (kept at most 24 hours) still match a retry of the same request. */
const legacyFingerprint = (request: string) => createHash('sha256').update(request).digest('hex');

/** The response body to store: JSON with the operation's secret fields removed (and which ones were present). */
function withoutSecrets(text: string, operation: Operation): { body: string; redacted: string[] } {
  if (operation.secretFields.length === 0) return { body: text, redacted: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (an error rendered as something else): a secret cannot be told apart, so nothing of it is kept.
    return { body: '', redacted: [...operation.secretFields] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { body: text, redacted: [] };
  const body = { ...(parsed as Record<string, unknown>) };
  const redacted = operation.secretFields.filter((f) => f in body);
  for (const field of redacted) delete body[field];
  return { body: JSON.stringify(body), redacted };
}

function secretNotReplayable(storedBody: string | null, fields: string[]): ApiError {
  let id: unknown;
  try {
    id = (JSON.parse(storedBody ?? '') as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  const created = typeof id === 'string' ? `created ${id}; ` : '';
  return new ApiError(409, 'IDEMPOTENCY_SECRET_NOT_REPLAYABLE', {
    detail:
      `The first request with this Idempotency-Key ${created}its response held a secret (${fields.join(', ')}) ` +
      'that is shown only once. If that response was lost, revoke what it created and send a new request with a ' +
      'new Idempotency-Key.',
  });
}

/**
 * Records what a creating handler answers once the object it has just written is complete, before it calls a
 * dependency that may not answer; see the module comment.
 */
export function rememberCreated(c: Context<AppEnv>, status: 200 | 201 | 202, body: unknown): void {
  c.set('createdOutcome', { status, body });
}
