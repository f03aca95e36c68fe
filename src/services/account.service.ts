import argon2 from 'argon2';
import { LRUCache } from 'lru-cache';
import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, Organization, Principal, User } from '../domain/account.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Permission } from '../domain/permissions.ts';
import { ROLE_PERMISSIONS } from '../domain/permissions.ts';
import { approvalPolicy } from '../domain/statement.ts';
import { OrgSlugSchema } from '../shared/contract/index.ts';
import type { Role } from '../shared/enums.ts';
import { newId } from '../store/ids.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { audit, authorize, authorizeWrite, nowIso } from './common.ts';

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4) as recommended by RFC 9106. */
const HASH_OPTIONS = { type: argon2.argon2id } as const;

/** SHA-256 of a high-entropy secret (session ids, API tokens); passwords use argon2id instead. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function secret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** A password people can type, for `amends user create` without one. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

export interface SessionInfo {
  user: User;
  memberships: { organization: Organization; role: Role }[];
  csrfToken: string;
  expiresAt: string;
}

export interface Authenticated {
  principal: Principal;
  /** Set for cookie sessions: writes must echo it in X-CSRF-Token. */
  csrfToken?: string;
}

const MIN_PASSWORD = 10;

/** How long another instance may keep accepting a token revoked elsewhere. */
export const TOKEN_CACHE_TTL_MS = 5_000;

/** Organizations, people, sign-in sessions and API tokens. */
export class AccountService {
  private dummyHash: Promise<string> | undefined;
  /**
   * Recently seen API tokens, so a busy client costs one hash, not a query, per request. A token
   * revoked here stops at once; one revoked on another instance stops within the TTL.
   */
  private readonly tokenCache = new LRUCache<string, Authenticated>({ max: 10_000, ttl: TOKEN_CACHE_TTL_MS });
  /** Tokens revoked here lately: a lookup that raced the revocation must not cache them again. */
  private readonly recentlyRevoked = new LRUCache<string, true>({ max: 10_000, ttl: 2 * TOKEN_CACHE_TTL_MS });

  constructor(
    private readonly deps: ServiceDeps,
    private readonly sessionTtlHours = 24 * 7,
  ) {}

  private get store() {
    return this.deps.store;
  }

  /**
   * Creates an organization. A signed-in creator becomes its owner.
   * @throws AppError `conflict` when the slug is taken.
   */
  async createOrganization(
    ctx: RequestContext,
    input: { slug: string; name: string },
  ): Promise<Organization> {
    const slug = OrgSlugSchema.safeParse(input.slug);
    if (!slug.success) throw invalid('body.slug', slug.error.issues[0]?.message ?? 'is not a valid slug');
    return this.store.transaction(async (tx) => {
      const now = nowIso(this.deps.clock);
      const org: Organization = {
        id: newId(),
        slug: input.slug,
        name: input.name,
        settings: {},
        dataVersion: 0,
        createdAt: now,
        updatedAt: now,
      };
      // ON CONFLICT rather than look-then-insert: two people racing for a slug get a 409, not a 500.
      if (!(await tx.accounts.insertOrganizationIfNew(org))) {
        throw new AppError('conflict', `an organization with slug "${input.slug}" already exists`, [
          { path: 'body.slug', message: 'is already taken' },
        ]);
      }
      if (ctx.principal.kind === 'user') {
        await tx.accounts.upsertMembership({
          organizationId: org.id,
          userId: ctx.principal.userId,
          role: 'owner',
          createdAt: now,
        });
      }
      await audit(tx, ctx, org, now, {
        action: 'created',
        recordType: 'organization',
        recordId: org.id,
        after: org,
      });
      return org;
    });
  }

  /**
   * Gives a person `role` in the organization, creating their account when the e-mail is new.
   * A new account gets `password`, or a generated one that is returned once. An existing account
   * keeps its password unless `resetPassword` is set, which also ends its sessions.
   * @throws AppError `validation` for a password under 10 characters, `forbidden` for a role the
   * caller may not grant, `not_found` for an unknown organization.
   */
  async addMember(
    ctx: RequestContext,
    orgSlug: string,
    input: {
      email: string;
      name?: string | undefined;
      role: Role;
      password?: string | undefined;
      resetPassword?: boolean | undefined;
    },
  ): Promise<{ user: User; created: boolean; passwordChanged: boolean; generatedPassword?: string }> {
    if (input.password !== undefined && input.password.length < MIN_PASSWORD) {
      throw invalid('password', `must be at least ${MIN_PASSWORD} characters`);
    }
    const email = input.email.trim().toLowerCase();
    const exists = (await this.store.accounts.findUserByEmail(email)) !== undefined;
    const setPassword = !exists || input.resetPassword === true;
    const generatedPassword = setPassword && input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword;
    const hash = setPassword && password ? await argon2.hash(password, HASH_OPTIONS) : null;
    return this.store.transaction(async (tx) => {
      const { org, role: ownRole } = await authorizeWrite(tx, ctx, orgSlug, 'member:manage');
      assertGrantable(ownRole, input.role);
      const now = nowIso(this.deps.clock);
      let user = await tx.accounts.findUserByEmail(email);
      const created = !user;
      if (!user) {
        if (!hash) throw new AppError('conflict', 'the account was removed meanwhile; try again');
        user = {
          id: newId(),
          email,
          name: input.name?.trim() || email.split('@')[0]!,
          passwordHash: hash,
          createdAt: now,
          updatedAt: now,
        };
        if (!(await tx.accounts.insertUserIfNew(user))) {
          throw new AppError('conflict', `an account for ${email} was created at the same time; try again`);
        }
      } else if (hash && input.resetPassword) {
        await tx.accounts.setPassword(user.id, hash, now);
        await tx.accounts.deleteSessionsOfUser(user.id);
      }
      const before = await tx.accounts.findRole(org.id, user.id);
      await tx.accounts.upsertMembership({
        organizationId: org.id,
        userId: user.id,
        role: input.role,
        createdAt: now,
      });
      await audit(tx, ctx, org, now, {
        action: before ? 'role_changed' : 'member_added',
        recordType: 'membership',
        recordId: user.id,
        before: before ? { email, role: before } : null,
        after: { email, role: input.role, ...(input.resetPassword ? { passwordReset: true } : {}) },
      });
      return {
        user,
        created,
        passwordChanged: created || input.resetPassword === true,
        ...(generatedPassword ? { generatedPassword } : {}),
      };
    });
  }

