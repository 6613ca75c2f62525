/**
 * `webhooks create|list|get|update|delete|rotate-secret|test|deliveries`: endpoints that receive the workspace's
 * events, signed per Standard Webhooks (the events and their deliveries: webhook-events.ts).
 */
import type { Command } from 'commander';
import type { Schema } from '../../core/types.ts';
import { clientFor, workspaceClient } from '../client.ts';
import { action, collect } from '../command-action.ts';
import type { Context } from '../context.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { deliveryColumns, webhookColumns, webhookFields } from './resource-fields.ts';

interface EndpointOptions {
  url?: string;
  event?: string[];
  description?: string;
  enable?: boolean;
  disable?: boolean;
}

type Subscription = Schema<'WebhookSubscription'>;

/** The signing secret, printed the one time the server shows it: first and alone on stdout, so `| head -1` gets it. */
function printSecret(ctx: Context, endpoint: Schema<'WebhookWithSecret'>, what: string) {
  ctx.out.message(
    `${endpoint.secret}\n\n${what} ${endpoint.id} (${endpoint.url}). The line above is its signing secret: store it now, it is not shown again.`,
    endpoint,
  );
}

export function registerWebhooks(program: Command) {
  const webhooks = program.command('webhooks').description('Webhook endpoints of the workspace.');

  webhooks
    .command('create')
    .description('Create an endpoint. Its signing secret is printed this once: store it now.')
    .argument('<url>', 'where to POST the events (https)')
    .option(
      '--event <type>',
      'an event type to send (e.g. skill_run.completed, skill_run.*), repeatable; default all',
      collect,
    )
    .option('--description <text>', 'what it is for')
    .option('--disabled', 'create it disabled')
    .action(
      action(async (ctx, options: EndpointOptions & { disabled?: boolean }, url: string) => {
        const endpoint = await workspaceClient(ctx).webhooks.create({
          url,
          ...(options.event ? { events: options.event as Subscription[] } : {}),
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(options.disabled ? { enabled: false } : {}),
        });
        printSecret(ctx, endpoint, 'Webhook');
      }),
    );

  webhooks
    .command('list')
    .description('List the endpoints of the workspace (never their secrets).')
    .action(
      action(async (ctx) => {
        ctx.out.list(await workspaceClient(ctx).webhooks.list().toArray(), webhookColumns);
      }),
    );

  webhooks
    .command('get')
    .description('Show an endpoint (never its secret).')
    .argument('<webhook>', 'the webhook id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.item(await clientFor(ctx).webhooks.get(id), webhookFields);
      }),
    );

  webhooks
    .command('update')
    .description('Change an endpoint (only what is given).')
    .argument('<webhook>', 'the webhook id')
    .option('--url <url>', 'its new URL')
    .option('--event <type>', 'an event type to send, repeatable (replaces the list)', collect)
    .option('--description <text>', 'what it is for')
    .option('--enable', 'send it events again (also after it was disabled for failing)')
    .option('--disable', 'stop sending it events')
    .action(
      action(async (ctx, options: EndpointOptions, id: string) => {
        if (options.enable && options.disable)
          throw new CliError('--enable and --disable exclude each other', ExitCode.usage);
        const body = {
          ...(options.url ? { url: options.url } : {}),
          ...(options.event ? { events: options.event as Subscription[] } : {}),
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(options.enable || options.disable ? { enabled: options.enable === true } : {}),
        };
        ctx.out.item(await clientFor(ctx).webhooks.update(id, body), webhookFields);
      }),
    );

  webhooks
    .command('delete')
    .description('Delete an endpoint.')
    .argument('<webhook>', 'the webhook id')
    .action(
      action(async (ctx, _options, id: string) => {
        await clientFor(ctx).webhooks.delete(id);
        ctx.out.message(`Deleted ${id}.`, { deleted: id });
      }),
    );

  webhooks
    .command('rotate-secret')
    .description('Give an endpoint a new signing secret, printed this once; the old one signs too for a grace period.')
    .argument('<webhook>', 'the webhook id')
    .option('--grace <seconds>', 'how long the old secret keeps signing (0 to 604800)', integer('--grace'))
    .action(
      action(async (ctx, options: { grace?: number }, id: string) => {
        const body = options.grace !== undefined ? { grace_period_seconds: options.grace } : {};
        printSecret(ctx, await clientFor(ctx).webhooks.rotateSecret(id, body), 'New secret of webhook');
      }),
    );

  webhooks
    .command('test')
    .description('Send the endpoint a test event (its delivery is listed by `webhooks deliveries`).')
    .argument('<webhook>', 'the webhook id')
    .action(
      action(async (ctx, _options, id: string) => {
        const event = await clientFor(ctx).webhooks.test(id);
        ctx.out.message(`Sent test event ${event.id} to ${id}.`, event);
      }),
    );

  webhooks
    .command('deliveries')
    .description("List an endpoint's deliveries, newest first.")
    .argument('<webhook>', 'the webhook id')
    .action(
      action(async (ctx, _options, id: string) => {
        ctx.out.list(await clientFor(ctx).webhooks.deliveries(id).toArray(), deliveryColumns);
      }),
    );
}

/** An option parser for a whole number, naming the option when it is not one. */
function integer(option: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new CliError(`${option} must be a whole number of seconds`, ExitCode.usage);
    return Number(value);
  };
}
