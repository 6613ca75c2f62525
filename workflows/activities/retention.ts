/** The I/O of the retention job (src/purge/retention.ts). */
import { Context, log } from '@temporalio/activity';
import { purgeExpiredRows, purgeOldOutputs, purgeOldRunDirs } from '../../src/purge/retention.ts';
import type { RunDeps } from './skill-run.ts';

export function createRetentionActivities({ prisma, config, storage }: RunDeps) {
  return {
    async purgeExpiredRows() {
      const purged = await purgeExpiredRows(prisma, {
        webhookEventRetentionDays: config.WEBHOOK_EVENT_RETENTION_DAYS,
      });
      log.info('purged expired rows', purged);
      return purged;
    },
    async purgeOldOutputs(): Promise<number> {
      const purged = await purgeOldOutputs(prisma, storage, config.RUN_DIR_RETENTION_DAYS, () =>
        Context.current().heartbeat(),
      );
      if (purged > 0) log.info('removed run outputs past retention', { count: purged });
      return purged;
    },
    async purgeOldRunDirs(): Promise<number> {
      const removed = await purgeOldRunDirs(
        prisma,
        { dataDir: config.SKILLPLANE_DATA_DIR, retentionDays: config.RUN_DIR_RETENTION_DAYS },
        () => Context.current().heartbeat(),
      );
      if (removed.length > 0) log.info('removed run directories past retention', { count: removed.length });
      return removed.length;
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
