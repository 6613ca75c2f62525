/**
 * Builds a minimal valid value for a JSON schema of the bundled document (required properties plus overridden ones,
 * first enum value, first example), so document-driven tests can send a well-formed request to any operation.
 */
import { openApiDocument } from '../../src/app/operations.ts';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  examples?: unknown[];
  default?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  items?: Schema;
  minItems?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

export function resolve<T>(node: T & { $ref?: string }): T {
  if (!node.$ref) return node;
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((acc, part) => (acc as Record<string, unknown>)[part], openApiDocument);
  return resolve(target as T & { $ref?: string });
}

export function sample(schema: Schema, overrides: Record<string, unknown> = {}): unknown {
  const s = resolve(schema);
  if (s.oneOf?.[0]) return sample(s.oneOf[0], overrides);
  if (s.anyOf?.[0]) return sample(s.anyOf[0], overrides);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => sample(part, overrides)));
  if (s.examples?.[0] !== undefined) return s.examples[0];
  if (s.enum?.[0] !== undefined) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const wanted = new Set([
        ...(s.required ?? []),
        ...Object.keys(overrides).filter((k) => k in (s.properties ?? {})),
      ]);
      for (const name of wanted) {
        out[name] = name in overrides ? overrides[name] : sample(s.properties?.[name] ?? {}, overrides);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}, overrides));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      if (s.format === 'email') return 'someone@example.com';
      if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
}
