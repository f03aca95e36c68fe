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
  'org:settings',
  'statement:write',
  'statement:approve',
  'statement:publish',
  'subscription:manage',
  'leadership:write',
  'theme:write',
  'survey:write',
  'case:write',
  // Feedback entered or sent in by staff and tools: imports, the inbound webhook, conversation notes.
  'feedback:write',
  // Acknowledge a metric alert (early warning): whoever watches the measures.
  'alert:ack',
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
    'statement:write',
    'statement:approve',
    'leadership:write',
    'theme:write',
    'survey:write',
    'case:write',
    'feedback:write',
    'alert:ack',
  ],
  // Communications leads draft, publish and track what is said, and who hears it.
  communicator: [
    ...READ,
    'commitment:write',
    'statement:write',
    'statement:approve',
    'statement:publish',
    'subscription:manage',
    'leadership:write',
    'theme:write',
    'survey:write',
    'case:write',
    'feedback:write',
    'alert:ack',
  ],
  // Leaders sign, approve and make promises, and log how they show up.
  leader: [
    ...READ,
    'commitment:write',
    'audit:read',
    'statement:write',
    'statement:approve',
    'leadership:write',
  ],
  // Analysts run surveys and shape how feedback is grouped (measurement is theirs), but change no
  // recovery records.
  analyst: [...READ, 'audit:read', 'theme:write', 'survey:write', 'alert:ack'],
  auditor: [...READ, 'audit:read', 'org:export'],
  viewer: [...READ],
});

/**
 * statement:approve says who *may* be allowed to review statements; each organization's approval
 * policy (settings) names which of those roles actually review, and how many approvals it takes.
 */

/** True when `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles holding a permission, in the table's order. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => can(r, permission));
}
