/**
 * `connectors specs|authorize` and `connections create|list|get|delete`: what the workspace's agents can connect to.
 * Secret credential fields (a database password) are never taken as arguments: they are asked for without echo, or
 * read from stdin, one line per field.
 */
import type { Command } from 'commander';
import type { ConnectorSpec, Schema } from '../../index.ts';
import { clientFor, workspaceClient } from '../client.ts';
import { action, collect } from '../command-action.ts';
import type { Context } from '../context.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { ask, readStdin } from '../prompt.ts';
import { connectionColumns, connectionFields, specColumns } from './fields.ts';

type Credentials = Record<string, string | number | boolean>;

export function registerConnectors(program: Command) {
  const connectors = program.command('connectors').description('The kinds of connection there are, and OAuth.');

  connectors
    .command('specs')
    .description('List the connector specs and the credential fields each needs (* = secret).')
    .action(
      action(async (ctx) => {
        const specs = await clientFor(ctx).connectors.specs();
        ctx.out.list(specs.data, specColumns, specs);
      }),
    );

  connectors
    .command('authorize')
    .description('Print the URL to open in a browser to connect an OAuth spec (e.g. notion) to the workspace.')
    .argument('<spec>', 'the spec id')
    .option('--name <name>', "the new connection's name (default: the spec's)")
    .option('--connection <id>', 'authorize this connection (pending, or to authorize again) instead')
    .action(
      action(async (ctx, options: { name?: string; connection?: string }, spec: string) => {
        const client = options.connection ? clientFor(ctx) : workspaceClient(ctx);
        const start = await client.connectors.startOAuth(spec, {
          ...(options.name ? { name: options.name } : {}),
          ...(options.connection ? { connection_id: options.connection } : {}),
        });
        ctx.out.message(`Open this URL to authorize (until ${start.expires_at}):\n${start.authorization_url}`, start);
      }),
    );

  const connections = program.command('connections').description('Create, list and delete connections.');

  connections
    .command('create')
    .description(
      'Create a connection of a spec, its credentials checked for real (exit 1 if the check fails: the connection ' +
        'is kept, in status error). Secret fields are asked for, or read from stdin one line each.',
    )
    .argument('<spec>', 'the spec id, e.g. postgres')
    .argument('<name>', 'its name')
    .option('--set <key=value>', 'a credential field that is not secret, repeatable', collect)
    .action(action(create));

  connections
    .command('list')
    .description('List the connections of the workspace.')
    .option('--spec <spec>', 'only connections of this spec')
    .option('-s, --status <status>', 'only connections in this status (connected, error, pending)')
    .action(
      action(async (ctx, options: { spec?: string; status?: string }) => {
        const rows = await workspaceClient(ctx)
          .connections.list({
            ...(options.spec ? { spec_id: options.spec } : {}),
            ...(options.status ? { status: options.status as Schema<'ConnectionStatus'> } : {}),
          })
          .toArray();
        ctx.out.list(rows, connectionColumns);
      }),
    );

  connections
    .command('get')
    .description('Show a connection (never its credentials).')
    .argument('<connection>', 'the connection id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).connections.get(id), connectionFields);
      }),
    );

  connections
    .command('delete')
    .description('Delete a connection with its credentials (projects using it lose it).')
    .argument('<connection>', 'the connection id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).connections.delete(id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );
}

async function create(ctx: Context, options: { set?: string[] }, specId: string, name: string) {
  const client = workspaceClient(ctx);
  const spec = (await client.connectors.specs()).data.find((s) => s.id === specId);
  if (!spec) throw new CliError(`no connector spec "${specId}" (see: skillplane connectors specs)`, ExitCode.notFound);
  const credentials = given(spec, options.set ?? []);
  const secrets = spec.fields.filter((f) => f.secret && f.required && !(f.key in credentials));
  // At a terminal each secret is asked for; a script pipes them in, one line each, in the spec's order.
  const piped = secrets.length && !process.stdin.isTTY ? (await readStdin()).split(/\r?\n/) : [];
  for (const [i, field] of secrets.entries()) {
    const value = process.stdin.isTTY ? await ask(`${field.label}: `, { secret: true }) : piped[i];
    if (!value)
      throw new CliError(`no ${field.key} given (type it at the prompt, or pipe it on stdin)`, ExitCode.usage);
    credentials[field.key] = value;
  }
  const connection = await client.connections.create({
    spec_id: specId,
    name,
    ...(spec.auth_type === 'credentials' ? { credentials } : {}),
  });
  ctx.out.item(connection, connectionFields);
  if (connection.status === 'error') {
    ctx.err(`✗ connection ${connection.id} failed its check: ${connection.error?.code}: ${connection.error?.message}`);
    process.exitCode = ExitCode.runUnsuccessful;
  } else if (connection.status === 'pending') {
    ctx.err(
      `connection ${connection.id} is pending: skillplane connectors authorize ${specId} --connection ${connection.id}`,
    );
  }
}

/** `--set key=value` as the spec's field types; a secret as an argument is refused (it would stay in shell history). */
function given(spec: ConnectorSpec, pairs: string[]): Credentials {
  const credentials: Credentials = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new CliError(`--set takes key=value, not "${pair}"`, ExitCode.usage);
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const field = spec.fields.find((f) => f.key === key);
    if (field?.secret)
      throw new CliError(`${key} is secret: type it at the prompt or pipe it on stdin`, ExitCode.usage);
    if (field?.type === 'integer') {
      if (!/^-?\d+$/.test(value)) throw new CliError(`${key} takes a whole number`, ExitCode.usage);
      credentials[key] = Number(value);
    } else if (field?.type === 'boolean') {
      if (value !== 'true' && value !== 'false') throw new CliError(`${key} takes true or false`, ExitCode.usage);
      credentials[key] = value === 'true';
    } else credentials[key] = value;
  }
  return credentials;
}
