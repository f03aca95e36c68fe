import type { Role } from './enums.ts';
import { ROLES } from './enums.ts';

/**
 * What each role may do: the one permission table. Services check it; the HTTP authorization
 * matrix test is generated from it, so a change here is a change to the tested contract.
 */
export const PERMISSIONS = [
  'org:read',
  'incident:read',
  'incident:write',
  'incident:transition',
  'root_cause:write',
  'action:write',
  'commitment:write',
  'audit:read',
  'member:manage',
  'token:manage',
  'org:export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['org:read', 'incident:read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  owner: [...PERMISSIONS],
  admin: [...PERMISSIONS],
  editor: [
    ...READ,
    'incident:write',
    'incident:transition',
    'root_cause:write',
    'action:write',
    'commitment:write',
    'audit:read',
  ],
  // Communications leads register the promises they make in public and read the record.
  communicator: [...READ, 'commitment:write'],
  // Leaders make and keep promises; approvals of statements arrive with the statements feature.
  leader: [...READ, 'commitment:write', 'audit:read'],
  analyst: [...READ, 'audit:read'],
  auditor: [...READ, 'audit:read', 'org:export'],
  viewer: [...READ],
});

/** True when `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles holding a permission, in the table's order. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => can(r, permission));
}
