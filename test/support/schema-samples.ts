/**
 * Smallest valid values for the document's request schemas, and the string fields inside them, so a test can walk
 * every operation and put a hostile value in each string field while everything else stays valid.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema objects are read field by field.
export type Schema = Record<string, any>;

export const document: Schema = JSON.parse(readFileSync(path.join(projectRoot, 'generated/openapi.json'), 'utf8'));

/** A value for each pattern the document uses; a new pattern fails loudly here until it gets one. */
const patternSamples: Record<string, string> = {
  '^[1-9][0-9]{0,8}$': '1',
  '^[0-9]{1,18}$': '1',
  '^\\d{1,8}(\\.\\d{1,6})?$': '1.5',
  '^[a-z0-9]+(-[a-z0-9]+)*$': 'sample-name',
  '^[0-9a-f]{64}$': 'a'.repeat(64),
  // Printable ASCII (the OAuth callback's parameters, RFC 6749 appendix A).
  '^[\\x20-\\x7E]+$': 'sample',
  '^[\\x20-\\x7E]*$': 'sample',
  [document.components.schemas.EmailAddress.pattern]: 'someone@example.com',
};

export function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref)
    s = s.$ref
      .split('/')
      .slice(1)
      .reduce((node: Schema, key: string) => node[key], document);
  if (s.allOf) {
    const parts = s.allOf.map(resolve);
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p: Schema) => p.properties ?? {})),
      required: parts.flatMap((p: Schema) => p.required ?? []),
    };
  }
  if (s.oneOf || s.anyOf) return resolve((s.oneOf ?? s.anyOf)[0]);
  return s;
}

const typeOf = (s: Schema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;

/** Whether only the NUL check (no pattern, enum or format) stands between a string field and the database. */
export const isFreeText = (s: Schema): boolean =>
  typeOf(s) === 'string' && !s.pattern && !s.enum && !s.format && s.const === undefined;

export function sampleString(schema: Schema): string {
  const s = resolve(schema);
  if (s.enum) return s.enum[0];
  if (s.pattern) {
    const prefixed = /^\^([a-z]+_)\[0-9A-Za-z\]/.exec(s.pattern);
    if (prefixed) return `${prefixed[1]}sample1`;
    const sample = patternSamples[s.pattern] ?? s.examples?.[0];
    if (sample === undefined) throw new Error(`no sample for pattern ${s.pattern}`);
    return sample;
  }
  if (s.format === 'email') return 'someone@example.com';
  if (s.format === 'date-time') return '2099-01-01T00:00:00Z';
  return 'x'.repeat(Math.max(s.minLength ?? 1, 3));
}

/** A valid value holding only what the schema requires. */
export function sample(schema: Schema): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  switch (typeOf(s)) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k: string) => [k, sample(s.properties[k])]));
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return sampleString(s);
  }
}

export interface StringField {
  /** Keys and indexes from the body's root. */
  path: Array<string | number>;
  schema: Schema;
}

/** Every string field reachable in the schema (array items at index 0). */
export function stringFields(schema: Schema, at: Array<string | number> = []): StringField[] {
  const s = resolve(schema);
  switch (typeOf(s)) {
    case 'object':
      return Object.entries(s.properties ?? {}).flatMap(([k, v]) => stringFields(v as Schema, [...at, k]));
    case 'array':
      return stringFields(s.items, [...at, 0]);
    case 'string':
      return [{ path: at, schema: s }];
    default:
      return [];
  }
}

/** The schema's required sample with `value` placed at `field` (creating what leads to it). */
export function sampleWith(schema: Schema, field: Array<string | number>, value: unknown): unknown {
  const [head, ...rest] = field;
  if (head === undefined) return value;
  const s = resolve(schema);
  if (typeof head === 'number') return [sampleWith(s.items, rest, value)];
  const base = (sample(s) ?? {}) as Record<string, unknown>;
  return { ...base, [head]: sampleWith(s.properties[head], rest, value) };
}
