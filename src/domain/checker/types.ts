import type { Advice, ClaimStatus } from '../advisor.ts';
import type {
  ActionStatus,
  Cluster,
  CrisisType,
  Culpability,
  IncidentKind,
  Reputation,
  Stage,
  ViolationType,
} from '../../shared/enums.ts';

export const SEVERITIES = ['info', 'low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** An action of the incident's plan, as the truth rules need it. */
export interface RecordAction {
  id: string;
  title: string;
  status: ActionStatus;
  dueAt: string | null;
}

/** A registered commitment. `actionIds` lets a promise linked to it be checked against its actions. */
export interface RecordCommitment {
  id: string;
  text: string;
  dueAt: string | null;
  status: string;
  actionIds?: string[] | undefined;
}

/** The author's link from a passage of the statement (quoted exactly) to the record. */
export interface RecordLink {
  quote: string;
  actionId?: string | undefined;
  commitmentId?: string | undefined;
}

/** An earlier published statement of the same incident, to any audience. */
export interface PriorStatement {
  id: string;
  audience: string;
  publishedAt: string;
  text: string;
}

/** What the incident's record says, for the truth rules (claims, promises, N21). */
export interface CheckRecord {
  actions: RecordAction[];
  commitments: RecordCommitment[];
  links: RecordLink[];
  priorStatements: PriorStatement[];
  /** ISO time that relative dates ("by Friday", "within 72 hours") are read against. */
  now: string;
}

/**
 * The incident profile a statement is checked in. Every field is optional; the defaults describe an
 * accidental incident of moderate severity in the respond stage, culpability undetermined, for the
 * public. Truth rules run only when `record` is given.
 */
export interface CheckContext {
  cluster?: Cluster | undefined;
  crisisType?: CrisisType | undefined;
  violationTypes?: readonly ViolationType[] | undefined;
  culpability?: Culpability | undefined;
  stage?: Stage | undefined;
  deceptionInvolved?: boolean | undefined;
  /** 1 (minor) to 5 (critical). Default 3. */
  severity?: number | undefined;
  /** The incident kind; data breaches and misconduct make scope-shrinking apologies worse (N6). */
  kind?: IncidentKind | undefined;
  /** Audience slug; sets the readability target. Default `public`. */
  audience?: string | undefined;
  /** Diagnosis found a preventable root cause (escalates excuses, N8). */
  preventableRootCauseKnown?: boolean | undefined;
  /** An external cause (e.g. a supplier outage) is verified (external accounts become acceptable). */
  externalCauseVerified?: boolean | undefined;
  /** Evidence of innocence is attached (the gate for denials, N10). */
  evidenceAttached?: boolean | undefined;
  priorSimilarIncidents?: number | undefined;
  priorReputation?: Reputation | undefined;
  claimStatus?: ClaimStatus | undefined;
  record?: CheckRecord | undefined;
}

/** The context with its defaults applied and the advisor's recommendation for it. */
export interface ResolvedContext {
  cluster: Cluster;
  crisisType: CrisisType | undefined;
  violationTypes: readonly ViolationType[];
  culpability: Culpability;
  stage: Stage;
  deceptionInvolved: boolean;
  severity: number;
  kind: IncidentKind;
  audience: string;
  preventableRootCauseKnown: boolean;
  externalCauseVerified: boolean;
  evidenceAttached: boolean;
  priorSimilarIncidents: number;
  priorReputation: Reputation;
  claimStatus: ClaimStatus;
  record: CheckRecord | undefined;
  advice: Advice;
}

/**
 * One flagged passage. Invariant: `text === input.slice(start, end)` (UTF-16 offsets, as JavaScript
 * strings count them).
 */
export interface Finding {
  rule: string;
  severity: Severity;
  start: number;
  end: number;
  text: string;
  /** Why it is flagged. */
  message: string;
  /** A rewrite or what to add. */
  suggestion: string;
  citation: string;
  /** Structured extras, e.g. a promise's text and due date so the UI can pre-fill a commitment. */
  data?: Record<string, unknown> | undefined;
}

/** A passage credited by a positive pattern (LANG-P1…P10), used by the apology score. */
export interface Credit {
  rule: string;
  start: number;
  end: number;
  text: string;
  label: string;
}

export const APOLOGY_COMPONENTS = [
  'responsibility',
  'repair',
  'regret',
  'explanation',
  'repentance',
  'forgiveness',
] as const;
export type ApologyComponent = (typeof APOLOGY_COMPONENTS)[number];

export interface ApologyScore {
  /** Σ(weight × present) / Σ(weight) over the required components, 0…1, two decimals. */
  score: number;
  components: Record<ApologyComponent, boolean>;
  required: ApologyComponent[];
  /** Required components that are absent, in the paper's rank order. */
  missing: ApologyComponent[];
  weights: Record<ApologyComponent, number>;
  /** Which Table F rule and Table B row decided what is required. */
  why: string[];
}

export interface Readability {
  /** Flesch–Kincaid grade level, one decimal. */
  grade: number;
  /** The highest grade the audience should need. */
  target: number;
  audience: string;
  meetsTarget: boolean;
  words: number;
  sentences: number;
  /** Sentences at least four grades above the target, for highlighting. */
  hardSentences: { start: number; end: number; grade: number }[];
}

export interface CheckResult {
  /** Ordered by position, then severity (highest first). */
  findings: Finding[];
  credits: Credit[];
  apology: ApologyScore;
  readability: Readability;
  /** The advisor's recommendation the severities were judged against. */
  posture: { posture: Advice['posture']; rule: string };
  counts: Record<Severity, number>;
}

/** A rule of the checker, with what the docs and the UI show about it. */
export interface RuleInfo {
  id: string;
  title: string;
  defaultSeverity: Severity;
  citation: string;
}
