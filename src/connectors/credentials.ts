/**
 * Credentials checked against their spec's fields, every problem a field error naming `body.credentials.<key>`: the
 * document can only say "a map of strings, integers and booleans", the spec says which keys, types and bounds. Also
 * the sealing of credentials at rest: one JSON document per connection, AES-256-GCM bound to the connection's id.
 */
import { isIP } from 'node:net';
import type { FieldError } from '../../generated/routes.ts';
import { ApiError } from '../app/problem.ts';
import type { Config } from '../config.ts';
import { decrypt, encrypt, secretKey } from '../webhooks/secret-box.ts';
import type { CredentialsSpec, FieldSpec } from './specs.ts';

export type CredentialValue = string | number | boolean;
export type Credentials = Record<string, CredentialValue>;

/** More keys than any spec has fields is refused before looking at them. */
const MAX_KEYS = 32;
/** A host name: dot-separated labels of letters, digits and inner hyphens (RFC 1123). */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function fieldError(spec: FieldSpec, value: CredentialValue, at: string): FieldError | undefined {
  const err = (code: string, message: string) => ({ field: at, code, message });
  if (spec.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return err('invalid_type', 'Must be an integer');
    if (spec.min !== undefined && value < spec.min) return err('too_small', `Must be at least ${spec.min}`);
    if (spec.max !== undefined && value > spec.max) return err('too_big', `Must be at most ${spec.max}`);
    return undefined;
  }
  if (spec.type === 'boolean') return typeof value === 'boolean' ? undefined : err('invalid_type', 'Must be a boolean');
  if (typeof value !== 'string') return err('invalid_type', 'Must be a string');
  if (spec.required && value.length === 0) return err('too_small', 'Must not be empty');
  if (spec.options && !spec.options.includes(value)) {
    return err('invalid_value', `Must be one of: ${spec.options.join(', ')}`);
  }
  if (spec.host && !HOST_NAME.test(value) && isIP(value) === 0) {
    return err('invalid_format', 'Must be a host name or an IP address');
  }
  return undefined;
}

/** The credentials with defaults filled in, or a 400 listing every field that is wrong. */
export function validateCredentials(spec: CredentialsSpec, input: Readonly<Credentials> | undefined): Credentials {
  const at = (key: string) => `body.credentials.${key}`;
  if (input === undefined) {
    throw ApiError.validation([
      { field: 'body.credentials', code: 'invalid_type', message: `Required for ${spec.id}` },
    ]);
  }
  const keys = Object.keys(input);
  if (keys.length > MAX_KEYS) {
    throw ApiError.validation([{ field: 'body.credentials', code: 'too_big', message: `At most ${MAX_KEYS} fields` }]);
  }
  const fields = new Map(spec.fields.map((f) => [f.key, f]));
  const errors: FieldError[] = keys
    .filter((k) => !fields.has(k))
    .map((k) => ({ field: at(k), code: 'unrecognized_keys', message: `Not a field of ${spec.id}` }));
  const out: Credentials = {};
  for (const field of spec.fields) {
    const value = input[field.key];
    if (value === undefined) {
      if (field.required) errors.push({ field: at(field.key), code: 'invalid_type', message: 'Required' });
      else if (field.default !== undefined) out[field.key] = field.default;
      continue;
    }
    const error = fieldError(field, value, at(field.key));
    if (error) errors.push(error);
    else out[field.key] = value;
  }
  if (errors.length > 0) throw ApiError.validation(errors);
  return out;
}

/** What is sealed: a spec's fields, or an OAuth connection's tokens. */
export type Sealable = Credentials | Record<string, string | number | null>;

const boundTo = (connectionId: string) => `${connectionId}:credentials`;

export async function sealCredentials(config: Config, connectionId: string, value: Sealable): Promise<string> {
  return encrypt(await secretKey(config), JSON.stringify(value), boundTo(connectionId));
}

export async function openCredentials(config: Config, connectionId: string, sealed: string): Promise<Credentials> {
  return JSON.parse(decrypt(await secretKey(config), sealed, boundTo(connectionId)));
}
