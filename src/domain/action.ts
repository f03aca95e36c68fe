import type { ActionKind, ActionStatus, RepairLogic, TrustDimension } from '../shared/enums.ts';
import { AppError, invalid } from './errors.ts';

export interface Verification {
  metric: string;
  target: string;
  result: string;
  evidence: string[];
}

/** A corrective action (an intervention in Gillespie & Dietz's terms). */
export interface CorrectiveAction {
  id: string;
  organizationId: string;
  incidentId: string;
  title: string;
  description: string | null;
  kind: ActionKind;
  repairLogic: RepairLogic;
  dimensions: TrustDimension[];
  rootCauseIds: string[];
  owner: string | null;
  sponsor: string | null;
  dueAt: string | null;
  status: ActionStatus;
  statusReason: string | null;
  startedAt: string | null;
  doneAt: string | null;
  verifiedAt: string | null;
  verificationMethod: string | null;
  verification: Verification | null;
  evidence: string[];
  isPublic: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Not dropped: it counts toward the plan. */
export function isActive(a: Pick<CorrectiveAction, 'status'>): boolean {
  return a.status !== 'dropped';
}

/** Done or verified. */
export function isComplete(a: Pick<CorrectiveAction, 'status'>): boolean {
  return a.status === 'done' || a.status === 'verified';
}

/** Overdue is derived, never stored: past its due date and not yet done. */
export function isOverdue(a: Pick<CorrectiveAction, 'status' | 'dueAt'>, now: string): boolean {
  return (a.status === 'planned' || a.status === 'in_progress') && a.dueAt !== null && a.dueAt < now;
}

export const CLOCK_SKEW_MS = 5 * 60_000;

/** Allowed status moves; `reason` marks moves that need one. */
const MOVES: Record<ActionStatus, Partial<Record<ActionStatus, { reason: boolean }>>> = {
  planned: { in_progress: { reason: false }, done: { reason: false }, dropped: { reason: true } },
  in_progress: { done: { reason: false }, dropped: { reason: true }, planned: { reason: true } },
  done: { verified: { reason: false }, in_progress: { reason: true } },
  verified: { in_progress: { reason: true } },
  dropped: { planned: { reason: true } },
};

export interface StatusChange {
  status: ActionStatus;
  reason?: string | undefined;
  verification?: Verification | undefined;
  /** When the work was really finished; defaults to now. */
  completedAt?: string | undefined;
}

export type StatusFields = Pick<
  CorrectiveAction,
  'status' | 'statusReason' | 'startedAt' | 'doneAt' | 'verifiedAt' | 'verification'
>;

/**
 * Applies a status change to an action: planned → in progress → done → verified, or dropped with a
 * reason; done and verified may be reopened with a reason (the fix did not hold).
 * @throws AppError `conflict` for a move the machine does not allow, `validation` for a missing reason
 * or verification, or a completion time in the future.
 */
export function changeStatus(action: CorrectiveAction, change: StatusChange, now: string): StatusFields {
  const from = action.status;
  const to = change.status;
  if (from === to) throw new AppError('conflict', `the action is already ${to.replace('_', ' ')}`);
  const move = MOVES[from][to];
  if (!move) {
    const allowed = Object.keys(MOVES[from]).join(', ') || 'none';
    throw new AppError(
      'conflict',
      `an action cannot move from ${from} to ${to}; from ${from} it can move to: ${allowed}`,
    );
  }
  if (move.reason && !change.reason) {
    throw invalid('body.reason', `a reason is required to move an action from ${from} to ${to}`);
  }
  if (to === 'verified' && !change.verification) {
    throw invalid(
      'body.verification',
      'verifying an action records its effectiveness check: metric, target, result and evidence',
    );
  }
  const at = change.completedAt ?? now;
  // A few minutes of clock skew between a client and the server are normal.
  if (Date.parse(at) > Date.parse(now) + CLOCK_SKEW_MS)
    throw invalid('body.completedAt', 'must not be in the future');
  if (to === 'done' && action.startedAt && at < action.startedAt) {
    throw invalid('body.completedAt', `must not be before the work started (${action.startedAt})`);
  }
  if (to === 'verified' && action.doneAt && at < action.doneAt) {
    throw invalid('body.completedAt', `must not be before the action was done (${action.doneAt})`);
  }

  const next: StatusFields = {
    status: to,
    statusReason: change.reason ?? null,
    startedAt: action.startedAt,
    doneAt: action.doneAt,
    verifiedAt: action.verifiedAt,
    verification: action.verification,
  };
  switch (to) {
    case 'in_progress':
      next.startedAt ??= now;
      next.doneAt = null;
      next.verifiedAt = null;
      next.verification = null;
      break;
    case 'done':
      next.startedAt ??= at;
      next.doneAt = at;
      break;
    case 'verified':
      next.verifiedAt = at;
      next.verification = change.verification ?? null;
      break;
    case 'planned':
      next.startedAt = null;
      next.doneAt = null;
      break;
    case 'dropped':
      break;
  }
  return next;
}
