import type { Role, StatementKind, StatementState } from '../shared/enums.ts';
import { AppError, invalid } from './errors.ts';

/**
 * A statement: what the organization says, to whom, in versions. The working version moves
 * draft → in review → approved → published; editing any version makes a new draft version, so a
 * published text is never changed silently — the public sees the published version until the
 * next one is approved and published. A retraction keeps a visible notice with its reason.
 */
export interface Statement {
  id: string;
  organizationId: string;
  incidentId: string;
  kind: StatementKind;
  channels: string[];
  /** The workflow state of the working (current) version. */
  state: StatementState;
  currentVersion: number;
  /** The version the public sees, or null before the first publication. */
  publishedVersion: number | null;
  firstPublishedAt: string | null;
  lastPublishedAt: string | null;
  /** An approved statement waiting for its publication time. */
  scheduledAt: string | null;
  retractedAt: string | null;
  retractionReason: string | null;
  /** "Next update by": registered as a commitment when published. */
  nextUpdateBy: string | null;
  /** The author's links from passages of the text to the record, checked for truth. */
  links: StatementLink[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StatementLink {
  quote: string;
  actionId?: string | undefined;
  commitmentId?: string | undefined;
}

export interface StatementVersion {
  organizationId: string;
  statementId: string;
  number: number;
  title: string;
  /** Markdown. */
  body: string;
  /** Who this version is addressed to: what the public sees is decided by the published version. */
  audiences: string[];
  byline: string | null;
  author: { kind: 'user' | 'token' | 'system'; id: string | null; label: string };
  contentHash: string;
  createdAt: string;
  publishedAt: string | null;
  /** Why it was published despite high-severity checker findings. */
  overrideReason: string | null;
}

export interface Review {
  id: string;
  organizationId: string;
  statementId: string;
  versionNumber: number;
  /** principalKey() of the reviewer: the same person through any credential. */
  reviewerKey: string;
  reviewerLabel: string;
  reviewerRole: Role;
  decision: 'approved' | 'rejected';
  comment: string | null;
  at: string;
}

/** Organization settings for statement approval. */
export interface ApprovalPolicy {
  requiredApprovals: number;
  approverRoles: Role[];
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  requiredApprovals: 1,
  approverRoles: ['owner', 'admin', 'leader'],
};

/** True when the statement can still be edited (a retraction is final). */
export function assertEditable(s: Pick<Statement, 'state'>): void {
  if (s.state === 'retracted')
    throw new AppError('conflict', 'a retracted statement cannot be edited; write a new one');
}

/** draft → in review. */
export function assertSubmittable(s: Pick<Statement, 'state'>): void {
  if (s.state !== 'draft') {
    throw new AppError(
      'conflict',
      `only a draft can be submitted for review; this statement is ${s.state.replace('_', ' ')}`,
    );
  }
}

export interface ReviewDecision {
  reviewerKey: string;
  reviewerRole: Role;
  decision: 'approved' | 'rejected';
  comment?: string | undefined;
}

/**
 * Checks a review and says what it does to the statement. Nobody reviews a version they wrote;
 * only roles the organization allows may review; one decision per person per version; a
 * rejection needs a comment and sends the statement back to draft; enough distinct approvals of the
 * current version approve it.
 * @throws AppError `forbidden` (own text, role not allowed), `conflict` (not in review, decided
 * already), `validation` (rejection without a comment).
 */
export function decideReview(
  s: Pick<Statement, 'state' | 'currentVersion'>,
  currentAuthorKey: string,
  reviews: Pick<Review, 'versionNumber' | 'reviewerKey' | 'decision'>[],
  d: ReviewDecision,
  policy: ApprovalPolicy,
): { state: StatementState } {
  if (s.state !== 'in_review') {
    throw new AppError(
      'conflict',
      `only a statement in review can be reviewed; this one is ${s.state.replace('_', ' ')}`,
    );
  }
  if (d.reviewerKey === currentAuthorKey) {
    throw new AppError(
      'forbidden',
      'nobody approves or rejects their own text; ask another person to review it',
    );
  }
  if (!policy.approverRoles.includes(d.reviewerRole)) {
    throw new AppError(
      'forbidden',
      `your role (${d.reviewerRole}) may not review statements here; reviewers: ${policy.approverRoles.join(', ')}`,
    );
  }
  const current = reviews.filter((r) => r.versionNumber === s.currentVersion);
  if (current.some((r) => r.reviewerKey === d.reviewerKey)) {
    throw new AppError('conflict', 'you have already reviewed this version');
  }
  if (d.decision === 'rejected') {
    if (!d.comment?.trim())
      throw invalid('body.comment', 'a rejection needs a comment saying what to change');
    return { state: 'draft' };
  }
  const approvals = current.filter((r) => r.decision === 'approved').length + 1;
  return { state: approvals >= policy.requiredApprovals ? 'approved' : 'in_review' };
}

/** approved → published (now or at its scheduled time). */
export function assertPublishable(s: Pick<Statement, 'state'>): void {
  if (s.state !== 'approved') {
    throw new AppError(
      'conflict',
      s.state === 'published'
        ? 'this version is already published'
        : `only an approved statement can be published; this one is ${s.state.replace('_', ' ')}`,
    );
  }
}

/** A published statement can be retracted, with a reason that stays visible. */
export function assertRetractable(s: Pick<Statement, 'state' | 'publishedVersion'>): void {
  if (s.state === 'retracted') throw new AppError('conflict', 'this statement is already retracted');
  if (s.publishedVersion === null) {
    throw new AppError(
      'conflict',
      'only a published statement can be retracted; delete a draft by leaving it',
    );
  }
}

/** Reads the approval policy from organization settings, falling back to the defaults. */
export function approvalPolicy(settings: Record<string, unknown>): ApprovalPolicy {
  const s = (settings.statements ?? {}) as Partial<ApprovalPolicy>;
  return {
    requiredApprovals:
      typeof s.requiredApprovals === 'number' && s.requiredApprovals >= 1
        ? s.requiredApprovals
        : DEFAULT_APPROVAL_POLICY.requiredApprovals,
    approverRoles:
      Array.isArray(s.approverRoles) && s.approverRoles.length > 0
        ? s.approverRoles
        : DEFAULT_APPROVAL_POLICY.approverRoles,
  };
}
