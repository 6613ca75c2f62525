/** The I/O of the retention job (src/purge/retention.ts). */

import path from 'node:path';
import { Context, log } from '@temporalio/activity';
import { purgeExpiredRows, purgeOldOutputs, purgeOldRunDirs } from '../../src/purge/retention.ts';
import { sweepBlobs, sweepScratchpadDirs, sweepTempFiles } from '../../src/purge/storage-sweep.ts';
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
    /**
     * One stretch of the storage sweep (`after`: where the previous stretch stopped). The first also sweeps the
     * temporary files and scratchpads' directories on this host.
     */
    async sweepStorage(after: string | undefined) {
      const cutoff = new Date(Date.now() - config.STORAGE_SWEEP_GRACE_SECONDS * 1000);
      const heartbeat = () => Context.current().heartbeat();
      const swept = await sweepBlobs(prisma, storage, {
        cutoff,
        maxPages: 20,
        progress: heartbeat,
        ...(after ? { after } : {}),
      });
      const dataDir = path.resolve(config.SKILLPLANE_DATA_DIR);
      const tempFiles = after
        ? { count: 0, bytes: 0 }
        : await sweepTempFiles(path.join(dataDir, 'files', '.tmp'), cutoff);
      const scratchpadDirs = after ? 0 : await sweepScratchpadDirs(prisma, dataDir, cutoff);
      const result = { blobs: swept.blobs, uploads: swept.uploads, tempFiles, scratchpadDirs, next: swept.next };
      if (swept.blobs.count + swept.uploads.count + tempFiles.count + scratchpadDirs > 0)
        log.info('storage sweep removed leftovers', { ...result, next: undefined });
      return result;
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
