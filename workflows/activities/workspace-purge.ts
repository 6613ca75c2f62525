/** The I/O of purging a deleted workspace; each activity is idempotent and heartbeats while it works. */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  activeRunIds,
  deleteWorkspaceRows,
  deleteWorkspaceSchedules,
  hideWorkspace,
  purgeWorkspaceFiles,
  purgeWorkspaceRunDirs,
} from '../../src/purge/workspace-purge.ts';
import type { RunDeps } from './skill-run.ts';

export function createWorkspacePurgeActivities({ prisma, config, storage }: RunDeps, temporal: Client) {
  const progress = () => Context.current().heartbeat();
  const dataDir = config.SKILLPLANE_DATA_DIR;
  return {
    hideWorkspace: (workspaceId: string) => hideWorkspace(prisma, workspaceId),
    activeRunIds: (workspaceId: string) => activeRunIds(prisma, workspaceId),
    deleteWorkspaceSchedules: (workspaceId: string) =>
      deleteWorkspaceSchedules({ prisma, temporal }, workspaceId, progress),
    purgeWorkspaceFiles: (workspaceId: string) => purgeWorkspaceFiles(prisma, storage, workspaceId, progress),
    purgeWorkspaceRunDirs: (workspaceId: string) => purgeWorkspaceRunDirs(prisma, dataDir, workspaceId, progress),
    deleteWorkspaceRows: (workspaceId: string) => deleteWorkspaceRows(prisma, workspaceId, progress),
  };
}

export type WorkspacePurgeActivities = ReturnType<typeof createWorkspacePurgeActivities>;
