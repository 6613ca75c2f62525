/** Who is calling: a user through a session token or an API key. */
import type { Scope } from '../../generated/routes.ts';

export interface Principal {
  kind: 'session' | 'api_key';
  userId: string;
  isAdmin: boolean;
  /** The session or API key id: rate limits and idempotency keys are per credential. */
  credentialId: string;
  /** For API keys: the workspace the key is limited to, if any. */
  workspaceId: string | null;
  /** For API keys with scopes: the scopes; empty means unrestricted. */
  scopes: readonly Scope[];
}
