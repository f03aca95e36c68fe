import { CASE_ALERT_KINDS, CASE_SEVERITIES, CASE_STATUSES } from '../shared/contract/case.ts';
import { AppError, invalid } from './errors.ts';

/**
 * Complaints as cases: a complaint someone made, worked to a resolution under service-level
 * targets (DESIGN §2, "complaints with SLAs"). Pure rules: the status machine, the SLA policy, the
 * derived due times and breach flags, and the resolution figures. Nothing here is stored that can
 * be derived: due times and breach flags are computed from the case, its severity and the
 * organization's policy at the moment they are read.
 */

export { CASE_ALERT_KINDS, CASE_SEVERITIES, CASE_STATUSES };
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

/** Statuses in which the SLA clocks run: the person is still waiting. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['new', 'acknowledged', 'in_progress'];

export type CaseAlertKind = (typeof CASE_ALERT_KINDS)[number];

export interface Case {
  organizationId: string;
  id: string;
  /** Per-organization sequence, shown as `#42`. */
  number: number;
  incidentId: string | null;
  /** The complaint item this case was opened from; one case per item. */
  feedbackId: string | null;
  title: string;
  description: string | null;
  severity: CaseSeverity;
  status: CaseStatus;
  /** A member of the organization (user id), or nobody yet. */
  assigneeId: string | null;
  /** Kept only when the person consented to be contacted. */
  requesterEmail: string | null;
  requesterName: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  resolutionNote: string | null;
  /** How many times the case was reopened; also the SLA alert cycle. */
  reopenCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A raised SLA breach: once per case × kind × cycle (the reopen count when it was raised). */
export interface CaseAlert {
  organizationId: string;
  id: string;
  caseId: string;
  kind: CaseAlertKind;
  cycle: number;
  /** The due time that was missed. */
  dueAt: string;
  createdAt: string;
  ackedBy: string | null;
  ackedAt: string | null;
}

/** The human reference of a case. */
export function caseReference(c: Pick<Case, 'number'>): string {
  return `#${c.number}`;
}

/** New, acknowledged or in progress: the SLA clocks run. */
export function isOpen(c: Pick<Case, 'status'>): boolean {
  return OPEN_CASE_STATUSES.includes(c.status);
}

// ---------------------------------------------------------------------------------------------
// Status machine

/** Allowed moves; `note` marks the moves that need one. Reopening goes back to in progress. */
const MOVES: Record<CaseStatus, Partial<Record<CaseStatus, { note: boolean }>>> = {
  new: { acknowledged: { note: false }, in_progress: { note: false }, resolved: { note: true } },
  acknowledged: { in_progress: { note: false }, resolved: { note: true } },
  in_progress: { resolved: { note: true } },
  resolved: { closed: { note: false }, in_progress: { note: false } },
  closed: { in_progress: { note: false } },
};

/** The statuses a case may move to from its current one (the console offers these). */
export function allowedTransitions(status: CaseStatus): CaseStatus[] {
  return Object.keys(MOVES[status]) as CaseStatus[];
}

export type CaseStatusFields = Pick<
  Case,
  'status' | 'acknowledgedAt' | 'resolvedAt' | 'closedAt' | 'resolutionNote' | 'reopenCount'
>;

/**
 * Applies a status move: new → acknowledged → in progress → resolved → closed. Starting work or
 * resolving acknowledges a case that was not yet. Resolving needs a resolution note; closing needs
 * the case resolved first. A resolved or closed case may be reopened (back to in progress): the
 * reopen count goes up, the resolution is cleared (the audit trail keeps it), the acknowledgement
 * stands.
 * @throws AppError `conflict` for a move the machine refuses (with the reason and what is allowed),
 * `validation` when a resolution note is missing.
 */
export function transition(c: Case, to: CaseStatus, note: string | undefined, now: string): CaseStatusFields {
  const from = c.status;
  if (from === to) throw new AppError('conflict', `case ${caseReference(c)} is already ${label(to)}`);
  const move = MOVES[from][to];
  if (!move) {
    const allowed = allowedTransitions(from).map(label).join(', ') || 'none';
    const why =
      to === 'closed'
        ? 'a case is closed only once it is resolved; resolve it first, with a resolution note'
        : `a case cannot move from ${label(from)} to ${label(to)}`;
    throw new AppError('conflict', `${why}; from ${label(from)} it can move to: ${allowed}`, [
      { path: 'body.to', message: why },
    ]);
  }
  const trimmed = note?.trim() || undefined;
  if (move.note && !trimmed) {
    throw invalid('body.note', 'resolving a case needs a resolution note: what was done for the person');
  }
  const next: CaseStatusFields = {
    status: to,
    acknowledgedAt: c.acknowledgedAt,
    resolvedAt: c.resolvedAt,
    closedAt: c.closedAt,
    resolutionNote: c.resolutionNote,
    reopenCount: c.reopenCount,
  };
  switch (to) {
    case 'acknowledged':
      next.acknowledgedAt = now;
      break;
    case 'in_progress':
      next.acknowledgedAt ??= now;
      if (from === 'resolved' || from === 'closed') {
        next.reopenCount += 1;
        next.resolvedAt = null;
        next.closedAt = null;
        next.resolutionNote = null;
      }
      break;
    case 'resolved':
      next.acknowledgedAt ??= now;
      next.resolvedAt = now;
      next.resolutionNote = trimmed ?? null;
      break;
    case 'closed':
      next.closedAt = now;
      break;
    case 'new':
      break;
  }
  return next;
}

