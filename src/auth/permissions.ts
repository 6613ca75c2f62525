/**
 * The permission matrix: which role holds which permission, and which API-key scope covers each permission.
 * Operations name the permission they need in the document (`x-permission`); this table is the only other half.
 */
import type { Role, Scope } from '../../generated/routes.ts';

const scopeOf = {
  WORKSPACE_READ: 'workspaces:read',
  MEMBERS_READ: 'workspaces:read',
  WORKSPACE_UPDATE: 'workspaces:write',
  WORKSPACE_DELETE: 'workspaces:write',
  MEMBERS_MANAGE: 'workspaces:write',
  FILES_READ: 'files:read',
  FILES_UPLOAD: 'files:write',
  FILES_DELETE: 'files:write',
  FILES_CREATE: 'files:write',
  SKILLS_READ: 'skills:read',
  SKILLS_WRITE: 'skills:write',
  SKILLS_PUBLISH: 'skills:write',
  SKILL_RUNS_READ: 'runs:read',
  SKILL_RUNS_CREATE: 'runs:write',
  SKILL_RUNS_CANCEL: 'runs:write',
  SCHEDULES_READ: 'schedules:read',
  SCHEDULES_WRITE: 'schedules:write',
  WEBHOOKS_READ: 'webhooks:read',
  WEBHOOKS_WRITE: 'webhooks:write',
  PROJECTS_READ: 'projects:read',
  PROJECTS_WRITE: 'projects:write',
  CONVERSATIONS_READ: 'conversations:read',
  CONVERSATIONS_WRITE: 'conversations:write',
  MEMORIES_READ: 'memories:read',
  MEMORIES_WRITE: 'memories:write',
  CONNECTORS_READ: 'connectors:read',
  CONNECTORS_WRITE: 'connectors:write',
  ARTIFACTS_READ: 'artifacts:read',
  ARTIFACTS_WRITE: 'artifacts:write',
} as const satisfies Record<string, Scope>;

export type Permission = keyof typeof scopeOf;

const viewer: Permission[] = [
  'WORKSPACE_READ',
  'MEMBERS_READ',
  'FILES_READ',
  'SKILLS_READ',
  'SKILL_RUNS_READ',
  'SCHEDULES_READ',
  'WEBHOOKS_READ',
  'PROJECTS_READ',
  'CONVERSATIONS_READ',
  'MEMORIES_READ',
  'CONNECTORS_READ',
  'ARTIFACTS_READ',
];
const member: Permission[] = [
  ...viewer,
  'FILES_UPLOAD',
  'FILES_DELETE',
  'FILES_CREATE',
  'SKILLS_WRITE',
  'SKILL_RUNS_CREATE',
  'SKILL_RUNS_CANCEL',
  'SCHEDULES_WRITE',
  'PROJECTS_WRITE',
  'CONVERSATIONS_WRITE',
  'MEMORIES_WRITE',
  'ARTIFACTS_WRITE',
];
const admin: Permission[] = [
  ...member,
  'WORKSPACE_UPDATE',
  'MEMBERS_MANAGE',
  'SKILLS_PUBLISH',
  'WEBHOOKS_WRITE',
  'CONNECTORS_WRITE',
];
const owner: Permission[] = [...admin, 'WORKSPACE_DELETE'];

const matrix: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(viewer),
  member: new Set(member),
  admin: new Set(admin),
  owner: new Set(owner),
};

export function isPermission(name: string): name is Permission {
  return name in scopeOf;
}

export function roleHas(role: Role, permission: Permission): boolean {
  return matrix[role].has(permission);
}

export function scopeFor(permission: Permission): Scope {
  return scopeOf[permission];
}

/** The least role that holds `permission` (used by tests to find a role that lacks it). */
export const roles: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];
