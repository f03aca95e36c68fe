import type { z } from 'zod';
import type {
  LeadershipCreateSchema,
  LeadershipPatchSchema,
  LeadershipSchema,
  PublishSchema,
  ReviewSchema,
  SettingsSchema,
  StatementLinkSchema,
  StatementPatchSchema,
  StatementSchema,
  SubscriptionSchema,
  WebhookCreateSchema,
} from '../../src/shared/contract/statement.ts';

/**
 * Types of the statement, leadership and settings answers, inferred from the shared Zod schemas
 * (src/shared/contract/statement.ts names the schemas but not their types).
 */
export type StatementView = z.infer<typeof StatementSchema>;
export type StatementVersionView = StatementView['current'];
export type StatementLink = z.infer<typeof StatementLinkSchema>;
export type StatementPatch = z.infer<typeof StatementPatchSchema>;
export type ReviewInput = z.infer<typeof ReviewSchema>;
export type PublishInput = z.infer<typeof PublishSchema>;
export type LeadershipView = z.infer<typeof LeadershipSchema>;
export type LeadershipCreate = z.infer<typeof LeadershipCreateSchema>;
export type LeadershipPatch = z.infer<typeof LeadershipPatchSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type SubscriptionView = z.infer<typeof SubscriptionSchema>;
export type WebhookCreate = z.infer<typeof WebhookCreateSchema>;

/**
 * The checker's answer. The API declares it as an open record, so its shape is written out here
 * from docs/checker.md (CheckResult); the console reads only these fields.
 */
export type FindingSeverity = 'info' | 'low' | 'medium' | 'high';

export interface Finding {
  rule: string;
  severity: FindingSeverity;
  /** UTF-16 offsets into the checked text: text === checked.slice(start, end). */
  start: number;
  end: number;
  text: string;
  message: string;
  suggestion: string;
  citation: string;
  data?: Record<string, unknown>;
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

export interface CheckResult {
  findings: Finding[];
  credits: { rule: string; start: number; end: number; text: string; label: string }[];
  apology: {
    score: number;
    components: Record<ApologyComponent, boolean>;
    required: ApologyComponent[];
    /** Required and absent, most important first. */
    missing: ApologyComponent[];
    why: string[];
  };
  readability: {
    grade: number;
    target: number;
    audience: string;
    meetsTarget: boolean;
    words: number;
    sentences: number;
  };
  posture: { posture: string; rule: string };
  counts: Record<FindingSeverity, number>;
}

/** The strategy advisor's answer (GET …/advice), written out from docs/checker.md for the same reason. */
export interface Advice {
  posture: 'base' | 'diminish' | 'rebuild' | 'deny';
  postureRule: string;
  baseResponse: string[];
  primaryStrategies: string[];
  allowedSupplements: string[];
  verbalResponse: { rule: string; text: string };
  substantiveResponses: string[];
  repairEmphasis: { rule: string; dimension: string; emphasis: string; compensation: string } | null;
  warnings: string[];
  fired: { rule: string; citation: string; why: string }[];
}

/** A new secret link to an audience page: the key is shown once. */
export interface AudienceLink {
  audience: string;
  key: string;
  path: string;
}

/* Cases and surveys (the cases board and the survey builder). */
type CaseContract = typeof import('../../src/shared/contract/case.ts');
export type CaseView = import('../../src/shared/contract/case.ts').CaseView;
export type CaseCreate = z.input<CaseContract['CaseCreateSchema']>;
export type CasePatch = z.input<CaseContract['CasePatchSchema']>;
export type CaseMetrics = z.infer<CaseContract['CaseMetricsSchema']>;
export type CaseAlertView = z.infer<CaseContract['CaseAlertSchema']>;
export type CaseTransition = z.infer<CaseContract['CaseTransitionSchema']>;
export type CaseStatus = CaseView['status'];
export type CaseSeverity = CaseView['severity'];

/** Survey shapes, from the survey API's Zod schemas (types only: nothing of the server is bundled). */
type SurveySchemas = typeof import('../../src/server/api/survey.schemas.ts');
export type InstrumentView = z.infer<SurveySchemas['InstrumentSchema']>;
export type InstrumentDetail = z.infer<SurveySchemas['InstrumentDetailSchema']>;
export type InstrumentCreate = z.input<SurveySchemas['InstrumentCreateSchema']>;
export type SurveyQuestion = z.input<SurveySchemas['QuestionSchema']>;
export type SurveyView = z.infer<SurveySchemas['SurveySchema']>;
export type SurveyDetail = z.infer<SurveySchemas['SurveyDetailSchema']>;
export type SurveyCreate = z.input<SurveySchemas['SurveyCreateSchema']>;
export type RecipientInput = z.infer<SurveySchemas['RecipientsAddSchema']>['recipients'][number];
export type SurveyResults = z.infer<SurveySchemas['SurveyResultsSchema']>;
export type QuestionResult = SurveyResults['questions'][number];
export type QuestionType = SurveyQuestion['type'];
export type WaveKind = SurveyView['wave'];

/** Mirrors of the survey domain's lists (src/domain/survey.ts is server code and is not bundled). */
export const QUESTION_TYPES = [
  'nps',
  'csat',
  'ces',
  'agreement',
  'single_choice',
  'multiple_choice',
  'text',
] as const satisfies readonly QuestionType[];
export const TRUST_SCALES = [
  'ability',
  'benevolence',
  'integrity',
  'distrust',
  'behavioural_integrity',
] as const;
export const WAVE_KINDS = [
  'baseline',
  'post_incident',
  'post_response',
  'post_reform',
  'tracking',
] as const satisfies readonly WaveKind[];
export const BUILTIN_INSTRUMENT_KEY = 'amends-trust';

/**
 * Mirrors of the case contract's lists: importing them from src/shared/contract/case.ts would
 * bundle Zod, whose eval probe the console's CSP refuses.
 */
export const CASE_STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
] as const satisfies readonly CaseStatus[];
export const CASE_SEVERITIES = [
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly CaseSeverity[];

/** Mention shapes, from the mention API's Zod schemas (types only: nothing of the server is bundled). */
type MentionSchemas = typeof import('../../src/server/api/mention.schemas.ts');
export type MentionFeedView = z.infer<MentionSchemas['FeedSchema']>;
export type MentionFeedCreate = z.input<MentionSchemas['FeedCreateSchema']>;
export type MentionView = z.infer<MentionSchemas['MentionSchema']>;
export type MentionSummary = z.infer<MentionSchemas['SummarySchema']>;
export type MentionImport = z.input<MentionSchemas['ImportSchema']>;
export type MentionImportResult = z.infer<MentionSchemas['ImportResultSchema']>;
export type NetSentimentDefinition = MentionSummary['netSentimentDefinition'];

/** Mirror of the summary's net sentiment definitions (docs/metrics.md), in the order offered. */
export const NET_SENTIMENT_DEFINITIONS = [
  'all',
  'polar',
  'positive_ratio',
] as const satisfies readonly NetSentimentDefinition[];
