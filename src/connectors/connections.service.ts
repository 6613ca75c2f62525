/**
 * Connections: created from a spec with checked, sealed credentials; read without them; renamed or given new
 * credentials (checked again); deleted together with their place in projects' `connector_ids`.
 */
import type { Connection } from '../../generated/prisma/client.ts';
import type { ConnectionErrorCode, Connection as ConnectionOut } from '../../generated/routes.ts';
import { ApiError } from '../app/problem.ts';
import type { Deps } from '../app/types.ts';
import { newId } from '../lib/ids.ts';
import { notFoundAt } from '../projects/projects.service.ts';
import { iso, isoOrNull } from '../routes/serializers.ts';
import { type Credentials, sealCredentials, validateCredentials } from './credentials.ts';
import { type CredentialsSpec, findSpec, type Spec } from './specs.ts';

type ServiceDeps = Pick<Deps, 'prisma' | 'config' | 'resolveHost'>;

const messages: Record<ConnectionErrorCode, string> = {
  connection_refused: 'The host refused or dropped the connection.',
  timeout: 'The check did not finish in time.',
  tls_failed: 'The TLS handshake or certificate check failed.',
  auth_failed: 'The server refused the user name or password.',
  database_not_found: 'The database does not exist.',
  check_failed: 'The check failed.',
};

export function connectionOut(c: Connection): ConnectionOut {
  const code = c.errorCode as ConnectionErrorCode | null;
  return {
    id: c.id,
    workspace_id: c.workspaceId,
    spec_id: c.specId,
    name: c.name,
    status: c.status,
    error: c.status === 'error' && code ? { code, message: messages[code] } : null,
    checked_at: isoOrNull(c.checkedAt),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

/** A spec by id for a request field, or a 400 naming it. */
export function specFor(id: string, field: string): Spec {
  const spec = findSpec(id);
  if (!spec) throw ApiError.validation([{ field, code: 'unknown_spec', message: 'No such connector spec' }]);
  return spec;
}

/** Checks credentials of a `credentials` spec for real: the status and error code to store. */
async function check(deps: ServiceDeps, spec: CredentialsSpec, credentials: Credentials) {
  const result = await spec.check(deps, credentials);
  return {
    status: result.ok ? ('connected' as const) : ('error' as const),
    errorCode: result.ok ? null : result.code,
    checkedAt: new Date(),
  };
}

export interface CreateConnectionInput {
  workspaceId: string;
  specId: string;
  name: string;
  credentials?: Readonly<Credentials>;
  createdById: string;
}

export async function createConnection(deps: ServiceDeps, input: CreateConnectionInput): Promise<Connection> {
  const spec = specFor(input.specId, 'body.spec_id');
  const id = newId('conn');
  const base = {
    id,
    workspaceId: input.workspaceId,
    specId: spec.id,
    name: input.name,
    createdById: input.createdById,
  };
  if (spec.authType === 'oauth2') {
    if (!spec.client(deps.config)) throw notConfigured(spec);
    if (input.credentials && Object.keys(input.credentials).length > 0) {
      throw ApiError.validation([
        { field: 'body.credentials', code: 'invalid_type', message: `${spec.id} is authorized through OAuth` },
      ]);
    }
    return deps.prisma.connection.create({ data: { ...base, status: 'pending' } });
  }
  const credentials = validateCredentials(spec, input.credentials);
  const outcome = await check(deps, spec, credentials);
  const sealed = await sealCredentials(deps.config, id, credentials);
  return deps.prisma.connection.create({ data: { ...base, ...outcome, credentials: sealed } });
}

export function notConfigured(spec: Spec): ApiError {
  return new ApiError(409, 'CONNECTOR_NOT_CONFIGURED', {
    detail: `The ${spec.id} connector needs an OAuth client, which this server has not been given.`,
  });
}

export async function updateConnection(
  deps: ServiceDeps,
  connection: Connection,
  body: { name?: string; credentials?: Readonly<Credentials> },
): Promise<Connection> {
  const data: Partial<Connection> = body.name === undefined ? {} : { name: body.name };
  if (body.credentials !== undefined) {
    const spec = specFor(connection.specId, 'body.credentials');
    if (spec.authType === 'oauth2') {
      throw ApiError.validation([
        { field: 'body.credentials', code: 'invalid_type', message: `${spec.id} is authorized through OAuth` },
      ]);
    }
    const credentials = validateCredentials(spec, body.credentials);
    Object.assign(data, await check(deps, spec, credentials), {
      credentials: await sealCredentials(deps.config, connection.id, credentials),
    });
  }
  return deps.prisma.connection.update({ where: { id: connection.id }, data });
}

/** Deletes the connection and takes its id out of the workspace's projects, in one transaction. */
export async function deleteConnection(deps: Pick<Deps, 'prisma'>, connection: Connection): Promise<void> {
  await deps.prisma.$transaction([
    deps.prisma.$executeRaw`
      UPDATE projects SET connector_ids = array_remove(connector_ids, ${connection.id}), updated_at = now()
      WHERE workspace_id = ${connection.workspaceId} AND ${connection.id} = ANY(connector_ids)`,
    deps.prisma.connection.deleteMany({ where: { id: connection.id } }),
  ]);
}

/** Every id must name a connection of the workspace (a 404 naming the first entry that does not). */
export async function assertConnections(
  deps: Pick<Deps, 'prisma'>,
  workspaceId: string,
  ids: readonly string[],
  field: string,
): Promise<void> {
  if (ids.length === 0) return;
  const found = await deps.prisma.connection.findMany({
    where: { id: { in: [...ids] }, workspaceId },
    select: { id: true },
  });
  const known = new Set(found.map((c) => c.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw notFoundAt('connection', `${field}[${missing}]`);
}
