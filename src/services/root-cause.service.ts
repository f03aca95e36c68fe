import { notFound } from '../domain/errors.ts';
import type { RootCause } from '../domain/root-cause.ts';
import type { RootCauseCreate, RootCausePatch } from '../shared/contract/index.ts';
import type { CreateOptions, Created, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  idempotentCreate,
  nowIso,
  pick,
  staleError,
} from './common.ts';
import { assertOpen, getIncident } from './incident.service.ts';

/** Diagnosis: the causes of an incident, their component and the trust they implicate. */
export class RootCauseService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    input: RootCauseCreate,
    opts: CreateOptions = {},
  ): Promise<Created<RootCause>> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'root_cause:write');
      const incident = await getIncident(tx, org, incidentRef);
      const now = nowIso(this.deps.clock);
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'root_cause',
        now,
        async (id) => {
          assertOpen(incident);
          const cause: RootCause = {
            id,
            organizationId: org.id,
            incidentId: incident.id,
            description: input.description,
            component: input.component,
            dimensions: [...new Set(input.dimensions)],
            systemic: input.systemic,
            whys: input.whys ?? [],
            independentReview: input.independentReview ?? false,
            isPublic: input.isPublic ?? false,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          await tx.rootCauses.insert(cause);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'root_cause',
            recordId: id,
            incidentId: incident.id,
            after: cause,
          });
          return cause;
        },
        async (id) => (await tx.rootCauses.find(org.id, id))!,
      );
    });
  }

  async list(ctx: RequestContext, orgSlug: string, incidentRef: string): Promise<RootCause[]> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incident = await getIncident(this.deps.store, org, incidentRef);
    return this.deps.store.rootCauses.listByIncident(org.id, incident.id);
  }

  async get(ctx: RequestContext, orgSlug: string, id: string): Promise<RootCause> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const cause = await this.deps.store.rootCauses.find(org.id, id);
    if (!cause) throw notFound('root cause');
    return cause;
  }

  async update(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: RootCausePatch,
    expectedVersion: number | undefined,
  ): Promise<RootCause> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'root_cause:write');
      const current = await tx.rootCauses.find(org.id, id);
      if (!current) throw notFound('root cause');
      assertVersion(current, expectedVersion);
      assertOpen(await getIncident(tx, org, current.incidentId));
      const now = nowIso(this.deps.clock);
      const next: RootCause = {
        ...current,
        description: pick(patch.description, current.description),
        component: pick(patch.component, current.component),
        dimensions: patch.dimensions ? [...new Set(patch.dimensions)] : current.dimensions,
        systemic: pick(patch.systemic, current.systemic),
        whys: pick(patch.whys, current.whys),
        independentReview: pick(patch.independentReview, current.independentReview),
        isPublic: pick(patch.isPublic, current.isPublic),
        version: current.version + 1,
        updatedAt: now,
      };
      if (!(await tx.rootCauses.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'updated',
        recordType: 'root_cause',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
        after: next,
      });
      return next;
    });
  }
}
