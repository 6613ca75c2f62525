/**
 * Finds keys a JSON value has that its zod schema does not list. The generated response schemas are plain
 * `z.object`s, which strip unknown keys while parsing, so a field the server sends but the document does not describe
 * (a leaked column, a secret, a typo) would pass a parse. Objects with a `catchall` (`additionalProperties` given in
 * the document) may have any keys. Reads zod 4's `_zod.def`, the stable shape its own JSON Schema conversion walks.
 */
import type { z } from '@hono/zod-openapi';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths such as `data[0].secret` of keys the schema does not allow; empty when there are none. */
export function unknownKeys(schema: z.ZodType, value: unknown, at = ''): string[] {
  const def = defOf(schema);
  if (wrappers.has(def.type) && def.innerType) return value === null ? [] : unknownKeys(def.innerType, value, at);
  if (def.type === 'pipe' && def.in) return unknownKeys(def.in, value, at);
  if (def.type === 'lazy' && def.getter) return unknownKeys(def.getter(), value, at);
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.flatMap((item, i) => unknownKeys(element, item, `${at}[${i}]`));
  }
  if (def.type === 'record' && def.valueType && isRecord(value)) {
    const valueType = def.valueType;
    return Object.entries(value).flatMap(([k, v]) => unknownKeys(valueType, v, `${at}.${k}`));
  }
  if (def.type === 'union' && def.options) {
    // The value parsed, so some option accepts it; it is fine when one accepting option knows all its keys.
    const candidates = def.options
      .filter((option) => option.safeParse(value).success)
      .map((option) => unknownKeys(option, value, at));
    return candidates.find((found) => found.length === 0) ?? candidates[0] ?? [];
  }
  if (def.type === 'intersection' && def.left && def.right && isRecord(value)) {
    const left = new Set(unknownKeys(def.left, value, at));
    return unknownKeys(def.right, value, at).filter((k) => left.has(k));
  }
  if (def.type === 'object' && def.shape && isRecord(value)) {
    const shape = def.shape;
    return Object.entries(value).flatMap(([key, v]) => {
      const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
      const path = at ? `${at}.${key}` : key;
      if (field) return unknownKeys(field, v, path);
      return def.catchall ? unknownKeys(def.catchall, v, path) : [path];
    });
  }
  return [];
}
