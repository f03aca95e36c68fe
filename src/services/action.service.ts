import type { Organization } from '../domain/account.ts';
import type { CorrectiveAction } from '../domain/action.ts';
import { changeStatus, isOverdue } from '../domain/action.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { ActionCreate, ActionPatch } from '../shared/contract/index.ts';
import type { ActionStatus } from '../shared/enums.ts';
import type { Store } from '../store/store.ts';
import type { CreateOptions, Created, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  canonicalTimestamp,
  idempotentCreate,
  nowIso,
  optionalDue,
  pick,
  staleError,
} from './common.ts';
import { recomputeCommitments } from './commitment.service.ts';
import { assertOpen, getIncident } from './incident.service.ts';

async function assertRootCausesOfIncident(tx: Store, org: Organization, incidentId: string, ids: string[]) {
  if (ids.length === 0) return;
  const known = new Set((await tx.rootCauses.listByIncident(org.id, incidentId)).map((r) => r.id));
  for (const [i, id] of ids.entries()) {
    if (!known.has(id)) throw invalid(`body.rootCauseIds.${i}`, `no root cause ${id} in this incident`);
  }
}

/** Corrective actions: planned, worked, completed, verified — or dropped with a reason. */
export class ActionService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    input: ActionCreate,
    opts: CreateOptions = {},
  ): Promise<Created<CorrectiveAction>> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'action:write');
      const incident = await getIncident(tx, org, incidentRef);
      const now = nowIso(this.deps.clock);
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'action',
        now,
        async (id) => {
          assertOpen(incident);
          const rootCauseIds = [...new Set(input.rootCauseIds ?? [])];
          await assertRootCausesOfIncident(tx, org, incident.id, rootCauseIds);
          const action: CorrectiveAction = {
            id,
            organizationId: org.id,
            incidentId: incident.id,
            title: input.title,
            description: input.description ?? null,
            kind: input.kind,
            repairLogic: input.repairLogic,
            dimensions: [...new Set(input.dimensions ?? [])],
            rootCauseIds,
            owner: input.owner ?? null,
            sponsor: input.sponsor ?? null,
            dueAt: optionalDue(input.dueAt) ?? null,
            status: 'planned',
            statusReason: null,
            startedAt: null,
            doneAt: null,
            verifiedAt: null,
            verificationMethod: input.verificationMethod ?? null,
            verification: null,
            evidence: input.evidence ?? [],
            isPublic: input.isPublic ?? true,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          await tx.actions.insert(action);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'action',
            recordId: id,
            incidentId: incident.id,
            after: action,
          });
          return action;
        },
        async (id) => (await tx.actions.find(org.id, id))!,
      );
    });
  }

  async list(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    filter: { status?: ActionStatus | undefined; overdue?: boolean | undefined } = {},
  ): Promise<CorrectiveAction[]> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incident = await getIncident(this.deps.store, org, incidentRef);
    const now = nowIso(this.deps.clock);
    return (await this.deps.store.actions.listByIncident(org.id, incident.id)).filter(
      (a) =>
        (filter.status === undefined || a.status === filter.status) &&
        (filter.overdue === undefined || isOverdue(a, now) === filter.overdue),
    );
  }

  async get(ctx: RequestContext, orgSlug: string, id: string): Promise<CorrectiveAction> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const a = await this.deps.store.actions.find(org.id, id);
    if (!a) throw notFound('corrective action');
    return a;
  }

  /**
   * Edits an action and moves its status. A status change re-derives the status of every
   * commitment the action fulfils, in the same transaction.
   * @throws AppError `conflict` for a move the status machine refuses, `validation` for a missing
   * reason or verification, `stale` for an outdated `expectedVersion`.
   */
  async update(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: ActionPatch,
    expectedVersion: number | undefined,
  ): Promise<CorrectiveAction> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'action:write');
      const current = await tx.actions.find(org.id, id);
      if (!current) throw notFound('corrective action');
      assertVersion(current, expectedVersion);
      assertOpen(await getIncident(tx, org, current.incidentId));
      const now = nowIso(this.deps.clock);
      const rootCauseIds = patch.rootCauseIds ? [...new Set(patch.rootCauseIds)] : current.rootCauseIds;
      if (patch.rootCauseIds) await assertRootCausesOfIncident(tx, org, current.incidentId, rootCauseIds);
      if (patch.status === undefined && (patch.reason || patch.verification || patch.completedAt)) {
        throw invalid('body.status', 'reason, verification and completedAt go with a status change');
      }
      const status =
        patch.status === undefined
          ? {}
          : changeStatus(
              current,
              {
                status: patch.status,
                reason: patch.reason,
                verification: patch.verification,
                completedAt: patch.completedAt ? canonicalTimestamp(patch.completedAt) : undefined,
              },
              now,
            );
      const next: CorrectiveAction = {
        ...current,
        title: pick(patch.title, current.title),
        description: pick(patch.description, current.description),
        kind: pick(patch.kind, current.kind),
        repairLogic: pick(patch.repairLogic, current.repairLogic),
        dimensions: patch.dimensions ? [...new Set(patch.dimensions)] : current.dimensions,
        rootCauseIds,
        owner: pick(patch.owner, current.owner),
        sponsor: pick(patch.sponsor, current.sponsor),
        dueAt: pick(optionalDue(patch.dueAt), current.dueAt),
        verificationMethod: pick(patch.verificationMethod, current.verificationMethod),
        evidence: pick(patch.evidence, current.evidence),
        isPublic: pick(patch.isPublic, current.isPublic),
        ...status,
        version: current.version + 1,
        updatedAt: now,
      };
      if (!(await tx.actions.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: patch.status ? 'status_changed' : 'updated',
        recordType: 'action',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
        after: next,
      });
      if (patch.status)
        await recomputeCommitments(tx, ctx, org, await tx.commitments.listByAction(org.id, id), now);
      // Done or verified: everyone whose feedback this answers hears back ("you said, we did").
      if ((next.status === 'done' || next.status === 'verified') && next.status !== current.status) {
        const queued = await tx.feedback.closeLoop(org.id, id, next.incidentId, now);
        if (queued > 0) {
          await audit(tx, ctx, org, now, {
            action: 'loop_closed',
            recordType: 'action',
            recordId: id,
            incidentId: next.incidentId,
            after: { messagesQueued: queued },
          });
        }
      }
      return next;
    });
  }
}