function label(s: CaseStatus): string {
  return s.replace('_', ' ');
}

// ---------------------------------------------------------------------------------------------
// Service-level targets

export interface SlaTarget {
  /** Time from opening to acknowledgement. */
  acknowledgeHours: number;
  /** Time from opening to resolution. */
  resolveHours: number;
}

export interface SlaPolicy {
  targets: Record<CaseSeverity, SlaTarget>;
  /** A running clock is "at risk" when less than this share of its target is left (0–1). */
  atRiskShare: number;
}

/** Defaults: critical 1 h / 24 h, high 4 h / 72 h, medium 24 h / 7 days, low 72 h / 14 days. */
export const DEFAULT_SLA_POLICY: SlaPolicy = Object.freeze({
  targets: Object.freeze({
    critical: Object.freeze({ acknowledgeHours: 1, resolveHours: 24 }),
    high: Object.freeze({ acknowledgeHours: 4, resolveHours: 72 }),
    medium: Object.freeze({ acknowledgeHours: 24, resolveHours: 7 * 24 }),
    low: Object.freeze({ acknowledgeHours: 72, resolveHours: 14 * 24 }),
  }),
  atRiskShare: 0.2,
}) as SlaPolicy;

/** The key of the organization settings that holds the overrides. */
export const SLA_SETTINGS_KEY = 'caseSla';

/** The longest target accepted: one year. */
export const MAX_TARGET_HOURS = 24 * 366;

function validHours(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_TARGET_HOURS;
}

/**
 * The organization's SLA policy: its overrides (settings `caseSla`) over the defaults. Anything
 * malformed in the settings falls back to the default for that value.
 */
export function slaPolicy(settings: Record<string, unknown>): SlaPolicy {
  const raw = (settings[SLA_SETTINGS_KEY] ?? {}) as {
    targets?: Partial<Record<string, Partial<SlaTarget>>>;
    atRiskShare?: unknown;
  };
  const targets = {} as Record<CaseSeverity, SlaTarget>;
  for (const s of CASE_SEVERITIES) {
    const d = DEFAULT_SLA_POLICY.targets[s];
    const o = (typeof raw.targets === 'object' && raw.targets ? raw.targets[s] : undefined) ?? {};
    const acknowledgeHours = validHours(o.acknowledgeHours) ? o.acknowledgeHours : d.acknowledgeHours;
    const resolveHours = validHours(o.resolveHours) ? o.resolveHours : d.resolveHours;
    targets[s] = acknowledgeHours <= resolveHours ? { acknowledgeHours, resolveHours } : { ...d };
  }
  const share = raw.atRiskShare;
  return {
    targets,
    atRiskShare:
      typeof share === 'number' && share >= 0 && share < 1 ? share : DEFAULT_SLA_POLICY.atRiskShare,
  };
}

/**
 * Checks overrides before they are stored.
 * @throws AppError `validation` naming the field, e.g. an acknowledge target longer than the
 * resolve target.
 */
export function assertSlaOverrides(o: {
  targets?: Partial<Record<CaseSeverity, SlaTarget>> | undefined;
  atRiskShare?: number | undefined;
}): void {
  for (const s of CASE_SEVERITIES) {
    const t = o.targets?.[s];
    if (t && t.acknowledgeHours > t.resolveHours) {
      throw invalid(
        `body.targets.${s}.acknowledgeHours`,
        'must not be longer than the resolve target of the same severity',
      );
    }
  }
}

const HOUR_MS = 3_600_000;

/** One target of a severity under a policy, in milliseconds. */
export function targetMs(policy: SlaPolicy, severity: CaseSeverity, kind: 'acknowledge' | 'resolve'): number {
  const t = policy.targets[severity];
  return (kind === 'acknowledge' ? t.acknowledgeHours : t.resolveHours) * HOUR_MS;
}

/** The derived SLA state of a case at one moment. */
export interface SlaState {
  ackDueAt: string;
  resolveDueAt: string;
  /** Acknowledged late, or still unacknowledged past its due time. */
  ackBreached: boolean;
  /** Resolved late, or still unresolved past its due time. */
  resolveBreached: boolean;
  breached: boolean;
  /** Open, not breached, and less than `atRiskShare` of the running target is left. */
  atRisk: boolean;
  /**
   * Time left on the running clock (acknowledge while new, resolve after), negative once overdue;
   * null when the case is resolved or closed (no clock runs).
   */
  remainingMs: number | null;
  /** What `remainingMs` counts down to. */
  clock: 'acknowledge' | 'resolve' | null;
}

