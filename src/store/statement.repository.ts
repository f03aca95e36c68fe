import type { Selectable } from 'kysely';
import type { Review, Statement, StatementLink, StatementVersion } from '../domain/statement.ts';
import type { Role, StatementKind, StatementState } from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { json, toJson, ts, tsOrNull } from './map.ts';
import type { Db } from './store.ts';
import type { StatementReviewsTable, StatementVersionsTable, StatementsTable } from './tables.ts';

function toStatement(r: Selectable<StatementsTable>): Statement {
  return {
    id: r.id,
    organizationId: r.organization_id,
    incidentId: r.incident_id,
    kind: r.kind as StatementKind,
    channels: json<string[]>(r.channels),
    state: r.state as StatementState,
    currentVersion: r.current_version,
    publishedVersion: r.published_version,
    firstPublishedAt: tsOrNull(r.first_published_at),
    lastPublishedAt: tsOrNull(r.last_published_at),
    scheduledAt: tsOrNull(r.scheduled_at),
    retractedAt: tsOrNull(r.retracted_at),
    retractionReason: r.retraction_reason,
    nextUpdateBy: tsOrNull(r.next_update_by),
    links: json<StatementLink[]>(r.links),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

function toVersion(r: Selectable<StatementVersionsTable>): StatementVersion {
  return {
    organizationId: r.organization_id,
    statementId: r.statement_id,
    number: r.number,
    title: r.title,
    body: r.body,
    audiences: json<string[]>(r.audiences),
    byline: r.byline,
    author: {
      kind: r.author_kind as StatementVersion['author']['kind'],
      id: r.author_id,
      label: r.author_label,
    },
    contentHash: r.content_hash,
    createdAt: ts(r.created_at),
    publishedAt: tsOrNull(r.published_at),
    overrideReason: r.override_reason,
  };
}

function toReview(r: Selectable<StatementReviewsTable>): Review {
  return {
    id: r.id,
    organizationId: r.organization_id,
    statementId: r.statement_id,
    versionNumber: r.version_number,
    reviewerKey: r.reviewer_key,
    reviewerLabel: r.reviewer_label,
    reviewerRole: r.reviewer_role as Role,
    decision: r.decision as Review['decision'],
    comment: r.comment,
    at: ts(r.at),
  };
}

/** Statements, their versions and their reviews. */
export class StatementRepository {
  constructor(
    private readonly db: Db,
    _dialect: Dialect,
  ) {}

  private row(s: Statement) {
    return {
      organization_id: s.organizationId,
      id: s.id,
      incident_id: s.incidentId,
      kind: s.kind,
      channels: toJson(s.channels),
      state: s.state,
      current_version: s.currentVersion,
      published_version: s.publishedVersion,
      first_published_at: s.firstPublishedAt,
      last_published_at: s.lastPublishedAt,
      scheduled_at: s.scheduledAt,
      retracted_at: s.retractedAt,
      retraction_reason: s.retractionReason,
      next_update_by: s.nextUpdateBy,
      links: toJson(s.links),
      version: s.version,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    };
  }

  async insert(s: Statement): Promise<void> {
    await this.db.insertInto('statements').values(this.row(s)).execute();
  }

  async find(organizationId: string, id: string): Promise<Statement | undefined> {
    const r = await this.db
      .selectFrom('statements')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toStatement(r);
  }

  /** Oldest first. */
  async listByIncident(organizationId: string, incidentId: string): Promise<Statement[]> {
    const rows = await this.db
      .selectFrom('statements')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute();
    return rows.map(toStatement);
  }

  async listAll(organizationId: string): Promise<Statement[]> {
    const rows = await this.db
      .selectFrom('statements')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return rows.map(toStatement);
  }

  /** The published version of every published statement of the organization, with its incident. */
  async listPublished(organizationId: string): Promise<{ incidentId: string; version: StatementVersion }[]> {
    const rows = await this.db
      .selectFrom('statements')
      .innerJoin('statement_versions', (j) =>
        j
          .onRef('statement_versions.organization_id', '=', 'statements.organization_id')
          .onRef('statement_versions.statement_id', '=', 'statements.id')
          .onRef('statement_versions.number', '=', 'statements.published_version'),
      )
      .selectAll('statement_versions')
      .select('statements.incident_id')
      .where('statements.organization_id', '=', organizationId)
      .orderBy('statement_versions.published_at')
      .execute();
    return rows.map((r) => ({ incidentId: r.incident_id, version: toVersion(r) }));
  }

  /** Approved statements whose scheduled time has come, across organizations. */
  async listDueForPublication(now: string, limit: number): Promise<{ organizationId: string; id: string }[]> {
    const rows = await this.db
      .selectFrom('statements')
      .select(['organization_id', 'id'])
      .where('state', '=', 'approved')
      .where('scheduled_at', 'is not', null)
      .where('scheduled_at', '<=', now)
      .orderBy('scheduled_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ organizationId: r.organization_id, id: r.id }));
  }

  /** Optimistic update; false when the stored version moved on. */
  async update(next: Statement): Promise<boolean> {
    const { organization_id, id, created_at: _created, ...fields } = this.row(next);
    const r = await this.db
      .updateTable('statements')
      .set(fields)
      .where('organization_id', '=', organization_id)
      .where('id', '=', id)
      .where('version', '=', next.version - 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertVersion(v: StatementVersion): Promise<void> {
    await this.db
      .insertInto('statement_versions')
      .values({
        organization_id: v.organizationId,
        statement_id: v.statementId,
        number: v.number,
        title: v.title,
        body: v.body,
        audiences: toJson(v.audiences),
        byline: v.byline,
        author_kind: v.author.kind,
        author_id: v.author.id,
        author_label: v.author.label,
        content_hash: v.contentHash,
        created_at: v.createdAt,
        published_at: v.publishedAt,
        override_reason: v.overrideReason,
      })
      .execute();
  }

  async markVersionPublished(
    organizationId: string,
    statementId: string,
    number: number,
    at: string | null,
    overrideReason: string | null,
  ): Promise<void> {
    await this.db
      .updateTable('statement_versions')
      .set({ published_at: at, override_reason: overrideReason })
      .where('organization_id', '=', organizationId)
      .where('statement_id', '=', statementId)
      .where('number', '=', number)
      .execute();
  }

  async findVersion(
    organizationId: string,
    statementId: string,
    number: number,
  ): Promise<StatementVersion | undefined> {
    const r = await this.db
      .selectFrom('statement_versions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('statement_id', '=', statementId)
      .where('number', '=', number)
      .executeTakeFirst();
    return r && toVersion(r);
  }

  /** Versions of many statements (all of them when `statementIds` is undefined), in order. */
  async listVersions(organizationId: string, statementIds?: string[]): Promise<StatementVersion[]> {
    if (statementIds && statementIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('statement_versions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(statementIds !== undefined, (q) => q.where('statement_id', 'in', statementIds!))
      .orderBy('statement_id')
      .orderBy('number')
      .execute();
    return rows.map(toVersion);
  }

  async insertReview(r: Review): Promise<void> {
    await this.db
      .insertInto('statement_reviews')
      .values({
        organization_id: r.organizationId,
        id: r.id,
        statement_id: r.statementId,
        version_number: r.versionNumber,
        reviewer_key: r.reviewerKey,
        reviewer_label: r.reviewerLabel,
        reviewer_role: r.reviewerRole,
        decision: r.decision,
        comment: r.comment,
        at: r.at,
      })
      .execute();
  }

  /** Reviews of many statements (all of them when `statementIds` is undefined), oldest first. */
  async listReviews(organizationId: string, statementIds?: string[]): Promise<Review[]> {
    if (statementIds && statementIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('statement_reviews')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(statementIds !== undefined, (q) => q.where('statement_id', 'in', statementIds!))
      .orderBy('id')
      .execute();
    return rows.map(toReview);
  }
}
