import { notFound } from '../domain/errors.ts';
import type { LeadershipActivity } from '../domain/leadership.ts';
import type { LeadershipKind } from '../shared/enums.ts';
import type { CreateOptions, Created, Expected, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  canonicalTimestamp,
  idempotentCreate,
  nowIso,
  pick,
  staleError,
} from './common.ts';
import { getIncident } from './incident.service.ts';

export interface LeadershipInput {
  kind: LeadershipKind;
  leader: string;
  audience: string;
  occurredAt: string;
  summary: string;
  isPublic?: boolean | undefined;
}

/** The leadership engagement log: how leaders showed up, to whom, and when. */
export class LeadershipService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    input: LeadershipInput,
    opts: CreateOptions = {},
  ): Promise<Created<LeadershipActivity>> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'leadership:write');
      const incident = await getIncident(tx, org, incidentRef);
      const now = nowIso(this.deps.clock);
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'leadership_activity',
        now,
        async (id) => {
          const activity: LeadershipActivity = {
            id,
            organizationId: org.id,
            incidentId: incident.id,
            kind: input.kind,
            leader: input.leader,
            audience: input.audience,
            occurredAt: canonicalTimestamp(input.occurredAt),
            summary: input.summary,
            isPublic: input.isPublic ?? false,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          await tx.leadership.insert(activity);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'leadership_activity',
            recordId: id,
            incidentId: incident.id,
            after: activity,
          });
          return activity;
        },
        async (id) => (await tx.leadership.find(org.id, id))!,
      );
    });
  }

  async list(ctx: RequestContext, orgSlug: string, incidentRef: string): Promise<LeadershipActivity[]> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incident = await getIncident(this.deps.store, org, incidentRef);
    return this.deps.store.leadership.listByIncident(org.id, incident.id);
  }

  async update(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: Partial<LeadershipInput>,
    expected: Expected,
  ): Promise<LeadershipActivity> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'leadership:write');
      const current = await tx.leadership.find(org.id, id);
      if (!current) throw notFound('leadership activity');
      assertVersion(current, expected);
      const now = nowIso(this.deps.clock);
      const next: LeadershipActivity = {
        ...current,
        kind: pick(patch.kind, current.kind),
        leader: pick(patch.leader, current.leader),
        audience: pick(patch.audience, current.audience),
        occurredAt: patch.occurredAt ? canonicalTimestamp(patch.occurredAt) : current.occurredAt,
        summary: pick(patch.summary, current.summary),
        isPublic: pick(patch.isPublic, current.isPublic),
        version: current.version + 1,
        updatedAt: now,
      };
      if (!(await tx.leadership.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'updated',
        recordType: 'leadership_activity',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
        after: next,
      });
      return next;
    });
  }
}
