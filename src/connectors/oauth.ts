/**
 * OAuth 2.0 authorization code flow with PKCE (RFC 6749, RFC 7636) for `oauth2` connector specs. `start` hands out an
 * authorization URL whose `state` is 256 random bits, stored only as its SHA-256 together with the user, the
 * workspace and the sealed PKCE verifier; `complete` (the provider's redirect) consumes the state in one conditional
 * update, so it works once and only before it expires, then exchanges the code at the token endpoint (client
 * authentication `client_secret_basic`, no redirects followed) and stores the tokens sealed in the connection.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from '../../generated/prisma/client.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { roleHas } from '../auth/permissions.ts';
import { newId } from '../lib/ids.ts';
import { notFoundAt } from '../projects/projects.service.ts';
import { decrypt, encrypt, secretKey } from '../webhooks/secret-box.ts';
import { notConfigured } from './connections.service.ts';
import { sealCredentials } from './credentials.ts';
import { findSpec, type OAuthClient, type OAuthSpec } from './specs.ts';

type OAuthDeps = Pick<Deps, 'prisma' | 'config'>;

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const stateId = (state: string) => sha256(state).toString('hex');

function oauthSpec(deps: OAuthDeps, specId: string): { spec: OAuthSpec; client: OAuthClient } {
  const spec = findSpec(specId);
  if (spec?.authType !== 'oauth2') throw ApiError.notFound('OAuth connector spec');
  const client = spec.client(deps.config);
  if (!client) throw notConfigured(spec);
  return { spec, client };
}

export interface StartInput {
  specId: string;
  workspaceId: string;
  userId: string;
  name?: string;
  connectionId?: string;
  redirectUri: string;
}

export async function startAuthorization(deps: OAuthDeps, input: StartInput) {
  const { spec, client } = oauthSpec(deps, input.specId);
  if (input.connectionId) {
    const found = await deps.prisma.connection.count({
      where: { id: input.connectionId, workspaceId: input.workspaceId, specId: spec.id },
    });
    if (!found) throw notFoundAt('connection', 'query.connection_id');
  }
  const state = randomBytes(32).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const id = stateId(state);
  const expiresAt = new Date(Date.now() + deps.config.CONNECTOR_OAUTH_STATE_TTL_SECONDS * 1000);
  await deps.prisma.connectorOAuthState.create({
    data: {
      id,
      workspaceId: input.workspaceId,
      userId: input.userId,
      specId: spec.id,
      name: input.name ?? spec.name,
      connectionId: input.connectionId ?? null,
      codeVerifier: encrypt(await secretKey(deps.config), verifier, `${id}:verifier`),
      redirectUri: input.redirectUri,
      expiresAt,
    },
  });
  const url = new URL(client.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: input.redirectUri,
    state,
    code_challenge: sha256(verifier).toString('base64url'),
    code_challenge_method: 'S256',
    ...(spec.scopes.length > 0 ? { scope: spec.scopes.join(' ') } : {}),
    ...spec.authorizeParams,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { authorization_url: url.toString(), expires_at: expiresAt.toISOString() };
}

export interface CallbackInput {
  specId: string;
  state: string;
  code?: string;
  error?: string;
}

const invalidState = () =>
  new ApiError(400, 'OAUTH_STATE_INVALID', {
    detail: 'The state is unknown, was used already or has expired; start the authorization again.',
  });

/** Marks the state used, if it is unused and unexpired; whoever marks it first has it. */
async function consumeState(deps: OAuthDeps, specId: string, state: string) {
  const id = stateId(state);
  const taken = await deps.prisma.connectorOAuthState.updateMany({
    where: { id, specId, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (taken.count !== 1) throw invalidState();
  return deps.prisma.connectorOAuthState.findUniqueOrThrow({ where: { id } });
}

export async function completeAuthorization(deps: OAuthDeps, input: CallbackInput): Promise<Connection> {
  const { spec, client } = oauthSpec(deps, input.specId);
  const row = await consumeState(deps, spec.id, input.state);
  const membership = await deps.prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: row.workspaceId, userId: row.userId } },
  });
  if (!membership || !roleHas(membership.role, 'CONNECTORS_WRITE')) {
    throw new ApiError(403, 'FORBIDDEN', {
      detail:
        'Missing permission CONNECTORS_WRITE: the user who started the authorization may no longer create connections in this workspace.',
    });
  }
  if (input.error !== undefined) {
    throw new ApiError(400, 'OAUTH_AUTHORIZATION_FAILED', {
      detail: `The provider answered error=${input.error.replace(/[^\x21-\x7e]/g, '?')}.`,
    });
  }
  if (!input.code) {
    throw ApiError.validation([{ field: 'query.code', code: 'invalid_type', message: 'Required without error' }]);
  }
  const verifier = decrypt(await secretKey(deps.config), row.codeVerifier, `${row.id}:verifier`);
  const tokens = await exchangeCode(deps, client, { code: input.code, verifier, redirectUri: row.redirectUri });
  const id = row.connectionId ?? newId('conn');
  const data = {
    status: 'connected' as const,
    errorCode: null,
    checkedAt: new Date(),
    credentials: await sealCredentials(deps.config, id, tokens),
  };
  if (!row.connectionId) {
    return deps.prisma.connection.create({
      data: { id, workspaceId: row.workspaceId, specId: spec.id, name: row.name, createdById: row.userId, ...data },
    });
  }
  const updated = await deps.prisma.connection.updateManyAndReturn({
    where: { id, workspaceId: row.workspaceId, specId: spec.id },
    data,
  });
  if (!updated[0]) throw ApiError.notFound('connection');
  return updated[0];
}

interface TokenSet extends Record<string, string | number | null> {
  access_token: string;
  token_type: string;
  refresh_token: string | null;
  scope: string | null;
  expires_at: string | null;
}

const exchangeFailed = (detail: string) => new ApiError(502, 'OAUTH_TOKEN_EXCHANGE_FAILED', { detail });

async function exchangeCode(
  deps: OAuthDeps,
  client: OAuthClient,
  grant: { code: string; verifier: string; redirectUri: string },
): Promise<TokenSet> {
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
  ).toString('base64');
  let res: Response;
  try {
    res = await fetch(client.tokenUrl, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.config.CONNECTOR_CHECK_TIMEOUT_SECONDS * 1000),
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.verifier,
      }),
    });
  } catch {
    throw exchangeFailed("The provider's token endpoint did not answer.");
  }
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status !== 200 || typeof body?.access_token !== 'string' || typeof body.token_type !== 'string') {
    throw exchangeFailed(`The provider's token endpoint answered ${res.status} without a token.`);
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : undefined;
  return {
    access_token: body.access_token,
    token_type: body.token_type,
    refresh_token: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    scope: typeof body.scope === 'string' ? body.scope : null,
    expires_at: expiresIn === undefined ? null : new Date(Date.now() + expiresIn * 1000).toISOString(),
  };
}
