import type { Organization } from '../domain/account.ts';
import type { Commitment } from '../domain/commitment.ts';
import { deriveCommitmentStatus } from '../domain/commitment.ts';
import { CLOCK_SKEW_MS } from '../domain/action.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { CommitmentCreate, CommitmentPatch } from '../shared/contract/index.ts';
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
import { assertOpen, getIncident } from './incident.service.ts';

import { principalLabel } from '../domain/account.ts';

/** Checks that every linked action exists and belongs to the same incident. */
async function assertActionsOfIncident(tx: Store, org: Organization, incidentId: string, ids: string[]) {
  if (ids.length === 0) return;
  const known = new Set((await tx.actions.listByIncident(org.id, incidentId)).map((a) => a.id));
  for (const [i, id] of ids.entries()) {
    if (!known.has(id)) throw invalid(`body.actionIds.${i}`, `no corrective action ${id} in this incident`);
  }
}

/** Applies the derived status to a commitment; returns it unchanged when nothing moved. */
async function withDerivedStatus(tx: Store, org: Organization, c: Commitment): Promise<Commitment> {
  const linked = await Promise.all(c.actionIds.map((id) => tx.actions.find(org.id, id)));
  const derived = deriveCommitmentStatus(
    c,
    linked.filter((a) => a !== undefined),
  );
  return { ...c, status: derived.status, keptAt: derived.keptAt };
}

/**
 * Re-derives the status of commitments after one of their actions changed, writing and auditing
 * those that moved. Runs in the caller's transaction.
 */
export async function recomputeCommitments(
  tx: Store,
  ctx: RequestContext,
  org: Organization,
  commitments: Commitment[],
  now: string,
): Promise<void> {
  for (const current of commitments) {
    const next = await withDerivedStatus(tx, org, current);
    if (next.status === current.status && next.keptAt === current.keptAt) continue;
    const written = { ...next, version: current.version + 1, updatedAt: now };
    if (!(await tx.commitments.update(written))) throw staleError();
    await audit(tx, ctx, org, now, {
      action: 'status_derived',
      recordType: 'commitment',
      recordId: current.id,
      incidentId: current.incidentId,
      before: { status: current.status, keptAt: current.keptAt },
      after: { status: written.status, keptAt: written.keptAt },
    });
  }
}