/**
 * Due times and breach flags, derived — never stored. Both clocks start when the case is opened
 * and run on wall-clock time, around the clock, in every open status (there is no waiting status
 * that pauses them). Reopening does not restart them: the person has been waiting since they
 * complained, so a case reopened after its resolve target is breached again at once (and raises a
 * new alert for the new cycle). Changing the severity or the policy moves the due times.
 */
export function slaState(
  c: Pick<Case, 'severity' | 'status' | 'createdAt' | 'acknowledgedAt' | 'resolvedAt'>,
  policy: SlaPolicy,
  now: string,
): SlaState {
  const created = Date.parse(c.createdAt);
  const ackMs = targetMs(policy, c.severity, 'acknowledge');
  const resolveMs = targetMs(policy, c.severity, 'resolve');
  const ackDue = created + ackMs;
  const resolveDue = created + resolveMs;
  const nowMs = Date.parse(now);
  const ackAt = c.acknowledgedAt ? Date.parse(c.acknowledgedAt) : nowMs;
  const resolvedAt = c.resolvedAt ? Date.parse(c.resolvedAt) : nowMs;
  const ackBreached = ackAt > ackDue;
  const resolveBreached = resolvedAt > resolveDue;
  const breached = ackBreached || resolveBreached;
  const open = isOpen(c);
  const clock = !open ? null : c.acknowledgedAt ? 'resolve' : 'acknowledge';
  const remainingMs = clock === null ? null : clock === 'acknowledge' ? ackDue - nowMs : resolveDue - nowMs;
  const span = clock === 'acknowledge' ? ackMs : resolveMs;
  const atRisk = open && !breached && remainingMs !== null && remainingMs < policy.atRiskShare * span;
  return {
    ackDueAt: new Date(ackDue).toISOString(),
    resolveDueAt: new Date(resolveDue).toISOString(),
    ackBreached,
    resolveBreached,
    breached,
    atRisk,
    remainingMs,
    clock,
  };
}

/** The alerts a case is due now that are still to be raised this cycle (the sweep's rule). */
export function dueAlerts(
  c: Pick<Case, 'severity' | 'status' | 'createdAt' | 'acknowledgedAt' | 'resolvedAt'>,
  policy: SlaPolicy,
  now: string,
): { kind: CaseAlertKind; dueAt: string }[] {
  if (!isOpen(c)) return [];
  const s = slaState(c, policy, now);
  const out: { kind: CaseAlertKind; dueAt: string }[] = [];
  if (!c.acknowledgedAt && s.ackBreached) out.push({ kind: 'ack_breach', dueAt: s.ackDueAt });
  if (s.resolveBreached) out.push({ kind: 'resolve_breach', dueAt: s.resolveDueAt });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resolution figures

export interface CaseMetrics {
  /** Cases opened in the period (the cohort every other figure is about). */
  opened: number;
  /** Still new, acknowledged or in progress. */
  open: number;
  /** Resolved or closed. */
  resolved: number;
  /** Reopened at least once. */
  reopened: number;
  /** resolved ÷ opened; null when none were opened. */
  resolutionRate: number | null;
  /** Median of (resolved at − opened at) over resolved cases; null when none is resolved. */
  medianTimeToResolveMs: number | null;
  sla: {
    /** Resolved without breaching either target. */
    met: number;
    /** Breached a target (resolved late, acknowledged late, or open past a due time). */
    breached: number;
    /** Open and not yet breached: not decided yet, left out of the share. */
    pending: number;
    /** met ÷ (met + breached); null when nothing is decided. */
    complianceRate: number | null;
  };
}

/** A share, or null when the denominator is zero. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The median of a list of numbers (mean of the two middle ones for an even count); null if empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Builds the figures from counts (the store aggregates them in SQL). */
export function metricsFromCounts(
  counts: { opened: number; open: number; resolved: number; reopened: number; met: number; breached: number },
  medianTimeToResolveMs: number | null,
): CaseMetrics {
  return {
    opened: counts.opened,
    open: counts.open,
    resolved: counts.resolved,
    reopened: counts.reopened,
    resolutionRate: share(counts.resolved, counts.opened),
    medianTimeToResolveMs,
    sla: {
      met: counts.met,
      breached: counts.breached,
      pending: counts.opened - counts.met - counts.breached,
      complianceRate: share(counts.met, counts.met + counts.breached),
    },
  };
}

/**
 * The same figures computed from the cases themselves: the definition the SQL aggregates follow,
 * and the check they are tested against.
 */
export function caseMetrics(cases: readonly Case[], policy: SlaPolicy, now: string): CaseMetrics {
  let open = 0;
  let resolved = 0;
  let reopened = 0;
  let met = 0;
  let breached = 0;
  const durations: number[] = [];
  for (const c of cases) {
    const s = slaState(c, policy, now);
    if (isOpen(c)) open += 1;
    if (c.resolvedAt) {
      resolved += 1;
      durations.push(Date.parse(c.resolvedAt) - Date.parse(c.createdAt));
    }
    if (c.reopenCount > 0) reopened += 1;
    if (s.breached) breached += 1;
    else if (c.resolvedAt) met += 1;
  }
  return metricsFromCounts(
    { opened: cases.length, open, resolved, reopened, met, breached },
    median(durations),
  );
}
