/**
 * The real check of a PostgreSQL connection: resolve the host under the SSRF policy, connect to the very address that
 * was checked (no second DNS lookup an attacker could rebind), authenticate and run `select 1`, all within
 * `CONNECTOR_CHECK_TIMEOUT_SECONDS`. The remote system's own error text is not passed on, only a code: a check
 * must not become a way to read banners or error messages of hosts the caller could not otherwise reach.
 */
import { isIP } from 'node:net';
import pg from 'pg';
import type { ConnectionErrorCode, FieldError } from '../../generated/routes.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { isPublicAddress, type ResolvedAddress, systemResolver } from '../webhooks/destination.ts';
import type { Credentials } from './credentials.ts';

export type CheckResult = { ok: true } | { ok: false; code: ConnectionErrorCode };

export type CheckDeps = Pick<Deps, 'config' | 'resolveHost'>;

const refused = (field: string, message: string) => {
  const error: FieldError = { field, code: 'host_refused', message };
  return new ApiError(400, 'CONNECTOR_HOST_REFUSED', { detail: message, errors: [error] });
};

/**
 * The address a check may connect to: every address the host resolves to must be public, unless the operator allows
 * the host or the address (`CONNECTOR_ALLOWED_HOSTS`). Otherwise a 400 `CONNECTOR_HOST_REFUSED` on `field`.
 */
export async function allowedAddress(deps: CheckDeps, host: string, field: string): Promise<ResolvedAddress> {
  const name = host.toLowerCase();
  const allowed = deps.config.CONNECTOR_ALLOWED_HOSTS;
  const literal = isIP(name);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: name, family: literal === 6 ? 6 : 4 }];
  else {
    addresses = await (deps.resolveHost ?? systemResolver)(name).catch(() => []);
    if (addresses.length === 0) throw refused(field, `The host ${name} does not resolve`);
  }
  const hostAllowed = allowed.includes(name);
  if (!hostAllowed && addresses.some((a) => !isPublicAddress(a.address) && !allowed.includes(a.address))) {
    throw refused(
      field,
      `The host ${name} resolves to a loopback, private, link-local or otherwise non-public address`,
    );
  }
  return addresses[0]!;
}

/** The stable code for a failed check, from Node's and PostgreSQL's error codes. */
function failureCode(err: unknown): ConnectionErrorCode {
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'connection_refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case '28P01':
    case '28000':
      return 'auth_failed';
    case '3D000':
      return 'database_not_found';
  }
  if (e.code?.startsWith('ERR_TLS') || e.code?.includes('CERT') || /SSL|TLS|certificate/i.test(e.message ?? '')) {
    return 'tls_failed';
  }
  if (/timeout|timed out/i.test(e.message ?? '')) return 'timeout';
  return 'check_failed';
}

function tlsOptions(mode: string, host: string): pg.ClientConfig['ssl'] {
  if (mode === 'disable') return false;
  // SNI and certificate checks use the host name the user gave, although the socket goes to the checked address.
  const servername = isIP(host) ? undefined : host;
  return mode === 'require' ? { rejectUnauthorized: false, servername } : { rejectUnauthorized: true, servername };
}

/** A client for the connection's database that connects to the checked address; 400 on `field` if refused. */
export async function postgresClient(
  deps: CheckDeps,
  credentials: Credentials,
  field: string,
  purpose: string,
): Promise<pg.Client> {
  const host = String(credentials.host);
  const address = await allowedAddress(deps, host, field);
  const timeoutMs = deps.config.CONNECTOR_CHECK_TIMEOUT_SECONDS * 1000;
  const client = new pg.Client({
    host: address.address,
    port: Number(credentials.port),
    database: String(credentials.database),
    user: String(credentials.user),
    password: String(credentials.password),
    ssl: tlsOptions(String(credentials.ssl_mode), host),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs * 3,
    application_name: `skillplane-${purpose}`,
  });
  client.on('error', () => {});
  return client;
}

export async function checkPostgres(deps: CheckDeps, credentials: Credentials): Promise<CheckResult> {
  const client = await postgresClient(deps, credentials, 'body.credentials.host', 'connection-check');
  const timeoutMs = deps.config.CONNECTOR_CHECK_TIMEOUT_SECONDS * 1000;
  // A server that accepts the connection and then says nothing would hold the check past the connect timeout.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('check timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.query('select 1');
      })(),
      deadline,
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, code: failureCode(err) };
  } finally {
    clearTimeout(timer);
    await client.end().catch(() => {});
  }
}
