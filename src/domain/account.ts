import type { Role } from '../shared/enums.ts';

/** A tenant. Every other record belongs to exactly one. */
export interface Organization {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
  /**
   * Increases with every write to the organization's records, in the writing transaction: a read
   * cache keyed by it can never serve data older than the version it read.
   */
  dataVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  /** argon2id hash; null for a user imported or invited without a password yet. */
  passwordHash: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Membership {
  organizationId: string;
  userId: string;
  role: Role;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  organizationId: string;
  name: string;
  role: Role;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Who is acting: a signed-in person, an API token, or Amends itself (demo seed, import, jobs). */
export type Principal =
  | { kind: 'user'; userId: string; email: string; name: string }
  | { kind: 'token'; tokenId: string; organizationId: string; role: Role; name: string }
  | { kind: 'system'; label: string };

/** A stable string for a principal, used to scope idempotency keys. */
export function principalKey(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return `user:${p.userId}`;
    case 'token':
      return `token:${p.tokenId}`;
    case 'system':
      return `system:${p.label}`;
  }
}

/** principalKey() of whoever wrote something, from how it was recorded (principalLabel()). */
export function authorKey(a: { kind: Principal['kind']; id: string | null; label: string }): string {
  return `${a.kind}:${a.kind === 'system' ? a.label : a.id}`;
}

/** How a principal appears in the audit trail. */
export function principalLabel(p: Principal): { kind: Principal['kind']; id: string | null; label: string } {
  switch (p.kind) {
    case 'user':
      return { kind: 'user', id: p.userId, label: p.email };
    case 'token':
      return { kind: 'token', id: p.tokenId, label: `token “${p.name}”` };
    case 'system':
      return { kind: 'system', id: null, label: p.label };
  }
}
