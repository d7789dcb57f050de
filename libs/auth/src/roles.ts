/** Roles an API key can hold. A key has exactly one. */
export const ROLES = ['admin', 'editor', 'operator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What a route may require. `<resource>:<verb>`; read access is separate from every change. */
export const PERMISSIONS = [
  'connector-types:read',
  'instances:read',
  'instances:write',
  'instances:test',
  'mappings:read',
  'mappings:write',
  'flows:read',
  'flows:write',
  'sync-links:read',
  'sync-links:write',
  'runs:read',
  'runs:replay',
  'incidents:read',
  'approvals:read',
  'approvals:decide',
  'dlq:read',
  'dlq:replay',
  'audit:read',
  'kpis:read',
  'api-keys:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = PERMISSIONS.filter((p) => p.endsWith(':read') && p !== 'audit:read');

/**
 * The permission matrix, documented in the README. Viewers read everything but the audit trail;
 * operators also keep the pipes running (test connections, replay runs and dead letters);
 * approvers also decide approvals; editors also change configuration; admins do everything,
 * including API keys and the audit trail.
 */
export const PERMISSION_MATRIX: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(READ),
  operator: new Set([...READ, 'instances:test', 'runs:replay', 'dlq:replay']),
  approver: new Set([...READ, 'approvals:decide']),
  editor: new Set([
    ...READ,
    'instances:write',
    'instances:test',
    'mappings:write',
    'flows:write',
    'sync-links:write',
  ]),
  admin: new Set(PERMISSIONS),
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return PERMISSION_MATRIX[role].has(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
