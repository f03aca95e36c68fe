import { describe, expect, it } from 'vitest';
import { ROLES } from './enums.ts';
import { PERMISSIONS, ROLE_PERMISSIONS, can, rolesWith } from './permissions.ts';

describe('permission table', () => {
  it('should give every role read access and only owners and admins member and token management', () => {
    for (const role of ROLES) expect(can(role, 'incident:read')).toBe(true);
    expect(rolesWith('member:manage')).toEqual(['owner', 'admin']);
    expect(rolesWith('token:manage')).toEqual(['owner', 'admin']);
  });
  it('should keep viewers read-only and out of the audit trail', () => {
    expect(ROLE_PERMISSIONS.viewer).toEqual(['org:read', 'incident:read']);
  });
  it('should only name known permissions', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });
});
