/**
 * What the CLI's exit status means. Scripts branch on these, so they are part of the interface: change none of them,
 * and keep `EXIT_CODES_HELP` (printed by `--help`) in step.
 */
export const ExitCode = {
  ok: 0,
  /**
   * A run ended `failed`, `cancelled` or `timed_out` (`runs create --wait`, `runs logs --follow`), a cell's run ended
   * `error` (`cells run`), a new connection failed its check (`connections create`), or a turn did not complete
   * (`chat`).
   */
  runUnsuccessful: 1,
  /** A bad command line, or the API refused the request as invalid (400, 422). */
  usage: 2,
  /** Not signed in, a rejected or expired credential (401), or no permission (403). */
  auth: 3,
  /** What was asked for does not exist (404). */
  notFound: 4,
  /** Anything else: conflicts (409), limits (402, 429), server errors, the API unreachable. */
  other: 5,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    the run ended failed, cancelled or timed out (runs create --wait, runs logs --follow), the cell's run
       ended error (cells run), the new connection failed its check (connections create), or the chat turn
       did not complete (chat)
  2    usage error: a bad command line, or the API refused the request as invalid (400, 422)
  3    authentication: not signed in, credential rejected (401) or not permitted (403)
  4    not found (404)
  5    any other error: conflict, limit, server error, API unreachable
  130  interrupted (Ctrl-C)`;

/** An error the CLI reports as one line on stderr and turns into its exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = ExitCode.other) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The exit code for an HTTP status the API answered with. */
export function exitCodeForStatus(status: number): number {
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 404) return ExitCode.notFound;
  if (status === 400 || status === 422) return ExitCode.usage;
  return ExitCode.other;
}
