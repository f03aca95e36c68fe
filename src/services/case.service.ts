import type { Organization } from '../domain/account.ts';
import { principalLabel } from '../domain/account.ts';
import type {
  Case,
  CaseAlert,
  CaseMetrics,
  CaseSeverity,
  CaseStatus,
  SlaPolicy,
  SlaState,
  SlaTarget,
} from '../domain/case.ts';
import {
  SLA_SETTINGS_KEY,
  assertSlaOverrides,
  caseReference,
  dueAlerts,
  metricsFromCounts,
  slaPolicy,
  slaState,
  transition,
} from '../domain/case.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Feedback } from '../domain/feedback.ts';
import { newId } from '../store/ids.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { Store } from '../store/store.ts';
import type { CreateOptions, Created, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  canonicalTimestamp,
  cursorId,
  idempotentCreate,
  nowIso,
  staleError,
} from './common.ts';
import { getIncident } from './incident.service.ts';

/** A case with its SLA state derived at the moment it was read. */
export type SlaCase = Case & { sla: SlaState };

export interface CaseOpenInput {
  /** Required unless the case is opened from a complaint item (then its first words). */
  title?: string | undefined;
  description?: string | undefined;
  severity?: CaseSeverity | undefined;
  /** Incident id or slug. */
  incident?: string | undefined;
  /** Open the case from this feedback item: its text, incident and (consented) contact are copied. */
  feedbackId?: string | undefined;
  assigneeId?: string | undefined;
  requesterEmail?: string | undefined;
  requesterName?: string | undefined;
  /** The person agreed to be contacted: without it, their contact details are not kept. */
  requesterConsent?: boolean | undefined;
}

export interface CasePatch {
  title?: string | undefined;
  description?: string | null | undefined;
  severity?: CaseSeverity | undefined;
  /** A member's user id, or null to unassign. */
  assigneeId?: string | null | undefined;
}

export interface CaseListFilter {
  status?: CaseStatus | undefined;
  severity?: CaseSeverity | undefined;
  /** A user id, or `none` for unassigned cases. */
  assignee?: string | undefined;
  /** Incident id or slug. */
  incident?: string | undefined;
  breached?: boolean | undefined;
}

export interface SlaOverrides {
  targets?: Partial<Record<CaseSeverity, SlaTarget>> | undefined;
  atRiskShare?: number | undefined;
}

/** Who raises breach alerts and opens cases from the complaint queue in the audit trail. */
const SWEEP: RequestContext = { principal: { kind: 'system', label: 'case SLA sweep' } };
const INTAKE: RequestContext = { principal: { kind: 'system', label: 'complaint intake' } };

/** The first line of a complaint, shortened to a title. */
function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0]!.trim();
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}

function withSla(c: Case, policy: SlaPolicy, now: string): SlaCase {
  return { ...c, sla: slaState(c, policy, now) };
}

/** A case opened from a complaint item: its words, its incident, its contact when consented. */
function caseFromFeedback(
  f: Feedback,
  id: string,
  number: number,
  now: string,
  over: Partial<Case> = {},
): Case {
  return {
    organizationId: f.organizationId,
    id,
    number,
    incidentId: f.incidentId,
    feedbackId: f.id,
    title: titleFrom(f.text) || 'Complaint',
    description: f.text,
    severity: 'medium',
    status: 'new',
    assigneeId: null,
    requesterEmail: f.consent ? f.contactEmail : null,
    requesterName: f.consent ? f.contactName : null,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolutionNote: null,
    reopenCount: 0,
    // The clock starts when the person complained, not when the queue got to it.
    createdAt: f.createdAt,
    updatedAt: now,
    version: 1,
    ...over,
  };
}

/**
 * Opens the case for a complaint item unless it has one (one case per item: the unique
 * feedback id makes a repeat a no-op). Runs in the caller's transaction; the analysis queue calls
 * it for every item of the `complaint` channel.
 * @returns the new case, or undefined when the item had one already.
 */
export async function openCaseForComplaint(tx: Store, f: Feedback, now: string): Promise<Case | undefined> {
  const org = await tx.accounts.findOrganizationById(f.organizationId);
  if (!org) return undefined;
  if (await tx.cases.findByFeedback(org.id, f.id)) return undefined;
  await tx.accounts.bumpDataVersion(org.id);
  const c = caseFromFeedback(f, newId(), await tx.cases.nextNumber(org.id), now);
  if (!(await tx.cases.insert(c))) return undefined;
  await audit(tx, INTAKE, org, now, {
    action: 'created',
    recordType: 'case',
    recordId: c.id,
    incidentId: c.incidentId,
    after: c,
  });
  return c;
}

