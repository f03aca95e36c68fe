/**
 * The vocabulary of Amends, shared by the server and the console. Values are snake_case strings so
 * they read the same in JSON, SQL and URLs.
 */

export const ROLES = [
  'owner',
  'admin',
  'editor',
  'communicator',
  'leader',
  'analyst',
  'auditor',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const INCIDENT_KINDS = [
  'data_breach',
  'outage',
  'product_failure',
  'misconduct',
  'third_party_failure',
  'rumor',
  'other',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** SCCT crisis types (Coombs 2007; research §7). */
export const CRISIS_TYPES = [
  'natural_disaster',
  'rumor',
  'workplace_violence',
  'malevolence',
  'challenge',
  'technical_error_accident',
  'technical_error_product_harm',
  'human_error_accident',
  'human_error_product_harm',
  'misdeed_no_injury',
  'management_misconduct',
  'misdeed_with_injury',
] as const;
export type CrisisType = (typeof CRISIS_TYPES)[number];

export const CLUSTERS = ['victim', 'accidental', 'preventable'] as const;
export type Cluster = (typeof CLUSTERS)[number];

/** Kinds of trust violation (Mayer 1995; Kim et al. 2004). */
export const VIOLATION_TYPES = ['competence', 'integrity', 'benevolence'] as const;
export type ViolationType = (typeof VIOLATION_TYPES)[number];

/** Trustworthiness dimensions a root cause implicates and an action targets (Mayer 1995). */
export const TRUST_DIMENSIONS = ['ability', 'benevolence', 'integrity'] as const;
export type TrustDimension = (typeof TRUST_DIMENSIONS)[number];

export const CULPABILITIES = ['established', 'disproved', 'undetermined'] as const;
export type Culpability = (typeof CULPABILITIES)[number];

export const DISCLOSERS = ['organization', 'media', 'regulator', 'researcher', 'customer', 'other'] as const;
export type Discloser = (typeof DISCLOSERS)[number];

export const REPUTATIONS = ['positive', 'neutral', 'negative'] as const;
export type Reputation = (typeof REPUTATIONS)[number];

/** Gillespie & Dietz (2009) repair stages (research §3.4). */
export const STAGES = ['respond', 'diagnose', 'reform', 'evaluate', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export const STANDARD_AUDIENCES = [
  'customers',
  'employees',
  'partners',
  'regulators',
  'investors',
  'public',
] as const;

/** Organizational components a root cause sits in (Gillespie & Dietz 2009, DESIGN §3). */
export const COMPONENTS = [
  'leadership',
  'culture',
  'strategy',
  'structures_policies',
  'external_governance',
  'third_party',
  'technology',
] as const;
export type Component = (typeof COMPONENTS)[number];

export const ACTION_KINDS = ['process', 'policy', 'training', 'oversight', 'technology', 'remedy'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Gillespie & Dietz (2009): the two repair logics; effective reform uses both (GD-D3). */
export const REPAIR_LOGICS = ['distrust_regulation', 'trustworthiness_demonstration'] as const;
export type RepairLogic = (typeof REPAIR_LOGICS)[number];

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'verified', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const COMMITMENT_STATUSES = [
  'open',
  'renegotiated',
  'kept_on_time',
  'kept_late',
  'broken',
  'withdrawn',
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Human labels for the console and the CLI. */
export const LABELS: Record<string, string> = {
  respond: 'Respond',
  diagnose: 'Diagnose',
  reform: 'Reform',
  evaluate: 'Evaluate',
  closed: 'Closed',
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  verified: 'Verified',
  dropped: 'Dropped',
  open: 'Open',
  renegotiated: 'Renegotiated',
  kept_on_time: 'Kept on time',
  kept_late: 'Kept late',
  broken: 'Broken',
  withdrawn: 'Withdrawn',
  distrust_regulation: 'Distrust regulation',
  trustworthiness_demonstration: 'Trustworthiness demonstration',
  data_breach: 'Data breach',
  outage: 'Outage',
  product_failure: 'Product failure',
  misconduct: 'Misconduct',
  third_party_failure: 'Third-party failure',
  rumor: 'Rumor',
  other: 'Other',
  structures_policies: 'Structures and policies',
  external_governance: 'External governance',
  third_party: 'Third party',
  faq: 'FAQ',
  in_review: 'In review',
  in_app: 'In-app',
  regulator_portal: 'Regulator portal',
};

/** A readable label for any enum value. */
export function label(value: string): string {
  return LABELS[value] ?? value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ');
}

export const STATEMENT_KINDS = [
  'holding_statement',
  'update',
  'apology',
  'postmortem',
  'faq',
  'leader_message',
  'regulator_filing',
] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** The approval workflow of a statement's working version (DESIGN §3). */
export const STATEMENT_STATES = ['draft', 'in_review', 'approved', 'published', 'retracted'] as const;
export type StatementState = (typeof STATEMENT_STATES)[number];

export const CHANNELS = [
  'web',
  'email',
  'webhook',
  'press',
  'social',
  'in_app',
  'internal',
  'regulator_portal',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const LEADERSHIP_KINDS = [
  'town_hall',
  'customer_call',
  'site_visit',
  'media',
  'internal_memo',
  'public_statement',
] as const;
export type LeadershipKind = (typeof LEADERSHIP_KINDS)[number];

/** Roles that an organization may allow to approve statements. */
export const APPROVER_ROLES = ['owner', 'admin', 'editor', 'communicator', 'leader'] as const;

/** Feedback channels and sentiments: the domain's lists (domain/feedback.ts), shared with the console's filters. */
export const FEEDBACK_CHANNEL_VALUES = [
  'form',
  'survey',
  'complaint',
  'email',
  'one_on_one',
  'group',
  'import',
  'webhook',
  'mention',
] as const;
export const SENTIMENT_VALUES = ['positive', 'negative', 'neutral', 'mixed'] as const;
/** Bucket sizes of the themes view (domain/theme-volume.ts). */
export const THEME_INTERVALS = ['day', 'week'] as const;
