/**
 * The last line of defence: an error that escapes every handler (an `'error'` event nobody listens to, a rejected
 * promise nobody awaits) is logged with its stack instead of ending the process. The real fix is always to handle
 * that stream's or promise's error where it happens; this only keeps one overlooked case from taking the API down,
 * and under `npm start` the embedded PostgreSQL and Temporal with it. The log line says it loudly, so it gets fixed.
 */
import type { Logger } from './logger.ts';

const describe = (err: unknown) =>
  err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { value: String(err) };

/**
 * @example
 * installSafetyNet(logger);
 */
export function installSafetyNet(logger: Logger): void {
  process.on('uncaughtException', (err, origin) => {
    logger.error('uncaught exception (a bug: this error should have been handled where it happened)', {
      origin,
      error: describe(err),
    });
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection (a bug: this promise should have been awaited or caught)', {
      error: describe(reason),
    });
  });
}
