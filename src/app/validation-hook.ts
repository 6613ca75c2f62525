/**
 * Turns a failed zod validation into a 400 `VALIDATION_FAILED` problem whose `errors` name each field as
 * `<where>.<path>` (`body.email`, `query.limit`), so a client can map errors back to inputs. Input that passed the
 * schema is also checked for U+0000 here, once for every operation and every input (body, query, path, headers):
 * PostgreSQL cannot store it in text, and no text field has a use for it.
 */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { FieldError } from '../../generated/routes.ts';
import { ApiError, renderProblem } from './problem.ts';

const where: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

export const fieldPrefix = (target: string): string => where[target] ?? target;

/** `body` + `['items', 2, 'name']` → `body.items[2].name`, the same naming services use for their own field errors. */
export const fieldName = (prefix: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : `${name}.${String(key)}`), prefix);

export function toFieldErrors(target: string, error: ZodError): FieldError[] {
  const prefix = fieldPrefix(target);
  return error.issues.flatMap((issue): FieldError[] => {
    const base = fieldName(prefix, issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: `${base}.${key}`,
        message: 'Unknown field',
        code: issue.code,
      }));
    }
    return [{ field: base, message: issue.message, code: issue.code }];
  });
}

const NUL_MESSAGE = 'Must not contain the character U+0000';

/** Every string (or object key) under `value` that holds U+0000, named like `body.items[2].name`. */
export function nulFieldErrors(value: unknown, field: string): FieldError[] {
  if (typeof value === 'string') {
    return value.includes('\0') ? [{ field, message: NUL_MESSAGE, code: 'invalid_character' }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => nulFieldErrors(item, `${field}[${i}]`));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key.includes('\0')
      ? [{ field: `${field}.${key}`, message: NUL_MESSAGE, code: 'invalid_character' }]
      : nulFieldErrors(item, `${field}.${key}`),
  );
}

export function validationHook(
  result: { success: true; data: unknown; target: string } | { success: false; error: ZodError; target: string },
  c: Context,
): Response | undefined {
  if (!result.success) return renderProblem(c, ApiError.validation(toFieldErrors(result.target, result.error)));
  const errors = nulFieldErrors(result.data, fieldPrefix(result.target));
  return errors.length > 0 ? renderProblem(c, ApiError.validation(errors)) : undefined;
}
