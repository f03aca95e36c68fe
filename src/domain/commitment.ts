import type { CommitmentStatus } from '../shared/enums.ts';
import type { CorrectiveAction } from './action.ts';
import { isActive, isComplete } from './action.ts';

export interface DueChange {
  from: string | null;
  to: string | null;
  explanation: string;
  at: string;
  by: string;
}

/** What a person decided about a commitment; everything else is derived. */
export type ManualOutcome = 'kept' | 'broken' | 'withdrawn';

/**
 * A public promise (research §2.12, §7). Its status is derived from its linked actions, its dates
 * and the explicit outcome a person recorded; `status` and `keptAt` are stored only so they can be
 * queried and audited, and are recomputed whenever an input changes.
 */
export interface Commitment {
  id: string;
  organizationId: string;
  incidentId: string;
  text: string;
  audience: string;
  dueAt: string | null;
  /** The first due date promised; kept on time is judged against it, renegotiation or not. */
  originalDueAt: string | null;
  owner: string | null;
  verification: string | null;
  source: string | null;
  /** promise: said in words; next_update: a statement's "next update by", kept by the next publication. */
  kind: 'promise' | 'next_update';
  /** The statement that made the promise, when it came from one. */
  sourceStatementId: string | null;
  actionIds: string[];
  manualOutcome: ManualOutcome | null;
  manualKeptAt: string | null;
  explanation: string | null;
  dueHistory: DueChange[];
  evidence: string[];
  isPublic: boolean;
  status: CommitmentStatus;
  keptAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type DerivationInput = Pick<
  Commitment,
  'originalDueAt' | 'actionIds' | 'manualOutcome' | 'manualKeptAt' | 'dueHistory'
>;

/**
 * Derives a commitment's status (research §8.4, say–do):
 * - withdrawn or broken when a person said so, with an explanation;
 * - with linked actions: kept when every linked action still in the plan is done or verified, at the
 *   latest completion; broken when every linked action was dropped;
 * - without linked actions: kept when a person recorded it kept;
 * - kept on time when kept by the *first* due date promised, kept late otherwise (renegotiation is
 *   visible but does not launder lateness);
 * - otherwise open, or renegotiated once its due date has moved.
 */
export function deriveCommitmentStatus(
  c: DerivationInput,
  linked: Pick<CorrectiveAction, 'id' | 'status' | 'doneAt'>[],
): { status: CommitmentStatus; keptAt: string | null } {
  if (c.manualOutcome === 'withdrawn') return { status: 'withdrawn', keptAt: null };
  if (c.manualOutcome === 'broken') return { status: 'broken', keptAt: null };

  let keptAt: string | null = null;
  const actions = linked.filter((a) => c.actionIds.includes(a.id));
  if (actions.length > 0) {
    const active = actions.filter(isActive);
    if (active.length === 0) return { status: 'broken', keptAt: null };
    if (active.every(isComplete)) {
      keptAt = active.map((a) => a.doneAt ?? '').reduce((a, b) => (a > b ? a : b));
    }
  } else if (c.manualOutcome === 'kept') {
    keptAt = c.manualKeptAt;
  }

  if (keptAt) {
    const onTime = c.originalDueAt === null || keptAt <= c.originalDueAt;
    return { status: onTime ? 'kept_on_time' : 'kept_late', keptAt };
  }
  return { status: c.dueHistory.length > 0 ? 'renegotiated' : 'open', keptAt: null };
}

/** Still waiting to be kept. */
export function isPending(c: Pick<Commitment, 'status'>): boolean {
  return c.status === 'open' || c.status === 'renegotiated';
}

/** Pending past its current due date. */
export function isCommitmentOverdue(c: Pick<Commitment, 'status' | 'dueAt'>, now: string): boolean {
  return isPending(c) && c.dueAt !== null && c.dueAt < now;
}

/** Has a date, an owner and a verification (research §8.4, commitment specificity; LANG-N14). */
export function isSpecific(c: Pick<Commitment, 'dueAt' | 'owner' | 'verification'>): boolean {
  return Boolean(c.dueAt && c.owner?.trim() && c.verification?.trim());
}

export interface SayDo {
  total: number;
  due: number;
  keptOnTime: number;
  keptLate: number;
  broken: number;
  overdue: number;
  withdrawn: number;
  ratio: number | null;
  specific: number;
  specificityRate: number | null;
}

/**
 * Say–do ratio, the behavioral-integrity index (Simons 2002; research §8.4): commitments kept on
 * time ÷ commitments due. Due means settled (kept or broken) or pending past the first promised
 * date. Withdrawn commitments are counted apart, not as due. Specificity rate: the share of all
 * commitments with a date, an owner and a verification.
 */
export function sayDo(
  commitments: Pick<Commitment, 'status' | 'dueAt' | 'originalDueAt' | 'owner' | 'verification'>[],
  now: string,
): SayDo {
  let due = 0;
  let keptOnTime = 0;
  let keptLate = 0;
  let broken = 0;
  let overdue = 0;
  let withdrawn = 0;
  let specific = 0;
  for (const c of commitments) {
    if (isSpecific(c)) specific++;
    switch (c.status) {
      case 'withdrawn':
        withdrawn++;
        continue;
      case 'kept_on_time':
        keptOnTime++;
        due++;
        continue;
      case 'kept_late':
        keptLate++;
        due++;
        continue;
      case 'broken':
        broken++;
        due++;
        continue;
      default:
        if (c.originalDueAt !== null && c.originalDueAt < now) due++;
        if (isCommitmentOverdue(c, now)) overdue++;
    }
  }
  const total = commitments.length;
  return {
    total,
    due,
    keptOnTime,
    keptLate,
    broken,
    overdue,
    withdrawn,
    ratio: due === 0 ? null : keptOnTime / due,
    specific,
    specificityRate: total === 0 ? null : specific / total,
  };
}

/** Alert threshold for the say–do ratio suggested by the research (§8.4). */
export const SAY_DO_ALERT_BELOW = 0.9;
