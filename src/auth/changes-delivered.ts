/**
 * Whether every auth change committed before this request arrived has reached this process's caches (see
 * src/auth/cache-invalidation.ts). One `sync` of the notification hub per request answers that for every cache the
 * request consults (credential, then membership): the sync starts after the request arrived, so a second one for the
 * same request would prove nothing more and only add a round trip to its latency.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app/types.ts';

export function changesDelivered(c: Context<AppEnv>): Promise<boolean> {
  let synced = c.get('changesDelivered');
  if (!synced) {
    synced = c.get('deps').notifications.sync();
    c.set('changesDelivered', synced);
  }
  return synced;
}