async function assertMember(tx: Store, org: Organization, userId: string, path: string): Promise<void> {
  if (!(await tx.accounts.findRole(org.id, userId))) {
    throw invalid(path, 'is not a member of this organization; assign a case to one of its members');
  }
}

async function incidentIdOf(tx: Store, org: Organization, ref: string, path: string): Promise<string> {
  try {
    return (await getIncident(tx, org, ref)).id;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') throw invalid(path, `no incident ${ref} here`);
    throw e;
  }
}

/**
 * Complaints as cases: opened directly or from a complaint item, assigned to a member, moved
 * through new → acknowledged → in progress → resolved → closed (and reopened), under the
 * organization's service-level targets, with breach alerts and resolution figures.
 */
export class CaseService {
  constructor(private readonly deps: ServiceDeps) {}

  private now(): string {
    return nowIso(this.deps.clock);
  }

  /**
   * Opens a case. From a feedback item, its text, incident and consented contact are copied.
   * @throws AppError `validation` (no title, unknown incident or item, non-member assignee,
   * contact without consent), `conflict` when the item has a case already, `forbidden`, `not_found`.
   */
  async open(
    ctx: RequestContext,
    orgSlug: string,
    input: CaseOpenInput,
    opts: CreateOptions = {},
  ): Promise<Created<SlaCase>> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'case:write');
      const now = this.now();
      const policy = slaPolicy(org.settings);
      const created = await idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'case',
        now,
        async (id) => {
          const incidentId = input.incident
            ? await incidentIdOf(tx, org, input.incident, 'body.incident')
            : undefined;
          if (input.assigneeId) await assertMember(tx, org, input.assigneeId, 'body.assigneeId');
          if ((input.requesterEmail || input.requesterName) && input.requesterConsent !== true) {
            throw invalid(
              'body.requesterConsent',
              'keep a person’s contact details only with their consent: send requesterConsent: true',
            );
          }
          const number = await tx.cases.nextNumber(org.id);
          let c: Case;
          if (input.feedbackId) {
            const f = await tx.feedback.find(org.id, input.feedbackId);
            if (!f) throw invalid('body.feedbackId', `no feedback ${input.feedbackId} here`);
            const existing = await tx.cases.findByFeedback(org.id, f.id);
            if (existing) {
              throw new AppError(
                'conflict',
                `this feedback already has case ${caseReference(existing)} (${existing.id})`,
              );
            }
            c = caseFromFeedback(f, id, number, now, {
              ...(input.title ? { title: input.title } : {}),
              ...(input.description ? { description: input.description } : {}),
              ...(input.severity ? { severity: input.severity } : {}),
              ...(incidentId ? { incidentId } : {}),
              ...(input.requesterConsent && input.requesterEmail
                ? { requesterEmail: input.requesterEmail, requesterName: input.requesterName ?? null }
                : {}),
              assigneeId: input.assigneeId ?? null,
            });
          } else {
            if (!input.title) throw invalid('body.title', 'is required (or open the case from a feedbackId)');
            c = {
              organizationId: org.id,
              id,
              number,
              incidentId: incidentId ?? null,
              feedbackId: null,
              title: input.title,
              description: input.description ?? null,
              severity: input.severity ?? 'medium',
              status: 'new',
              assigneeId: input.assigneeId ?? null,
              requesterEmail: input.requesterConsent ? (input.requesterEmail?.toLowerCase() ?? null) : null,
              requesterName: input.requesterConsent ? (input.requesterName ?? null) : null,
              acknowledgedAt: null,
              resolvedAt: null,
              closedAt: null,
              resolutionNote: null,
              reopenCount: 0,
              createdAt: now,
              updatedAt: now,
              version: 1,
            };
          }
          if (!(await tx.cases.insert(c))) {
            throw new AppError('conflict', 'this feedback already has a case');
          }
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'case',
            recordId: c.id,
            incidentId: c.incidentId,
            after: c,
          });
          return c;
        },
        async (id) => (await tx.cases.find(org.id, id))!,
      );
      return { ...created, record: withSla(created.record, policy, now) };
    });
  }

  /** @throws AppError `not_found` (also for another organization's case). */
  async get(ctx: RequestContext, orgSlug: string, id: string): Promise<SlaCase> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const c = await this.deps.store.cases.find(org.id, id);
    if (!c) throw notFound('case');
    return withSla(c, slaPolicy(org.settings), this.now());
  }

  /** Newest first, filtered by status, severity, assignee, incident, or whether breached now. */
  async list(
    ctx: RequestContext,
    orgSlug: string,
    filter: CaseListFilter,
    page: PageRequest,
  ): Promise<Page<SlaCase>> {
    const store = this.deps.store;
    const { org } = await authorize(store, ctx, orgSlug, 'incident:read');
    const incidentId = filter.incident ? (await getIncident(store, org, filter.incident)).id : undefined;
    const policy = slaPolicy(org.settings);
    const now = this.now();
    const result = await store.cases.list(
      org.id,
      {
        status: filter.status,
        severity: filter.severity,
        assigneeId: filter.assignee === 'none' ? null : filter.assignee,
        incidentId,
        breached: filter.breached,
      },
      policy,
      now,
      { ...page, afterId: cursorId(page.cursor) },
    );
    return { nextCursor: result.nextCursor, items: result.items.map((c) => withSla(c, policy, now)) };
  }

  /**
   * Edits the title or description, changes the severity (the due times follow) or the assignee
   * (a member of the organization, or null).
   * @throws AppError `validation` for a non-member assignee, `stale`, `not_found`.
   */
  async update(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: CasePatch,
    expectedVersion: number | undefined,
  ): Promise<SlaCase> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'case:write');
      const current = await tx.cases.find(org.id, id);
      if (!current) throw notFound('case');
      assertVersion(current, expectedVersion);
      if (patch.assigneeId) await assertMember(tx, org, patch.assigneeId, 'body.assigneeId');
      const now = this.now();
      const next: Case = {
        ...current,
        title: patch.title ?? current.title,
        description: patch.description === undefined ? current.description : patch.description,
        severity: patch.severity ?? current.severity,
        assigneeId: patch.assigneeId === undefined ? current.assigneeId : patch.assigneeId,
        updatedAt: now,
        version: current.version + 1,
      };
      if (!(await tx.cases.update(next))) throw staleError();
      const action =
        next.assigneeId !== current.assigneeId
          ? 'assigned'
          : next.severity !== current.severity
            ? 'severity_changed'
            : 'updated';
      await audit(tx, ctx, org, now, {
        action,
        recordType: 'case',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
        after: next,
      });
      return withSla(next, slaPolicy(org.settings), now);
    });
  }

  /**
   * Moves a case along its status machine (domain/case.ts transition()).
   * @throws AppError `conflict` with the reason for a refused move, `validation` for a missing
   * resolution note, `stale`, `not_found`.
   */
  async transition(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    input: { to: CaseStatus; note?: string | undefined },
    expectedVersion: number | undefined,
  ): Promise<SlaCase> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'case:write');
      const current = await tx.cases.find(org.id, id);
      if (!current) throw notFound('case');
      assertVersion(current, expectedVersion);
      const now = this.now();
      const next: Case = {
        ...current,
        ...transition(current, input.to, input.note, now),
        updatedAt: now,
        version: current.version + 1,
      };
      if (!(await tx.cases.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: next.reopenCount > current.reopenCount ? 'reopened' : 'status_changed',
        recordType: 'case',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
        after: { ...next, ...(input.note ? { note: input.note } : {}) },
      });
      return withSla(next, slaPolicy(org.settings), now);
    });
  }

  /**
   * Resolution figures of the cases opened in a period (all time by default), for the whole
   * organization or one incident. SLA outcomes are judged under the current policy, now.
   */
  async metrics(
    ctx: RequestContext,
    orgSlug: string,
    filter: { incident?: string | undefined; from?: string | undefined; to?: string | undefined },
  ): Promise<CaseMetrics & { from: string | null; to: string | null; incidentId: string | null }> {
    const store = this.deps.store;
    const { org } = await authorize(store, ctx, orgSlug, 'incident:read');
    const incidentId = filter.incident ? (await getIncident(store, org, filter.incident)).id : undefined;
    const from = filter.from ? canonicalTimestamp(filter.from) : undefined;
    const to = filter.to ? canonicalTimestamp(filter.to) : undefined;
    if (from && to && from >= to) throw invalid('query.to', 'must be after from');
    const { counts, medianTimeToResolveMs } = await store.cases.metrics(
      org.id,
      { incidentId, from, to },
      slaPolicy(org.settings),
      this.now(),
    );
    return {
      ...metricsFromCounts(counts, medianTimeToResolveMs),
      from: from ?? null,
      to: to ?? null,
      incidentId: incidentId ?? null,
    };
  }

  /** The organization's SLA policy: its overrides over the defaults. */
  async slaSettings(ctx: RequestContext, orgSlug: string): Promise<SlaPolicy> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    return slaPolicy(org.settings);
  }

  /**
   * Replaces the organization's SLA overrides (settings `caseSla`); severities left out use the
   * defaults. Open cases' due times follow at once (they are derived).
   * @throws AppError `validation` for an acknowledge target longer than the resolve target.
   */
  async updateSlaSettings(ctx: RequestContext, orgSlug: string, overrides: SlaOverrides): Promise<SlaPolicy> {
    assertSlaOverrides(overrides);
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'org:settings');
      const now = this.now();
      const next = { ...org.settings, [SLA_SETTINGS_KEY]: overrides };
      await tx.accounts.updateOrganizationSettings(org.id, next, now);
      await audit(tx, ctx, org, now, {
        action: 'settings_changed',
        recordType: 'organization',
        recordId: org.id,
        before: { [SLA_SETTINGS_KEY]: org.settings[SLA_SETTINGS_KEY] ?? null },
        after: { [SLA_SETTINGS_KEY]: overrides },
      });
      return slaPolicy(next);
    });
  }

  async listAlerts(
    ctx: RequestContext,
    orgSlug: string,
    filter: { caseId?: string | undefined; acked?: boolean | undefined },
    page: PageRequest,
  ): Promise<Page<CaseAlert>> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    return this.deps.store.cases.listAlerts(org.id, filter, { ...page, afterId: cursorId(page.cursor) });
  }

  /**
   * Acknowledges a breach alert: someone has it in hand. Acknowledging twice keeps the first.
   * An e-mail not yet sent for it is cancelled by the delivery worker.
   * @throws AppError `not_found`.
   */
  async ackAlert(ctx: RequestContext, orgSlug: string, id: string): Promise<CaseAlert> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'case:write');
      const alert = await tx.cases.findAlert(org.id, id);
      if (!alert) throw notFound('case alert');
      const now = this.now();
      if (await tx.cases.ackAlert(org.id, id, principalLabel(ctx.principal).label, now)) {
        await audit(tx, ctx, org, now, {
          action: 'alert_acknowledged',
          recordType: 'case',
          recordId: alert.caseId,
          before: alert,
          after: { alertId: id, kind: alert.kind, ackedAt: now },
        });
      }
      return (await tx.cases.findAlert(org.id, id))!;
    });
  }

  /**
   * The SLA sweep: for every open case past a due time, raises the alert once per case × kind ×
   * cycle and queues an e-mail to the assignee (or, unassigned, to the organization's owners)
   * through the delivery queue, in the same transaction. Safe to run in several processes: the
   * unique alert key lets only one of them raise it.
   * @returns how many alerts were raised.
   */
  async raiseBreachAlerts(at: Date = this.deps.clock()): Promise<number> {
    const store = this.deps.store;
    const now = at.toISOString();
    let raised = 0;
    for (const orgId of await store.cases.organizationsWithOpenCases()) {
      raised += await store.transaction(async (tx) => {
        const org = await tx.accounts.findOrganizationById(orgId);
        if (!org) return 0;
        const policy = slaPolicy(org.settings);
        const candidates = await tx.cases.listAlertCandidates(org.id, policy, now);
        if (candidates.length === 0) return 0;
        await tx.accounts.bumpDataVersion(org.id);
        const members = await tx.accounts.listMembers(org.id);
        const owners = members.filter((m) => m.role === 'owner').map((m) => m.user.email);
        let n = 0;
        for (const c of candidates) {
          for (const due of dueAlerts(c, policy, now)) {
            const alert: CaseAlert = {
              organizationId: org.id,
              id: newId(),
              caseId: c.id,
              kind: due.kind,
              cycle: c.reopenCount,
              dueAt: due.dueAt,
              createdAt: now,
              ackedBy: null,
              ackedAt: null,
            };
            if (!(await tx.cases.insertAlert(alert))) continue;
            n += 1;
            const assignee = c.assigneeId ? members.find((m) => m.user.id === c.assigneeId) : undefined;
            const recipients = assignee ? [assignee.user.email] : owners;
            for (const email of new Set(recipients)) {
              await tx.deliveries.insertDelivery({
                organizationId: org.id,
                id: `case_alert:${alert.id}:${email}`,
                sourceType: 'case_alert',
                sourceId: alert.id,
                sourceVersion: 1,
                subscriptionId: null,
                channel: 'email',
                recipient: email,
                status: 'pending',
                attempts: 0,
                nextAttemptAt: now,
                lockedUntil: null,
                contentHash: null,
                lastError: null,
                response: null,
                sentAt: null,
                createdAt: now,
                updatedAt: now,
              });
            }
            await audit(tx, SWEEP, org, now, {
              action: 'sla_breached',
              recordType: 'case',
              recordId: c.id,
              incidentId: c.incidentId,
              after: {
                alertId: alert.id,
                kind: alert.kind,
                cycle: alert.cycle,
                dueAt: alert.dueAt,
                recipients,
              },
            });
          }
        }
        return n;
      });
    }
    return raised;
  }
}
