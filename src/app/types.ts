/** The Hono environment shared by every route: request-scoped variables set by middleware. */
import type { Client } from '@temporalio/client';
import type pg from 'pg';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Principal } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { NotificationHub } from '../db/notification-hub.ts';
import type { FileStorage } from '../files/storage.ts';
import type { Logger } from '../logger.ts';
import type { HostResolver } from '../webhooks/destination.ts';
import type { Operation } from './operations.ts';

/** What the HTTP layer needs from the outside world, passed in so tests build it against their own services. */
export interface Deps {
  config: Config;
  prisma: PrismaClient;
  /** The `pg` pool under `prisma`, for hot reads in plain SQL (src/db/client.ts). */
  pool: pg.Pool;
  temporal: Client;
  logger: Logger;
  /** Blob storage (local disk or S3-compatible), built once from the configuration. */
  storage: FileStorage;
  /** This process's one LISTEN connection: run event streams and auth cache invalidation wait on it. */
  notifications: NotificationHub;
  /** Resolves webhook hosts (tests inject one); the system's DNS otherwise. */
  resolveHost?: HostResolver;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: Deps;
    /** `deps.logger` with this request's `request_id` on every line. */
    logger: Logger;
    /** The operation being served, from the document (set by `mount`). */
    operation: Operation;
    /** The notification hub's sync for this request, shared by its auth cache lookups (src/auth/changes-delivered.ts). */
    changesDelivered?: Promise<boolean>;
    /** The authenticated caller (set by the authentication guard; absent on public operations). */
    principal: Principal;
    /** What a creating request would answer once the object it already wrote exists (set by `rememberCreated`). */
    createdOutcome?: { status: 200 | 201 | 202; body: unknown };
  };
}
