/** A scratchpad's cells: append, edit or move, delete, run (streamed), cancel, follow a run's events. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  deleteApiV1ScratchpadsScratchpadIdCellsCellIdRoute,
  getApiV1ScratchpadsScratchpadIdCellsCellIdEventsRoute,
  getApiV1ScratchpadsScratchpadIdCellsCellIdRoute,
  patchApiV1ScratchpadsScratchpadIdCellsCellIdRoute,
  postApiV1ScratchpadsScratchpadIdCellsCellIdCancelRoute,
  postApiV1ScratchpadsScratchpadIdCellsCellIdRunRoute,
  postApiV1ScratchpadsScratchpadIdCellsRoute,
} from '../../../generated/routes.ts';
import { mount } from '../../app/router.ts';
import type { AppEnv } from '../../app/types.ts';
import { rememberCreated } from '../../idempotency/idempotency.ts';
import { type CellEventRow, followCellEvents } from '../../scratchpads/cell-event-feed.ts';
import { cancelCellRun, startCellRun } from '../../scratchpads/cell-runs.ts';
import { appendCell, deleteCell, updateCell } from '../../scratchpads/cells.service.ts';
import { loadCell, loadScratchpad } from '../../scratchpads/scratchpads.service.ts';
import { cellOut } from '../../scratchpads/serializers.ts';
import { wantsStream } from '../responses/responses.handlers.ts';

/** The cell's events after `after` as server-sent events, live until its run's `end`. */
function streamCellEvents(c: Context<AppEnv>, cellId: string, after: bigint) {
  const { prisma, notifications, logger } = c.get('deps');
  return streamSSE(c, async (stream) => {
    const aborted = new AbortController();
    stream.onAbort(() => aborted.abort());
    const send = (event: CellEventRow) =>
      stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event.data) });
    await followCellEvents({ prisma, hub: notifications }, cellId, after, send, aborted.signal).catch(
      (err: unknown) => {
        // Logged, not sent: hono's own `error` event would put the internal message on the wire.
        logger.error('cell event stream failed', {
          cell_id: cellId,
          error: err instanceof Error ? err.message : String(err),
        });
      },
    );
  });
}

export function registerScratchpadCells(app: OpenAPIHono<AppEnv>): void {
  mount(app, postApiV1ScratchpadsScratchpadIdCellsRoute, async (c) => {
    const scratchpad = await loadScratchpad(c, c.req.valid('param').scratchpad_id);
    return c.json(cellOut(await appendCell(c.get('deps'), scratchpad.id, c.req.valid('json'))), 201);
  });

  mount(app, getApiV1ScratchpadsScratchpadIdCellsCellIdRoute, async (c) => {
    const { scratchpad_id, cell_id } = c.req.valid('param');
    return c.json(cellOut((await loadCell(c, scratchpad_id, cell_id)).cell), 200);
  });

  mount(app, patchApiV1ScratchpadsScratchpadIdCellsCellIdRoute, async (c) => {
    const { scratchpad_id, cell_id } = c.req.valid('param');
    const { cell } = await loadCell(c, scratchpad_id, cell_id);
    return c.json(cellOut(await updateCell(c.get('deps'), cell, c.req.valid('json'))), 200);
  });

  mount(app, deleteApiV1ScratchpadsScratchpadIdCellsCellIdRoute, async (c) => {
    const { scratchpad_id, cell_id } = c.req.valid('param');
    const { cell } = await loadCell(c, scratchpad_id, cell_id);
    await deleteCell(c.get('deps'), cell);
    return c.body(null, 204);
  });

  mount(app, postApiV1ScratchpadsScratchpadIdCellsCellIdRunRoute, async (c) => {
    const { scratchpad_id, cell_id } = c.req.valid('param');
    const { scratchpad, cell } = await loadCell(c, scratchpad_id, cell_id);
    const started = await startCellRun(c.get('deps'), cell, scratchpad.workspaceId);
    const body = cellOut(started);
    // A retry with the same Idempotency-Key gets the cell as it was when this run started.
    rememberCreated(c, 202, body);
    if (!wantsStream(c.req.header('accept'))) return c.json(body, 202);
    // From the start of this run: its events are the only ones the cell keeps.
    return streamCellEvents(c, cell.id, 0n);
  });

  mount(app, postApiV1ScratchpadsScratchpadIdCellsCellIdCancelRoute, async (c) => {
    const { scratchpad_id, cell_id } = c.req.valid('param');
    const { cell } = await loadCell(c, scratchpad_id, cell_id);
    await cancelCellRun(c.get('deps'), cell);
    const now = await c.get('deps').prisma.scratchpadCell.findUnique({ where: { id: cell.id } });
    return c.json(cellOut(now ?? cell), 202);
  });

  mount(app, getApiV1ScratchpadsScratchpadIdCellsCellIdEventsRoute, async (c) => {
    const { scratchpad_id, cell_id } = c.req.valid('param');
    const { cell } = await loadCell(c, scratchpad_id, cell_id);
    const header = c.req.valid('header')['Last-Event-ID'] ?? c.req.header('last-event-id');
    return streamCellEvents(c, cell.id, header ? BigInt(header) : 0n);
  });
}
