/** `events list|get` and `deliveries get|redeliver`: the workspace's event log and its deliveries to webhooks. */
import type { Command } from 'commander';
import { clientFor, workspaceClient } from '../client.ts';
import { action } from '../command-action.ts';
import { deliveryColumns, eventColumns, eventFields } from './resource-fields.ts';

export function registerEventsAndDeliveries(program: Command) {
  const events = program.command('events').description('The event log of the workspace (what webhooks are sent).');
  events
    .command('list')
    .description('List the events of the workspace, newest first.')
    .action(
      action(async (ctx) => {
        ctx.out.list(await workspaceClient(ctx).webhookEvents.list().toArray(), eventColumns);
      }),
    );
  events
    .command('get')
    .description('Show an event with its data, and its deliveries.')
    .argument('<event>', 'the event id')
    .action(
      action(async (ctx, _options, id: string) => {
        const client = clientFor(ctx);
        const event = await client.webhookEvents.get(id);
        const deliveries = await client.webhookEvents.deliveries(id).toArray();
        if (ctx.out.json) return ctx.out.item({ ...event, deliveries }, []);
        ctx.out.item(event, eventFields);
        ctx.out.list(deliveries, deliveryColumns);
      }),
    );

  const deliveries = program.command('deliveries').description('Deliveries of events to webhook endpoints.');
  deliveries
    .command('get')
    .description('Show a delivery with its attempts.')
    .argument('<delivery>', 'the delivery id')
    .action(
      action(async (ctx, _options, id: string) => {
        const delivery = await clientFor(ctx).webhookDeliveries.get(id);
        ctx.out.item(delivery, [
          ...deliveryColumns,
          {
            header: 'tries',
            value: (d) => d.attempts.map((a) => `${a.started_at} ${a.status_code ?? a.error ?? 'pending'}`),
          },
        ]);
      }),
    );
  deliveries
    .command('redeliver')
    .description('Deliver the event to the endpoint again.')
    .argument('<delivery>', 'the delivery id')
    .action(
      action(async (ctx, _options, id: string) => {
        const delivery = await clientFor(ctx).webhookDeliveries.redeliver(id);
        ctx.out.message(`Redelivering ${delivery.event_type} (${delivery.event_id}) as ${delivery.id}.`, delivery);
      }),
    );
}
