/**
 * The authentication guard, attached by `mount` to every operation whose document entry has security. It resolves
 * the credential (Bearer or X-API-Key), refuses API keys where the document says `x-auth: session`, checks
 * instance-admin operations and the key's scopes, and sets `c.var.principal`. Workspace membership and role
 * permissions are checked by `authorizeWorkspace` once the handler knows which workspace the target lives in.
 */
import { createMiddleware } from 'hono/factory';
import type { Scope } from '../../generated/routes.ts';
import type { Operation } from '../app/operations.ts';
import { ApiError } from '../app/problem.ts';
import type { AppEnv, Deps } from '../app/types.ts';
import { cachedIfCurrent, TtlCache } from '../lib/ttl-cache.ts';
import { changesDelivered } from './changes-delivered.ts';
import { isPermission, scopeFor } from './permissions.ts';
import type { Principal } from './principal.ts';
import { API_KEY_PREFIX, hashSecret, SESSION_PREFIX, sameHash } from './tokens.ts';

const LAST_USED_GRANULARITY_MS = 60_000;

function credentialFrom(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? authorization.trim();
  }
  return apiKeyHeader?.trim() || undefined;
}

const unauthorized = (code: 'AUTH_UNAUTHORIZED' | 'API_KEY_INVALID' | 'SESSION_INVALID', detail: string) =>
  new ApiError(401, code, { detail, headers: { 'WWW-Authenticate': 'Bearer' } });

/** Skips most `last_used_at` writes: a key used many times a minute is written at most once a minute per process. */
const lastUsedWritten = new Map<string, number>();

/**
 * Resolved credentials, for a few seconds, so a busy key costs no database read per request. Revoking a key, signing
 * out or changing memberships clears it in every API process through the change's notification, and an entry is used
 * only once every change committed before the request has arrived (src/auth/cache-invalidation.ts). An entry never
 * outlives its credential's own expiry.
 */
const credentials = new TtlCache<Principal>(5000);
export function forgetCredentials(): void {
  credentials.clear();
}

async function fromApiKey(deps: Deps, secret: string, delivered: () => Promise<boolean>): Promise<Principal> {
  const hash = hashSecret(secret);
  const cached = await cachedIfCurrent(credentials, hash, delivered);
  if (cached) return cached;
  const readAt = credentials.generation;
  const key = await deps.prisma.apiKey.findUnique({ where: { keyHash: hash }, include: { user: true } });
  const now = new Date();
  if (!key || !sameHash(key.keyHash, hash) || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) {
    throw unauthorized('API_KEY_INVALID', 'The API key is unknown, revoked or expired.');
  }
  const last = Math.max(key.lastUsedAt?.getTime() ?? 0, lastUsedWritten.get(key.id) ?? 0);
  if (now.getTime() - last >= LAST_USED_GRANULARITY_MS) {
    lastUsedWritten.set(key.id, now.getTime());
    await deps.prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  const principal: Principal = {
    kind: 'api_key',
    userId: key.userId,
    isAdmin: key.user.isAdmin,
    credentialId: key.id,
    workspaceId: key.workspaceId,
    scopes: key.scopes as Scope[],
  };
  credentials.set(hash, principal, key.expiresAt?.getTime(), readAt);
  return principal;
}

async function fromSession(deps: Deps, secret: string, delivered: () => Promise<boolean>): Promise<Principal> {
  const hash = hashSecret(secret);
  const cached = await cachedIfCurrent(credentials, hash, delivered);
  if (cached) return cached;
  const readAt = credentials.generation;
  const session = await deps.prisma.session.findUnique({ where: { tokenHash: hash }, include: { user: true } });
  if (!session || !sameHash(session.tokenHash, hash) || session.revokedAt || session.expiresAt <= new Date()) {
    throw unauthorized('SESSION_INVALID', 'The session token is unknown, revoked or expired; sign in again.');
  }
  const principal: Principal = {
    kind: 'session',
    userId: session.userId,
    isAdmin: session.user.isAdmin,
    credentialId: session.id,
    workspaceId: null,
    scopes: [],
  };
  credentials.set(hash, principal, session.expiresAt.getTime(), readAt);
  return principal;
}

export function authenticate(operation: Operation) {
  if (operation.auth === 'none') return undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const secret = credentialFrom(c.req.header('authorization'), c.req.header('x-api-key'));
    if (!secret) throw unauthorized('AUTH_UNAUTHORIZED', 'Send an API key as `Authorization: Bearer <key>`.');
    const deps = c.get('deps');
    const delivered = () => changesDelivered(c);
    let principal: Principal;
    if (secret.startsWith(SESSION_PREFIX)) principal = await fromSession(deps, secret, delivered);
    else if (secret.startsWith(API_KEY_PREFIX)) principal = await fromApiKey(deps, secret, delivered);
    else throw unauthorized('API_KEY_INVALID', 'The credential is not a Skillplane API key or session token.');

    if (operation.auth === 'session' && principal.kind !== 'session') {
      throw new ApiError(403, 'SESSION_REQUIRED', {
        detail: `${operation.operationId} needs a session token (sign in with POST /api/v1/auth/sessions); API keys cannot call it.`,
      });
    }
    if (operation.permission === 'INSTANCE_ADMIN' && !principal.isAdmin) {
      throw new ApiError(403, 'FORBIDDEN', {
        detail: 'Missing permission INSTANCE_ADMIN (instance administrators only).',
      });
    }
    if (principal.scopes.length > 0 && operation.permission && isPermission(operation.permission)) {
      const scope = scopeFor(operation.permission);
      if (!principal.scopes.includes(scope)) {
        throw new ApiError(403, 'FORBIDDEN', {
          detail: `Missing permission ${operation.permission}: the API key lacks scope ${scope}.`,
        });
      }
    }
    c.set('principal', principal);
    await next();
  });
}
