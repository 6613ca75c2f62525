/**
 * Temporal's logs in our JSON lines: the TS SDK's worker, activity and workflow logs, and (forwarded through the
 * runtime) the Rust core's, all go to one pino-backed `Logger` instead of the SDK's multi-line text on stderr.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '../src/logger.ts';

const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/** Turns metadata into JSON-safe fields: errors keep their message and stack, a skill run's workflow id is its run. */
function fields(meta: LogMetadata | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  if (out.workflowType === 'skillRunWorkflow' && typeof out.workflowId === 'string') out.run_id = out.workflowId;
  return out;
}

export class PinoTemporalLogger implements TemporalLogger {
  readonly #logger: Logger;
  readonly #min: number;

  /** Lines below `level` are dropped (the SDK logs every activity start and completion at DEBUG). */
  constructor(logger: Logger, level: LogLevel = 'WARN') {
    this.#logger = logger;
    this.#min = RANK[level];
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (RANK[level] < this.#min) return;
    const f = fields(meta);
    if (level === 'ERROR') this.#logger.error(message, f);
    else if (level === 'WARN') this.#logger.warn(message, f);
    else if (level === 'INFO') this.#logger.info(message, f);
    else this.#logger.debug(message, f);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
