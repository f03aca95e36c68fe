import type { Selectable } from 'kysely';
import type { ApiToken, Membership, Organization, User } from '../domain/account.ts';
import type { Role } from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { json, toJson, ts, tsOrNull } from './map.ts';
import type { Db } from './store.ts';
import type { ApiTokensTable, OrganizationsTable, UsersTable } from './tables.ts';

function toOrganization(r: Selectable<OrganizationsTable>): Organization {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    settings: json<Record<string, unknown>>(r.settings),
    dataVersion: r.data_version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

function toToken(r: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    role: r.role as Role,
    createdBy: r.created_by,
    createdAt: ts(r.created_at),
    lastUsedAt: tsOrNull(r.last_used_at),
    revokedAt: tsOrNull(r.revoked_at),
  };
}

export interface SessionRow {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/** Organizations, users, memberships, sessions and API tokens. */
export class AccountRepository {
  constructor(
    private readonly db: Db,
    _dialect: Dialect,
  ) {}

  async insertOrganization(o: Organization): Promise<void> {
    await this.db
      .insertInto('organizations')
      .values({
        id: o.id,
        slug: o.slug,
        name: o.name,
        settings: toJson(o.settings),
        data_version: o.dataVersion,
        created_at: o.createdAt,
        updated_at: o.updatedAt,
      })
      .execute();
  }

  async findOrganizationBySlug(slug: string): Promise<Organization | undefined> {
    const r = await this.db
      .selectFrom('organizations')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    return r && toOrganization(r);
  }

  async updateOrganizationSettings(
    id: string,
    settings: Record<string, unknown>,
    now: string,
  ): Promise<void> {
    await this.db
      .updateTable('organizations')
      .set({ settings: toJson(settings), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async findOrganizationById(id: string): Promise<Organization | undefined> {
    const r = await this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toOrganization(r);
  }

  async listOrganizations(): Promise<Organization[]> {
    const rows = await this.db.selectFrom('organizations').selectAll().orderBy('slug').execute();
    return rows.map(toOrganization);
  }

  /**
   * Marks the start of a write to the organization's records. Every writing transaction takes
   * this row lock first, so writes within one organization are serialized in one order (no
   * deadlocks) and read caches see the new version once the write commits.
   */
  async bumpDataVersion(organizationId: string): Promise<void> {
    await this.db
      .updateTable('organizations')
      .set((eb) => ({ data_version: eb('data_version', '+', 1) }))
      .where('id', '=', organizationId)
      .execute();
  }

  async insertUser(u: User): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email,
        name: u.name,
        password_hash: u.passwordHash,
        created_at: u.createdAt,
        updated_at: u.updatedAt,
      })
      .execute();
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    const r = await this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return r && toUser(r);
  }

  /** Inserts a user unless the e-mail is taken (a concurrent sign-up); false then. */
  async insertUserIfNew(u: User): Promise<boolean> {
    const r = await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email,
        name: u.name,
        password_hash: u.passwordHash,
        created_at: u.createdAt,
        updated_at: u.updatedAt,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async deleteSessionsOfUser(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteMembership(organizationId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('memberships')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .execute();
  }

  /** Inserts an organization unless the slug is taken; false then. */
  async insertOrganizationIfNew(o: Organization): Promise<boolean> {
    const r = await this.db
      .insertInto('organizations')
      .values({
        id: o.id,
        slug: o.slug,
        name: o.name,
        settings: toJson(o.settings),
        data_version: o.dataVersion,
        created_at: o.createdAt,
        updated_at: o.updatedAt,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async setPassword(userId: string, hash: string, now: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: hash, updated_at: now })
      .where('id', '=', userId)
      .execute();
  }

  async upsertMembership(m: Membership): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({
        organization_id: m.organizationId,
        user_id: m.userId,
        role: m.role,
        created_at: m.createdAt,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ role: m.role }))
      .execute();
  }

  async findRole(organizationId: string, userId: string): Promise<Role | undefined> {
    const r = await this.db
      .selectFrom('memberships')
      .select('role')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r?.role as Role | undefined;
  }

  async listMembershipsOfUser(userId: string): Promise<{ organization: Organization; role: Role }[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
      .selectAll('organizations')
      .select('memberships.role')
      .where('memberships.user_id', '=', userId)
      .orderBy('organizations.slug')
      .execute();
    return rows.map((r) => ({ organization: toOrganization(r), role: r.role as Role }));
  }

  async listMembers(organizationId: string): Promise<{ user: User; role: Role; createdAt: string }[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .selectAll('users')
      .select(['memberships.role', 'memberships.created_at as joined_at'])
      .where('memberships.organization_id', '=', organizationId)
      .orderBy('users.email')
      .execute();
    return rows.map((r) => ({ user: toUser(r), role: r.role as Role, createdAt: ts(r.joined_at) }));
  }

  async insertSession(s: SessionRow): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  /** A session that has not expired at `now`, with its user. */
  async findLiveSession(id: string, now: string): Promise<{ session: SessionRow; user: User } | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.id as session_id',
        'sessions.csrf_token',
        'sessions.created_at as session_created_at',
        'sessions.expires_at',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const expiresAt = ts(r.expires_at);
    if (expiresAt <= now) return undefined;
    return {
      session: {
        id: r.session_id,
        userId: r.id,
        csrfToken: r.csrf_token,
        createdAt: ts(r.session_created_at),
        expiresAt,
      },
      user: toUser(r),
    };
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async insertToken(t: ApiToken, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        organization_id: t.organizationId,
        id: t.id,
        name: t.name,
        token_hash: tokenHash,
        role: t.role,
        created_by: t.createdBy,
        created_at: t.createdAt,
        last_used_at: t.lastUsedAt,
        revoked_at: t.revokedAt,
      })
      .execute();
  }

  /** A token that has not been revoked. */
  async findLiveTokenByHash(tokenHash: string): Promise<ApiToken | undefined> {
    const r = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return r && toToken(r);
  }

  async touchToken(organizationId: string, id: string, now: string): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  async listTokens(organizationId: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toToken);
  }

  async revokeToken(organizationId: string, id: string, now: string): Promise<ApiToken | undefined> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return r && toToken(r);
  }
}
