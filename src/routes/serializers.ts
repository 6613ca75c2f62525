/** Database rows → API shapes (snake_case, ISO timestamps). */
import type { ApiKey, User } from '../../generated/prisma/client.ts';
import type { ApiKey as ApiKeyOut, Scope, User as UserOut } from '../../generated/routes.ts';

export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function userOut(u: User): UserOut {
  return { id: u.id, email: u.email, name: u.name, is_admin: u.isAdmin, created_at: iso(u.createdAt) };
}

export function apiKeyOut(k: ApiKey): ApiKeyOut {
  return {
    id: k.id,
    name: k.name,
    key_prefix: k.keyPrefix,
    mode: k.mode as 'live' | 'test',
    scopes: k.scopes as Scope[],
    workspace_id: k.workspaceId,
    last_used_at: isoOrNull(k.lastUsedAt),
    created_at: iso(k.createdAt),
    expires_at: isoOrNull(k.expiresAt),
  };
}
