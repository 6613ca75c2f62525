/**
 * Turns a failed zod validation into a 400 `VALIDATION_FAILED` problem whose `errors` name each field as
 * `<where>.<path>` (`body.email`, `query.limit`), so a client can map errors back to inputs.
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

export function toFieldErrors(target: string, error: ZodError): FieldError[] {
  const prefix = where[target] ?? target;
  return error.issues.flatMap((issue): FieldError[] => {
    const base = [prefix, ...issue.path.map(String)].join('.');
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

export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return renderProblem(c, ApiError.validation(toFieldErrors(result.target, result.error)));
}
