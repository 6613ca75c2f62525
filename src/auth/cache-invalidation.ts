/**
 * Keeps the per-process auth caches (resolved credentials, memberships) honest across API processes: a revoked key,
 * an ended session or a removed member changes a row whose trigger sends `NOTIFY skillplane_auth` in the same
 * transaction, and every process drops the cache named by the payload as the notification arrives, instead of
 * serving the stale entry for up to its TTL. While the listener is down the caches are not trusted at all (see
 * `authCacheTrusted`) and are cleared when it drops and when it is back.
 */
import type { NotificationHub } from '../db/notification-hub.ts';
import { forgetCredentials } from './authenticate.ts';
import { forgetMemberships } from './authorize.ts';

export const AUTH_CHANNEL = 'skillplane_auth';

export function watchAuthChanges(hub: NotificationHub): void {
  hub.channel(AUTH_CHANNEL);
  hub.subscribe(AUTH_CHANNEL, 'credentials', forgetCredentials);
  hub.subscribe(AUTH_CHANNEL, 'memberships', forgetMemberships);
  hub.onStateChange(() => {
    forgetCredentials();
    forgetMemberships();
  });
}
