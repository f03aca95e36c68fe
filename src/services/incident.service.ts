import type { Organization } from '../domain/account.ts';
import { isActive, isComplete, isOverdue } from '../domain/action.ts';
import type { SayDo } from '../domain/commitment.ts';
import { sayDo } from '../domain/commitment.ts';
import type { Advice } from '../domain/advisor.ts';
import { advise } from '../domain/advisor.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { ClusterDerivation, Incident } from '../domain/incident.ts';
import { defaultCrisisType, deriveCluster, slugify } from '../domain/incident.ts';
import type { Readiness, StageContext } from '../domain/stage-gates.ts';
import { assertTransition, readiness } from '../domain/stage-gates.ts';
import type { IncidentCreate, IncidentPatch, TransitionInput } from '../shared/contract/index.ts';
import type { Stage } from '../shared/enums.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { Store } from '../store/store.ts';
import type { CreateOptions, Created, Expected, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  canonicalTimestamp,
  cursorId,
  idempotentCreate,
  nowIso,
  optionalTimestamp,
  pick,
  staleError,
} from './common.ts';

/** An incident with what is derived from it and its records. */
export interface IncidentSummary {
  incident: Incident;
  cluster: ClusterDerivation;
  sayDo: SayDo;
  openActions: number;
  overdueActions: number;
}

export interface IncidentDetail extends IncidentSummary {
  readiness: Readiness;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds an incident of `org` by id or slug.
 * @throws AppError `not_found`, also when it belongs to another organization.
 */
export async function getIncident(store: Store, org: Organization, ref: string): Promise<Incident> {
  const incident = UUID.test(ref)
    ? await store.incidents.find(org.id, ref)
    : await store.incidents.findBySlug(org.id, ref);
  if (!incident) throw notFound('incident');
  return incident;
}

/** Closed incidents are a record; reopen one (move it back to evaluate) to change it. */
export function assertOpen(incident: Incident): void {
  if (incident.stage === 'closed') {
    throw new AppError(
      'conflict',
      'the incident is closed; reopen it (move it back to evaluate, with a reason) to change its records',
    );
  }
}

/** Refuses timestamps that contradict each other or lie in the future. */
function assertChronology(i: Pick<Incident, 'occurredAt' | 'detectedAt' | 'disclosedAt'>, now: string): void {
  // A little clock skew between a client and this server is normal.
  const latest = new Date(Date.parse(now) + 5 * 60_000).toISOString();
  for (const [field, v] of [
    ['occurredAt', i.occurredAt],
    ['detectedAt', i.detectedAt],
    ['disclosedAt', i.disclosedAt],
  ] as const) {
    if (v && v > latest) throw invalid(`body.${field}`, 'must not be in the future');
  }
  if (i.occurredAt && i.occurredAt > i.detectedAt) {
    throw invalid('body.detectedAt', 'must not be before occurredAt');
  }
  if (i.disclosedAt && i.disclosedAt < i.detectedAt) {
    throw invalid('body.disclosedAt', 'must not be before detectedAt');
  }
}

/** Declaring, reading, editing and moving incidents through the recovery stages. */
export class IncidentService {
  constructor(private readonly deps: ServiceDeps) {}

  private get store() {
    return this.deps.store;
  }

  private async stageContext(tx: Store, incident: Incident, now: string): Promise<StageContext> {
    const [rootCauses, actions, commitments] = await Promise.all([
      tx.rootCauses.listByIncident(incident.organizationId, incident.id),
      tx.actions.listByIncident(incident.organizationId, incident.id),
      tx.commitments.listByIncident(incident.organizationId, incident.id),
    ]);
    return { incident, rootCauses, actions, commitments, now };
  }

  /** Everything the incident view shows, from one consistent read. */
  async detail(tx: Store, incident: Incident): Promise<IncidentDetail> {
    const now = nowIso(this.deps.clock);
    const ctx = await this.stageContext(tx, incident, now);
    return {
      incident,
      cluster: deriveCluster(incident),
      sayDo: sayDo(ctx.commitments, now),
      openActions: ctx.actions.filter((a) => isActive(a) && !isComplete(a)).length,
      overdueActions: ctx.actions.filter((a) => isOverdue(a, now)).length,
      readiness: readiness(ctx),
    };
  }

  private async uniqueSlug(tx: Store, orgId: string, base: string): Promise<string> {
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? base : `${base.slice(0, 58).replace(/-+$/, '')}-${n}`;
      if (!(await tx.incidents.slugTaken(orgId, candidate))) return candidate;
    }
    throw new AppError('conflict', 'could not find a free slug; choose one');
  }