/** Commitments: the promises made in public, tracked until kept. */
export class CommitmentService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    input: CommitmentCreate,
    opts: CreateOptions = {},
  ): Promise<Created<Commitment>> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'commitment:write');
      const incident = await getIncident(tx, org, incidentRef);
      const now = nowIso(this.deps.clock);
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'commitment',
        now,
        async (id) => {
          assertOpen(incident);
          const actionIds = [...new Set(input.actionIds ?? [])];
          await assertActionsOfIncident(tx, org, incident.id, actionIds);
          const dueAt = optionalDue(input.dueAt) ?? null;
          const commitment = await withDerivedStatus(tx, org, {
            id,
            organizationId: org.id,
            incidentId: incident.id,
            text: input.text,
            audience: input.audience,
            dueAt,
            originalDueAt: dueAt,
            owner: input.owner ?? null,
            verification: input.verification ?? null,
            source: input.source ?? null,
            kind: 'promise',
            sourceStatementId: null,
            actionIds,
            manualOutcome: null,
            manualKeptAt: null,
            explanation: null,
            dueHistory: [],
            evidence: input.evidence ?? [],
            isPublic: input.isPublic ?? true,
            status: 'open',
            keptAt: null,
            version: 1,
            createdAt: now,
            updatedAt: now,
          });
          await tx.commitments.insert(commitment);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'commitment',
            recordId: id,
            incidentId: incident.id,
            after: commitment,
          });
          return commitment;
        },
        async (id) => (await tx.commitments.find(org.id, id))!,
      );
    });
  }

  async list(ctx: RequestContext, orgSlug: string, incidentRef: string): Promise<Commitment[]> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incident = await getIncident(this.deps.store, org, incidentRef);
    return this.deps.store.commitments.listByIncident(org.id, incident.id);
  }

  async get(ctx: RequestContext, orgSlug: string, id: string): Promise<Commitment> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const c = await this.deps.store.commitments.find(org.id, id);
    if (!c) throw notFound('commitment');
    return c;
  }

  /**
   * Edits a commitment. Moving its due date is a renegotiation: it needs an explanation and is
   * kept in the due-date history. Marking it kept applies only without linked actions (they decide);
   * broken and withdrawn need an explanation; open undoes a manual outcome.
   * @throws AppError `validation` for a missing explanation, `conflict` for a kept mark that the
   * linked actions contradict, `stale` for an outdated `expectedVersion`.
   */
  async update(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: CommitmentPatch,
    expectedVersion: number | undefined,
  ): Promise<Commitment> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'commitment:write');
      const current = await tx.commitments.find(org.id, id);
      if (!current) throw notFound('commitment');
      assertVersion(current, expectedVersion);
      assertOpen(await getIncident(tx, org, current.incidentId));
      const now = nowIso(this.deps.clock);

      const actionIds = patch.actionIds ? [...new Set(patch.actionIds)] : current.actionIds;
      if (patch.actionIds) await assertActionsOfIncident(tx, org, current.incidentId, actionIds);

      let { dueAt, originalDueAt, dueHistory, explanation, manualOutcome, manualKeptAt } = current;
      const newDue = optionalDue(patch.dueAt);
      if (newDue !== undefined && newDue !== current.dueAt) {
        if (current.originalDueAt === null) {
          // Giving a vague promise its first date makes it specific; it is not a renegotiation.
          originalDueAt = newDue;
        } else {
          // Any later change — moving the date, clearing it, or setting one again — is a renegotiation.
          if (!patch.explanation) {
            throw invalid(
              'body.explanation',
              'moving a promised due date is a renegotiation and needs an explanation',
            );
          }
          dueHistory = [
            ...dueHistory,
            {
              from: current.dueAt,
              to: newDue,
              explanation: patch.explanation,
              at: now,
              by: principalLabel(ctx.principal).label,
            },
          ];
          explanation = patch.explanation;
        }
        dueAt = newDue;
      }

      switch (patch.status) {
        case undefined:
          break;
        case 'open':
          manualOutcome = null;
          manualKeptAt = null;
          break;
        case 'kept': {
          if (actionIds.length > 0) {
            throw new AppError(
              'conflict',
              'this commitment is kept when its linked actions are done; complete them, or unlink them to record it by hand',
            );
          }
          const keptAt = patch.keptAt ? canonicalTimestamp(patch.keptAt) : now;
          if (Date.parse(keptAt) > Date.parse(now) + CLOCK_SKEW_MS)
            throw invalid('body.keptAt', 'must not be in the future');
          manualOutcome = 'kept';
          manualKeptAt = keptAt;
          break;
        }
        case 'broken':
        case 'withdrawn':
          if (!patch.explanation) {
            throw invalid(
              'body.explanation',
              `a commitment marked ${patch.status} needs an explanation to the people it was made to`,
            );
          }
          manualOutcome = patch.status;
          explanation = patch.explanation;
          break;
      }

      const next = await withDerivedStatus(tx, org, {
        ...current,
        text: pick(patch.text, current.text),
        audience: pick(patch.audience, current.audience),
        owner: pick(patch.owner, current.owner),
        verification: pick(patch.verification, current.verification),
        source: pick(patch.source, current.source),
        evidence: pick(patch.evidence, current.evidence),
        isPublic: pick(patch.isPublic, current.isPublic),
        actionIds,
        dueAt,
        originalDueAt,
        dueHistory,
        explanation,
        manualOutcome,
        manualKeptAt,
        version: current.version + 1,
        updatedAt: now,
      });
      if (!(await tx.commitments.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'updated',
        recordType: 'commitment',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
        after: next,
      });
      return next;
    });
  }
}
