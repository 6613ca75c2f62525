/**
 * The built-in catalogue of connector specs. A `credentials` spec lists the fields a connection is created with; an
 * `oauth2` spec gets its client (id, secret, authorize and token URLs) from the configuration, so a self-hoster enables
 * it by registering an OAuth app with the provider and setting, e.g., `NOTION_CLIENT_ID` and `NOTION_CLIENT_SECRET`.
 */
import type { ConnectorSpec } from '../../generated/routes.ts';
import type { Config } from '../config.ts';
import type { Credentials } from './credentials.ts';
import { type CheckDeps, type CheckResult, checkPostgres } from './postgres-check.ts';

export interface FieldSpec {
  key: string;
  label: string;
  secret: boolean;
  type: 'string' | 'integer' | 'boolean';
  required: boolean;
  options?: readonly string[];
  default?: string | number | boolean;
  /** Bounds of an integer field. */
  min?: number;
  max?: number;
  /** A string field that names a host: checked as a host name or IP address. */
  host?: boolean;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
}

interface SpecBase {
  id: string;
  name: string;
  description: string;
}

export type CredentialsSpec = SpecBase & {
  authType: 'credentials';
  fields: readonly FieldSpec[];
  /** Tries the credentials against the remote system. */
  check(deps: CheckDeps, credentials: Credentials): Promise<CheckResult>;
};

export type OAuthSpec = SpecBase & {
  authType: 'oauth2';
  scopes: readonly string[];
  /** Provider-specific parameters of the authorization request (e.g. Google's `access_type=offline`). */
  authorizeParams: Readonly<Record<string, string>>;
  client(config: Config): OAuthClient | undefined;
};

export type Spec = CredentialsSpec | OAuthSpec;

const client = (id?: string, secret?: string, authorizeUrl?: string, tokenUrl?: string) =>
  id && secret && authorizeUrl && tokenUrl ? { clientId: id, clientSecret: secret, authorizeUrl, tokenUrl } : undefined;

const specs: readonly Spec[] = [
  {
    id: 'postgres',
    name: 'PostgreSQL',
    description: 'Connect to any PostgreSQL-compatible database.',
    authType: 'credentials',
    fields: [
      { key: 'host', label: 'Host', secret: false, type: 'string', required: true, host: true },
      {
        key: 'port',
        label: 'Port',
        secret: false,
        type: 'integer',
        required: false,
        default: 5432,
        min: 1,
        max: 65535,
      },
      { key: 'database', label: 'Database', secret: false, type: 'string', required: true },
      { key: 'user', label: 'User', secret: false, type: 'string', required: true },
      { key: 'password', label: 'Password', secret: true, type: 'string', required: true },
      {
        key: 'ssl_mode',
        label: 'TLS',
        secret: false,
        type: 'string',
        required: false,
        options: ['disable', 'require', 'verify-full'],
        default: 'verify-full',
      },
    ],
    check: checkPostgres,
  },
  {
    id: 'google-sheets',
    name: 'Google Sheets',
    description: 'Read spreadsheets in Google Drive (read-only access).',
    authType: 'oauth2',
    scopes: ['https://www.googleapis.com/auth/spreadsheets.readonly'],
    // Offline access with consent every time, so Google returns a refresh token on each authorization.
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    client: (c) =>
      client(
        c.GOOGLE_SHEETS_CLIENT_ID,
        c.GOOGLE_SHEETS_CLIENT_SECRET,
        c.GOOGLE_SHEETS_AUTHORIZE_URL,
        c.GOOGLE_SHEETS_TOKEN_URL,
      ),
  },
  {
    id: 'notion',
    name: 'Notion',
    description: 'Read the Notion pages and databases the user shares with the integration.',
    authType: 'oauth2',
    scopes: [],
    authorizeParams: { owner: 'user' },
    client: (c) => client(c.NOTION_CLIENT_ID, c.NOTION_CLIENT_SECRET, c.NOTION_AUTHORIZE_URL, c.NOTION_TOKEN_URL),
  },
];

const byId = new Map(specs.map((s) => [s.id, s]));

export function findSpec(id: string): Spec | undefined {
  return byId.get(id);
}

export function specOut(spec: Spec, config: Config): ConnectorSpec {
  if (spec.authType === 'oauth2') {
    return {
      id: spec.id,
      name: spec.name,
      description: spec.description,
      auth_type: 'oauth2',
      enabled: spec.client(config) !== undefined,
      fields: [],
      scopes: [...spec.scopes],
    };
  }
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    auth_type: 'credentials',
    enabled: true,
    fields: spec.fields.map((f) => ({
      key: f.key,
      label: f.label,
      secret: f.secret,
      type: f.type,
      required: f.required,
      options: f.options ? [...f.options] : null,
      default: f.default ?? null,
    })),
    scopes: [],
  };
}

export const allSpecs = (config: Config): ConnectorSpec[] => specs.map((s) => specOut(s, config));
