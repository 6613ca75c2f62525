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

const SECRET_FIELDS = new Set([
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
  'credentials',
  'access_token',
  'refresh_token',
  'client_secret',
  'code_verifier',
]);
const CENSOR = '[redacted]';

/**
 * `value` with every secret field at its top level and up to `depth` levels down replaced by the censor (e.g.
 * `fields.password`, `req.headers.authorization`), copied only along the way to a replaced field. One pass over the
 * keys: pino's own path-based redaction re-parsed its paths on every line, a measurable share of a request's CPU.
 */
function redact<T>(value: T, depth: number): T {
  if (typeof value !== 'object' || value === null) return value;
  let copy: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const name in source) {
    if (!Object.hasOwn(source, name)) continue;
    const field = source[name];
    const replaced =
      SECRET_FIELDS.has(name) && field !== undefined ? CENSOR : depth > 0 ? redact(field, depth - 1) : field;
    if (replaced === field) continue;
    copy ??= Array.isArray(source) ? ([...source] as unknown as Record<string, unknown>) : { ...source };
    copy[name] = replaced;
  }
  return (copy ?? value) as T;
}

export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  write?: (line: string) => void,
): Logger {
  const destination = write
    ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : { write: (chunk: string) => process.stdout.write(chunk) };
  return wrap(
    pino(
      {
        level,
        base,
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: {
          level: (label) => ({ level: label }),
          bindings: (bindings) => redact(bindings, 2),
          log: (fields) => redact(fields, 2),
        },
      },
      destination,
    ),
  );
}

/**
 * A child logger made only when something is logged through it: most requests log nothing but their request line
 * (src/app/request-log.ts), and a pino child per request was a measurable share of a read's CPU.
 */
export function lazyChild(logger: Logger, bindings: () => Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const get = () => {
    child ??= logger.child(bindings());
    return child;
  };
  return {
    debug: (msg, fields) => get().debug(msg, fields),
    info: (msg, fields) => get().info(msg, fields),
    warn: (msg, fields) => get().warn(msg, fields),
    error: (msg, fields) => get().error(msg, fields),
    child: (more) => get().child(more),
  };
}

function wrap(p: pino.Logger): Logger {
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) =>
    fields ? p[lvl](fields, msg) : p[lvl](msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // pino applies the `bindings` formatter to the base bindings only, not to a child's.
    child: (bindings) => wrap(p.child(redact(bindings, 2))),
  };
}