  /**
   * Removes a person from the organization (their account stays, for their other organizations).
   * @throws AppError `not_found` when they are not a member, `conflict` for the last owner.
   */
  async removeMember(ctx: RequestContext, orgSlug: string, userId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const { org, role: ownRole } = await authorizeWrite(tx, ctx, orgSlug, 'member:manage');
      const role = await tx.accounts.findRole(org.id, userId);
      if (!role) throw notFound('member');
      assertGrantable(ownRole, role);
      if (role === 'owner') {
        const owners = (await tx.accounts.listMembers(org.id)).filter((m) => m.role === 'owner');
        if (owners.length <= 1) throw new AppError('conflict', 'an organization keeps at least one owner');
      }
      await tx.accounts.deleteMembership(org.id, userId);
      await audit(tx, ctx, org, nowIso(this.deps.clock), {
        action: 'member_removed',
        recordType: 'membership',
        recordId: userId,
        before: { role },
      });
    });
  }

  /** The organization's settings (the statement approval policy, for now). */
  async settings(ctx: RequestContext, orgSlug: string): Promise<Record<string, unknown>> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'org:read');
    return { statements: approvalPolicy(org.settings) };
  }

  /** Replaces the named settings sections. */
  async updateSettings(
    ctx: RequestContext,
    orgSlug: string,
    patch: { statements: { requiredApprovals: number; approverRoles: Role[] } },
  ): Promise<Record<string, unknown>> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'org:settings');
      const now = nowIso(this.deps.clock);
      const next = { ...org.settings, ...patch };
      await tx.accounts.updateOrganizationSettings(org.id, next, now);
      await audit(tx, ctx, org, now, {
        action: 'settings_changed',
        recordType: 'organization',
        recordId: org.id,
        before: org.settings,
        after: next,
      });
      return { statements: approvalPolicy(next) };
    });
  }

  async listMembers(ctx: RequestContext, orgSlug: string) {
    const { org } = await authorize(this.store, ctx, orgSlug, 'org:read');
    return this.store.accounts.listMembers(org.id);
  }

  /**
   * Checks an e-mail and password and opens a session.
   * @returns the session secret (for the cookie) and what the console needs.
   * @throws AppError `unauthenticated` with the same message whether the e-mail or the password was wrong.
   */
  async login(email: string, password: string): Promise<{ token: string; session: SessionInfo }> {
    const user = await this.store.accounts.findUserByEmail(email.trim().toLowerCase());
    // Verify against a dummy hash when there is no such user, so timing does not reveal who exists.
    this.dummyHash ??= argon2.hash('not a password of anyone', HASH_OPTIONS);
    const ok = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !user.passwordHash || !ok) {
      throw new AppError('unauthenticated', 'the e-mail or password is not right');
    }
    const now = nowIso(this.deps.clock);
    const token = secret();
    const expiresAt = new Date(Date.parse(now) + this.sessionTtlHours * 3_600_000).toISOString();
    const csrfToken = secret();
    await this.store.accounts.insertSession({
      id: secretHash(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt,
    });
    await this.store.accounts.deleteExpiredSessions(now);
    return {
      token,
      session: {
        user,
        memberships: await this.store.accounts.listMembershipsOfUser(user.id),
        csrfToken,
        expiresAt,
      },
    };
  }

  async logout(token: string): Promise<void> {
    await this.store.accounts.deleteSession(secretHash(token));
  }

  /** The live session behind a cookie value, or undefined. */
  async session(token: string): Promise<SessionInfo | undefined> {
    const found = await this.store.accounts.findLiveSession(secretHash(token), nowIso(this.deps.clock));
    if (!found) return undefined;
    return {
      user: found.user,
      memberships: await this.store.accounts.listMembershipsOfUser(found.user.id),
      csrfToken: found.session.csrfToken,
      expiresAt: found.session.expiresAt,
    };
  }

  /** Resolves a session cookie to a principal. */
  async authenticateSession(token: string): Promise<Authenticated | undefined> {
    const found = await this.store.accounts.findLiveSession(secretHash(token), nowIso(this.deps.clock));
    if (!found) return undefined;
    return {
      principal: { kind: 'user', userId: found.user.id, email: found.user.email, name: found.user.name },
      csrfToken: found.session.csrfToken,
    };
  }

  /** Resolves a bearer token to a principal; records its last use at most once a minute. */
  async authenticateToken(token: string): Promise<Authenticated | undefined> {
    const hash = secretHash(token);
    const cached = this.tokenCache.get(hash);
    if (cached) return cached;
    const found = await this.store.accounts.findLiveTokenByHash(hash);
    if (!found) return undefined;
    const now = nowIso(this.deps.clock);
    if (!found.lastUsedAt || Date.parse(now) - Date.parse(found.lastUsedAt) > 60_000) {
      await this.store.accounts.touchToken(found.organizationId, found.id, now);
    }
    if (this.recentlyRevoked.has(found.id)) return undefined;
    const authenticated: Authenticated = {
      principal: {
        kind: 'token',
        tokenId: found.id,
        organizationId: found.organizationId,
        role: found.role,
        name: found.name,
      },
    };
    this.tokenCache.set(hash, authenticated);
    return authenticated;
  }

  /**
   * Checks a permission in an organization and returns it with the role — for callers that need
   * the organization's data version (read caches) before doing the work.
   * @throws AppError `not_found` or `forbidden`.
   */
  async access(ctx: RequestContext, orgSlug: string, permission: Permission) {
    return authorize(this.store, ctx, orgSlug, permission);
  }

  /**
   * Creates an API token scoped to one organization and role. The secret is returned once and
   * only its hash is stored. Nobody can mint a token with powers they do not hold.
   */
  async createToken(
    ctx: RequestContext,
    orgSlug: string,
    input: { name: string; role: Role },
  ): Promise<{ token: string; record: ApiToken }> {
    return this.store.transaction(async (tx) => {
      const { org, role } = await authorizeWrite(tx, ctx, orgSlug, 'token:manage');
      assertGrantable(role, input.role);
      const now = nowIso(this.deps.clock);
      const token = secret('amends_');
      const record: ApiToken = {
        id: newId(),
        organizationId: org.id,
        name: input.name,
        role: input.role,
        createdBy: ctx.principal.kind === 'user' ? ctx.principal.userId : null,
        createdAt: now,
        lastUsedAt: null,
        revokedAt: null,
      };
      await tx.accounts.insertToken(record, secretHash(token));
      await audit(tx, ctx, org, now, {
        action: 'created',
        recordType: 'api_token',
        recordId: record.id,
        after: record,
      });
      return { token, record };
    });
  }

  async listTokens(ctx: RequestContext, orgSlug: string): Promise<ApiToken[]> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'token:manage');
    return this.store.accounts.listTokens(org.id);
  }

  async revokeToken(ctx: RequestContext, orgSlug: string, id: string): Promise<ApiToken> {
    const revoked = await this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'token:manage');
      const now = nowIso(this.deps.clock);
      const found = await tx.accounts.revokeToken(org.id, id, now);
      if (!found) throw notFound('API token');
      await audit(tx, ctx, org, now, {
        action: 'revoked',
        recordType: 'api_token',
        recordId: id,
        after: { revokedAt: now },
      });
      return found;
    });
    // After the commit, and in one synchronous step with the cache check in authenticateToken, so a
    // lookup that raced the revocation cannot put the token back in the cache.
    this.recentlyRevoked.set(id, true);
    for (const [hash, auth] of this.tokenCache.entries()) {
      if (auth.principal.kind === 'token' && auth.principal.tokenId === id) this.tokenCache.delete(hash);
    }
    return revoked;
  }

  /** Organizations the principal belongs to, with its role in each. */
  async myOrganizations(ctx: RequestContext): Promise<{ organization: Organization; role: Role }[]> {
    switch (ctx.principal.kind) {
      case 'user':
        return this.store.accounts.listMembershipsOfUser(ctx.principal.userId);
      case 'token': {
        const org = await this.store.accounts.findOrganizationById(ctx.principal.organizationId);
        return org ? [{ organization: org, role: ctx.principal.role }] : [];
      }
      case 'system':
        return (await this.store.accounts.listOrganizations()).map((organization) => ({
          organization,
          role: 'owner' as const,
        }));
    }
  }
}

/** Refuses granting a role with a permission the granter lacks; only owners make owners. */
function assertGrantable(own: Role, granted: Role): void {
  if (granted === 'owner' && own !== 'owner') {
    throw new AppError('forbidden', 'only an owner can grant or remove the owner role');
  }
  const mine = ROLE_PERMISSIONS[own];
  const missing = ROLE_PERMISSIONS[granted].filter((p) => !mine.includes(p));
  if (missing.length > 0) {
    throw new AppError('forbidden', `your role (${own}) cannot grant the role ${granted}`);
  }
}
