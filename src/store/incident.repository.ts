import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Incident } from '../domain/incident.ts';
import type {
  Cluster,
  CrisisType,
  Culpability,
  Discloser,
  IncidentKind,
  Reputation,
  Stage,
  ViolationType,
} from '../shared/enums.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, json, jsonOrNull, toJson, toJsonOrNull, ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import type { Db } from './store.ts';
import type { IncidentsTable } from './tables.ts';

function toIncident(r: Selectable<IncidentsTable>): Incident {
  return {
    id: r.id,
    organizationId: r.organization_id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    kind: r.kind as IncidentKind,
    crisisType: r.crisis_type as CrisisType,
    clusterOverride: jsonOrNull<{ cluster: Cluster; reason: string }>(r.cluster_override),
    violationTypes: json<ViolationType[]>(r.violation_types),
    culpability: r.culpability as Culpability,
    culpabilityEvidence: json<string[]>(r.culpability_evidence),
    deceptionInvolved: bool(r.deception_involved),
    severity: r.severity,
    occurredAt: tsOrNull(r.occurred_at),
    detectedAt: ts(r.detected_at),
    disclosedAt: tsOrNull(r.disclosed_at),
    disclosedBy: r.disclosed_by as Discloser | null,
    affectedAudiences: json<string[]>(r.affected_audiences),
    priorSimilarIncidents: r.prior_similar_incidents,
    priorReputation: r.prior_reputation as Reputation,
    investigationOwner: r.investigation_owner,
    stage: r.stage as Stage,
    stageChangedAt: ts(r.stage_changed_at),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

export interface IncidentFilter {
  stage?: Stage | undefined;
  q?: string | undefined;
}

/** Incidents of one organization. */
export class IncidentRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private row(i: Incident) {
    return {
      organization_id: i.organizationId,
      id: i.id,
      slug: i.slug,
      title: i.title,
      summary: i.summary,
      kind: i.kind,
      crisis_type: i.crisisType,
      cluster_override: toJsonOrNull(i.clusterOverride),
      violation_types: toJson(i.violationTypes),
      culpability: i.culpability,
      culpability_evidence: toJson(i.culpabilityEvidence),
      deception_involved: this.dialect.bool(i.deceptionInvolved),
      severity: i.severity,
      occurred_at: i.occurredAt,
      detected_at: i.detectedAt,
      disclosed_at: i.disclosedAt,
      disclosed_by: i.disclosedBy,
      affected_audiences: toJson(i.affectedAudiences),
      prior_similar_incidents: i.priorSimilarIncidents,
      prior_reputation: i.priorReputation,
      investigation_owner: i.investigationOwner,
      stage: i.stage,
      stage_changed_at: i.stageChangedAt,
      version: i.version,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    };
  }

  async insert(i: Incident): Promise<void> {
    await this.db.insertInto('incidents').values(this.row(i)).execute();
  }

  async find(organizationId: string, id: string): Promise<Incident | undefined> {
    const r = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toIncident(r);
  }

  async findBySlug(organizationId: string, slug: string): Promise<Incident | undefined> {
    const r = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('slug', '=', slug)
      .executeTakeFirst();
    return r && toIncident(r);
  }

  async slugTaken(organizationId: string, slug: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('incidents')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('slug', '=', slug)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Newest first. `afterId` is the decoded cursor. */
  async list(
    organizationId: string,
    filter: IncidentFilter,
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<Incident>> {
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.stage !== undefined, (q) => q.where('stage', '=', filter.stage!))
      .$if(Boolean(filter.q), (q) =>
        q.where(
          sql<boolean>`${sql.ref('title')} ${sql.raw(this.dialect.ilike)} ${`%${escapeLike(filter.q!)}%`} escape '\\'`,
        ),
      )
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toIncident), page.limit);
  }

  async countByStage(organizationId: string): Promise<Partial<Record<Stage, number>>> {
    const rows = await this.db
      .selectFrom('incidents')
      .select(['stage', (eb) => eb.fn.countAll().as('n')])
      .where('organization_id', '=', organizationId)
      .groupBy('stage')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
  }

  async listAll(organizationId: string): Promise<Incident[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return rows.map(toIncident);
  }

  /**
   * Writes `next` if the stored version is still `next.version - 1` (optimistic concurrency).
   * @returns false when someone else changed the record first.
   */
  async update(next: Incident): Promise<boolean> {
    const { organization_id, id, created_at: _created, ...fields } = this.row(next);
    const r = await this.db
      .updateTable('incidents')
      .set(fields)
      .where('organization_id', '=', organization_id)
      .where('id', '=', id)
      .where('version', '=', next.version - 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

/** Escapes LIKE wildcards (with ESCAPE '\\'), so a search for "100%" or "data_breach" matches literally. */
function escapeLike(s: string): string {
  return s.replace(/[%_\\]/g, (c) => `\\${c}`);
}