  /**
   * Declares an incident in the respond stage. The slug defaults from the title.
   * @throws AppError `validation` (chronology), `conflict` (slug taken), `forbidden`, `not_found`.
   */
  async create(
    ctx: RequestContext,
    orgSlug: string,
    input: IncidentCreate,
    opts: CreateOptions = {},
  ): Promise<Created<IncidentDetail>> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'incident:write');
      const now = nowIso(this.deps.clock);
      const result = await idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'incident',
        now,
        async (id) => {
          if (input.slug && (await tx.incidents.slugTaken(org.id, input.slug))) {
            throw new AppError('conflict', `an incident with slug "${input.slug}" already exists`, [
              { path: 'body.slug', message: 'is already taken in this organization' },
            ]);
          }
          const incident: Incident = {
            id,
            organizationId: org.id,
            slug: input.slug ?? (await this.uniqueSlug(tx, org.id, slugify(input.title))),
            title: input.title,
            summary: input.summary ?? null,
            kind: input.kind,
            crisisType: input.crisisType ?? defaultCrisisType(input.kind),
            clusterOverride: input.clusterOverride ?? null,
            violationTypes: input.violationTypes ?? [],
            culpability: input.culpability ?? 'undetermined',
            culpabilityEvidence: input.culpabilityEvidence ?? [],
            deceptionInvolved: input.deceptionInvolved ?? false,
            severity: input.severity ?? 3,
            occurredAt: optionalTimestamp(input.occurredAt) ?? null,
            detectedAt: input.detectedAt ? canonicalTimestamp(input.detectedAt) : now,
            disclosedAt: optionalTimestamp(input.disclosedAt) ?? null,
            disclosedBy: input.disclosedBy ?? null,
            affectedAudiences: [...new Set(input.affectedAudiences ?? [])],
            priorSimilarIncidents: input.priorSimilarIncidents ?? 0,
            priorReputation: input.priorReputation ?? 'neutral',
            investigationOwner: input.investigationOwner ?? null,
            stage: 'respond',
            stageChangedAt: now,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          assertChronology(incident, now);
          await tx.incidents.insert(incident);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'incident',
            recordId: id,
            incidentId: id,
            after: incident,
          });
          return incident;
        },
        (id) => getIncident(tx, org, id),
      );
      return { record: await this.detail(tx, result.record), replayed: result.replayed };
    });
  }

  /** @throws AppError `not_found` for a missing incident or another organization's. */
  async get(ctx: RequestContext, orgSlug: string, ref: string): Promise<IncidentDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorize(tx, ctx, orgSlug, 'incident:read');
      return this.detail(tx, await getIncident(tx, org, ref));
    });
  }

  /** Newest first, with say–do and overdue counts per incident. */
  async list(
    ctx: RequestContext,
    orgSlug: string,
    filter: { stage?: Stage | undefined; q?: string | undefined },
    page: PageRequest,
  ): Promise<Page<IncidentSummary>> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    const result = await this.store.incidents.list(org.id, filter, {
      ...page,
      afterId: cursorId(page.cursor),
    });
    const ids = result.items.map((i) => i.id);
    const [actions, commitments] = await Promise.all([
      this.store.actions.statusesByIncident(org.id, ids),
      this.store.commitments.digests(org.id, ids),
    ]);
    const now = nowIso(this.deps.clock);
    return {
      nextCursor: result.nextCursor,
      items: result.items.map((incident) => {
        const own = actions.filter((a) => a.incidentId === incident.id);
        return {
          incident,
          cluster: deriveCluster(incident),
          sayDo: sayDo(
            commitments.filter((c) => c.incidentId === incident.id),
            now,
          ),
          openActions: own.filter((a) => isActive(a) && !isComplete(a)).length,
          overdueActions: own.filter((a) => isOverdue(a, now)).length,
        };
      }),
    };
  }

  /**
   * The strategy advisor's recommendation for the incident (SCCT-A*, KIM-B*, ATTR-C*), with the
   * rules that fired and their citations. Denial is never recommended without evidence attached.
   */
  async advice(ctx: RequestContext, orgSlug: string, ref: string): Promise<Advice> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'incident:read');
    const i = await getIncident(this.store, org, ref);
    return advise({
      cluster: deriveCluster(i).cluster,
      crisisType: i.crisisType,
      priorSimilarIncidents: i.priorSimilarIncidents,
      priorReputation: i.priorReputation,
      violationTypes: i.violationTypes,
      culpability: i.culpability,
      evidenceAttached: i.culpabilityEvidence.length > 0,
      deceptionInvolved: i.deceptionInvolved,
      severity: i.severity,
    });
  }

  /** Say–do across every incident of the organization, and how many incidents sit in each stage. */
  async organizationMetrics(
    ctx: RequestContext,
    orgSlug: string,
  ): Promise<{ sayDo: SayDo; stages: Record<Stage, number>; incidents: number }> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'org:read');
    const [counted, commitments] = await Promise.all([
      this.store.incidents.countByStage(org.id),
      this.store.commitments.digests(org.id),
    ]);
    const stages: Record<Stage, number> = {
      respond: 0,
      diagnose: 0,
      reform: 0,
      evaluate: 0,
      closed: 0,
      ...counted,
    };
    const incidents = Object.values(stages).reduce((a, b) => a + b, 0);
    return { sayDo: sayDo(commitments, nowIso(this.deps.clock)), stages, incidents };
  }

  /**
   * Edits an incident's facts. The stage moves only through `transition`.
   * @throws AppError `stale` when `expectedVersion` is not the stored one.
   */
  async update(
    ctx: RequestContext,
    orgSlug: string,
    ref: string,
    patch: IncidentPatch,
    expectedVersion: Expected,
  ): Promise<IncidentDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'incident:write');
      const current = await getIncident(tx, org, ref);
      assertVersion(current, expectedVersion);
      const now = nowIso(this.deps.clock);
      if (patch.slug && patch.slug !== current.slug && (await tx.incidents.slugTaken(org.id, patch.slug))) {
        throw new AppError('conflict', `an incident with slug "${patch.slug}" already exists`, [
          { path: 'body.slug', message: 'is already taken in this organization' },
        ]);
      }
      const next: Incident = {
        ...current,
        title: pick(patch.title, current.title),
        slug: pick(patch.slug, current.slug),
        summary: pick(patch.summary, current.summary),
        kind: pick(patch.kind, current.kind),
        // A crisis type nobody chose follows the kind; one set by hand stays.
        crisisType:
          patch.crisisType ??
          (patch.kind && current.crisisType === defaultCrisisType(current.kind)
            ? defaultCrisisType(patch.kind)
            : current.crisisType),
        clusterOverride: pick(patch.clusterOverride, current.clusterOverride),
        violationTypes: pick(patch.violationTypes, current.violationTypes),
        culpability: pick(patch.culpability, current.culpability),
        culpabilityEvidence: pick(patch.culpabilityEvidence, current.culpabilityEvidence),
        deceptionInvolved: pick(patch.deceptionInvolved, current.deceptionInvolved),
        severity: pick(patch.severity, current.severity),
        occurredAt: pick(optionalTimestamp(patch.occurredAt), current.occurredAt),
        detectedAt: patch.detectedAt ? canonicalTimestamp(patch.detectedAt) : current.detectedAt,
        disclosedAt: pick(optionalTimestamp(patch.disclosedAt), current.disclosedAt),
        disclosedBy: pick(patch.disclosedBy, current.disclosedBy),
        affectedAudiences: patch.affectedAudiences
          ? [...new Set(patch.affectedAudiences)]
          : current.affectedAudiences,
        priorSimilarIncidents: pick(patch.priorSimilarIncidents, current.priorSimilarIncidents),
        priorReputation: pick(patch.priorReputation, current.priorReputation),
        investigationOwner: pick(patch.investigationOwner, current.investigationOwner),
        version: current.version + 1,
        updatedAt: now,
      };
      assertChronology(next, now);
      if (!(await tx.incidents.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'updated',
        recordType: 'incident',
        recordId: next.id,
        incidentId: next.id,
        before: current,
        after: next,
      });
      return this.detail(tx, next);
    });
  }

  /**
   * Moves the incident to another stage, checked against the stage gates (GD-D1…D4).
   * @throws AppError `transition_refused` listing each failed guard and its remedy.
   */
  async transition(
    ctx: RequestContext,
    orgSlug: string,
    ref: string,
    input: TransitionInput,
    expectedVersion: Expected,
  ): Promise<IncidentDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'incident:transition');
      const current = await getIncident(tx, org, ref);
      assertVersion(current, expectedVersion);
      const now = nowIso(this.deps.clock);
      assertTransition(await this.stageContext(tx, current, now), input.to, input.reason);
      const next: Incident = {
        ...current,
        stage: input.to,
        stageChangedAt: now,
        version: current.version + 1,
        updatedAt: now,
      };
      if (!(await tx.incidents.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'transitioned',
        recordType: 'incident',
        recordId: next.id,
        incidentId: next.id,
        before: { stage: current.stage },
        after: { stage: next.stage, ...(input.reason ? { reason: input.reason } : {}) },
      });
      return this.detail(tx, next);
    });
  }
}
