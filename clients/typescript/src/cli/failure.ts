/** Whatever ended a command, as the line(s) printed on stderr and the documented exit code. */
import { CommanderError } from 'commander';
import { ApiError, ConnectionError } from '../core/errors.ts';
import { CliError, ExitCode, exitCodeForStatus } from './exit-codes.ts';

export interface Failure {
  message: string;
  exitCode: number;
}

export function describeFailure(err: unknown): Failure {
  // Commander has printed its own message (or the help) already.
  if (err instanceof CommanderError)
    return { message: '', exitCode: err.exitCode === 0 ? ExitCode.ok : ExitCode.usage };
  if (err instanceof CliError) return { message: `error: ${err.message}`, exitCode: err.exitCode };
  if (err instanceof ApiError) return { message: describeApiError(err), exitCode: exitCodeForStatus(err.status) };
  if (err instanceof ConnectionError)
    return { message: `error: cannot reach the API: ${rootCause(err).message}`, exitCode: ExitCode.other };
  return { message: `error: ${err instanceof Error ? err.message : String(err)}`, exitCode: ExitCode.other };
}

function describeApiError(err: ApiError): string {
  const lines = [`error: ${err.detail ?? err.title} (${err.type}, HTTP ${err.status})`];
  for (const e of err.errors) lines.push(`  ${e.field}: ${e.message}`);
  if (err.status === 401) lines.push('  sign in with `skillplane login`');
  if (err.requestId) lines.push(`  request id: ${err.requestId}`);
  return lines.join('\n');
}

/** fetch wraps what went wrong (`connect ECONNREFUSED 127.0.0.1:3000`) in layers of "fetch failed". */
function rootCause(err: Error): Error {
  return err.cause instanceof Error ? rootCause(err.cause) : err;
}
