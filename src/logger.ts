/**
 * Structured JSON logs, one object per line, through pino: `{"level":"info","time":"…","msg":"…",…fields}`. Call
 * sites keep the small `logger.info(msg, fields)` shape; `child(bindings)` adds fields such as `request_id` or
 * `run_id` to every line. Secrets are redacted by field name wherever they appear in the first levels of a line
 * (credentials in headers, passwords, tokens, keys), so logging a request's headers or a config object cannot leak
 * them. Temporal's own logs come through the same logger (workflows/temporal-logger.ts).
 */
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'token',
  'key',
  'secret',
  'api_key',
  'apiKey',
];
const path = (prefix: string, name: string) => `${prefix}${/^[A-Za-z_]\w*$/.test(name) ? `.${name}` : `["${name}"]`}`;
/** Top level, one and two levels down (e.g. `fields.password`, `req.headers.authorization`). */
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((name) => [
  path('', name).replace(/^\./, ''),
  path('*', name),
  path('*.*', name),
]);

export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const destination = { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
  return wrap(
    pino(
      {
        level,
        base,
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      },
      destination,
    ),
  );
}

function wrap(p: pino.Logger): Logger {
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) =>
    fields ? p[lvl](fields, msg) : p[lvl](msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(p.child(bindings)),
  };
}
