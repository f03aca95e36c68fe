import type { ColumnType } from 'kysely';

/**
 * Row types as the drivers hand them back. SQLite returns timestamps as ISO text, booleans as 0/1
 * and JSON as text; PostgreSQL returns Date, boolean and parsed JSON. Repositories map both to the
 * same domain objects through store/map.ts.
 */
export type Timestamp = ColumnType<string | Date, string, string>;
export type NullableTimestamp = ColumnType<string | Date | null, string | null, string | null>;
export type Json = ColumnType<unknown, string, string>;
export type NullableJson = ColumnType<unknown, string | null, string | null>;
export type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  settings: Json;
  /** Bumped by every write to the organization's records; keys read caches. */
  data_version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  organization_id: string;
  id: string;
  name: string;
  token_hash: string;
  role: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface IncidentsTable {
  organization_id: string;
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  kind: string;
  crisis_type: string;
  cluster_override: NullableJson;
  violation_types: Json;
  culpability: string;
  culpability_evidence: ColumnType<unknown, string | undefined, string>;
  deception_involved: Bool;
  severity: number;
  occurred_at: NullableTimestamp;
  detected_at: Timestamp;
  disclosed_at: NullableTimestamp;
  disclosed_by: string | null;
  affected_audiences: Json;
  prior_similar_incidents: number;
  prior_reputation: string;
  investigation_owner: string | null;
  stage: string;
  stage_changed_at: Timestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RootCausesTable {
  organization_id: string;
  id: string;
  incident_id: string;
  description: string;
  component: string;
  dimensions: Json;
  systemic: Bool;
  whys: Json;
  independent_review: Bool;
  is_public: Bool;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CorrectiveActionsTable {
  organization_id: string;
  id: string;
  incident_id: string;
  title: string;
  description: string | null;
  kind: string;
  repair_logic: string;
  dimensions: Json;
  owner: string | null;
  sponsor: string | null;
  due_at: NullableTimestamp;
  status: string;
  status_reason: string | null;
  started_at: NullableTimestamp;
  done_at: NullableTimestamp;
  verified_at: NullableTimestamp;
  verification_method: string | null;
  verification: NullableJson;
  evidence: Json;
  is_public: Bool;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActionRootCausesTable {
  organization_id: string;
  action_id: string;
  root_cause_id: string;
}

export interface CommitmentsTable {
  organization_id: string;
  id: string;
  incident_id: string;
  text: string;
  audience: string;
  due_at: NullableTimestamp;
  original_due_at: NullableTimestamp;
  owner: string | null;
  verification: string | null;
  source: string | null;
  kind: ColumnType<string, string | undefined, string>;
  source_statement_id: string | null;
  manual_outcome: string | null;
  manual_kept_at: NullableTimestamp;
  explanation: string | null;
  due_history: Json;
  evidence: Json;
  is_public: Bool;
  status: string;
  kept_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommitmentActionsTable {
  organization_id: string;
  commitment_id: string;
  action_id: string;
}

export interface AuditEventsTable {
  organization_id: string;
  id: string;
  at: Timestamp;
  actor_kind: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  record_type: string;
  record_id: string;
  incident_id: string | null;
  before: NullableJson;
  after: NullableJson;
  request_id: string | null;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  principal: string;
  key: string;
  request_hash: string;
  record_type: string;
  record_id: string;
  created_at: Timestamp;
}

export interface StatementsTable {
  organization_id: string;
  id: string;
  incident_id: string;
  kind: string;
  channels: Json;
  state: string;
  current_version: number;
  published_version: number | null;
  first_published_at: NullableTimestamp;
  last_published_at: NullableTimestamp;
  scheduled_at: NullableTimestamp;
  retracted_at: NullableTimestamp;
  retraction_reason: string | null;
  next_update_by: NullableTimestamp;
  links: Json;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StatementVersionsTable {
  organization_id: string;
  statement_id: string;
  number: number;
  title: string;
  body: string;
  audiences: Json;
  byline: string | null;
  author_kind: string;
  author_id: string | null;
  author_label: string;
  content_hash: string;
  created_at: Timestamp;
  published_at: NullableTimestamp;
  override_reason: string | null;
}

export interface StatementReviewsTable {
  organization_id: string;
  id: string;
  statement_id: string;
  version_number: number;
  reviewer_key: string;
  reviewer_label: string;
  reviewer_role: string;
  decision: string;
  comment: string | null;
  at: Timestamp;
}

export interface SubscriptionsTable {
  organization_id: string;
  id: string;
  scope: string;
  channel: string;
  address: string;
  audience: string;
  status: string;
  confirm_token_hash: string | null;
  secret: string | null;
  created_at: Timestamp;
  confirmed_at: NullableTimestamp;
  unsubscribed_at: NullableTimestamp;
}

export interface DeliveriesTable {
  organization_id: string;
  id: string;
  source_type: string;
  source_id: string;
  source_version: number;
  subscription_id: string | null;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  locked_until: NullableTimestamp;
  content_hash: string | null;
  last_error: string | null;
  response: string | null;
  sent_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeadershipActivitiesTable {
  organization_id: string;
  id: string;
  incident_id: string;
  kind: string;
  leader: string;
  audience: string;
  occurred_at: Timestamp;
  summary: string;
  is_public: Bool;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AudienceLinksTable {
  organization_id: string;
  incident_id: string;
  audience: string;
  token_hash: string;
  created_at: Timestamp;
}

export interface InstanceSecretsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface FeedbackTable {
  organization_id: string;
  id: string;
  incident_id: string | null;
  channel: string;
  audience: string;
  text: string;
  ratings: Json;
  contact_email: string | null;
  contact_name: string | null;
  consent: Bool;
  source: string | null;
  source_id: string | null;
  client_hash: string | null;
  redacted: Bool;
  sentiment: string | null;
  sentiment_score: number | null;
  language: string | null;
  themes: Json;
  analysed_at: NullableTimestamp;
  loop_closed_at: NullableTimestamp;
  created_at: Timestamp;
  version: number;
  /** Set for concerns raised in a conversation (migration 0004). */
  conversation_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FeedbackThemesTable {
  organization_id: string;
  feedback_id: string;
  theme: string;
}

export interface ActionFeedbackLinksTable {
  organization_id: string;
  action_id: string;
  target: string;
  created_at: Timestamp;
}

export interface SurveyInstrumentsTable {
  organization_id: string;
  id: string;
  key: string;
  name: string;
  description: string | null;
  current_version: number;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyInstrumentVersionsTable {
  organization_id: string;
  instrument_id: string;
  number: number;
  questions: Json;
  content_hash: string;
  created_at: Timestamp;
}

export interface SurveysTable {
  organization_id: string;
  id: string;
  incident_id: string | null;
  title: string;
  audience: string;
  wave: string;
  instrument_id: string;
  instrument_version: number;
  anonymous: Bool;
  status: string;
  opens_at: NullableTimestamp;
  closes_at: NullableTimestamp;
  edit_window_minutes: number;
  reminder_hours: Json;
  opened_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyRecipientsTable {
  organization_id: string;
  survey_id: string;
  id: string;
  email: string;
  segments: Json;
  invited_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  reminder_step: number;
  responded_at: NullableTimestamp;
}

export interface SurveyResponsesTable {
  organization_id: string;
  survey_id: string;
  id: string;
  respondent_key: string;
  contact_consent: Bool;
  submitted_at: Timestamp;
  updated_at: Timestamp;
  editable_until: Timestamp;
  edits: number;
}

export interface SurveyResponseSegmentsTable {
  organization_id: string;
  survey_id: string;
  response_id: string;
  key: string;
  value: string;
}

export interface SurveyAnswersTable {
  organization_id: string;
  survey_id: string;
  question_id: string;
  response_id: string;
  choice: string;
  value: number | null;
  text: string | null;
}

/** Rollup by day and hour: answers with one value (see migration 0011-rollups). */
export interface SurveyAnswerRollupsTable {
  organization_id: string;
  survey_id: string;
  question_id: string;
  /** 'd' (bucket YYYY-MM-DD) or 'h' (bucket YYYY-MM-DDTHH), UTC. */
  grain: string;
  bucket: string;
  value: number;
  slot: number;
  n: number;
}

/** Rollup by day and hour: trust-scale sums over complete responses; item '' is the total score. */
export interface SurveyScaleRollupsTable {
  organization_id: string;
  survey_id: string;
  dimension: string;
  /** 'd' (bucket YYYY-MM-DD) or 'h' (bucket YYYY-MM-DDTHH), UTC. */
  grain: string;
  bucket: string;
  item: string;
  slot: number;
  n: number;
  sum: number;
  sum_sq: number;
}

/** Rollup by day and hour: feedback per incident ('' none), audience and sentiment ('' not analysed). */
export interface FeedbackRollupsTable {
  organization_id: string;
  /** 'd' (bucket YYYY-MM-DD) or 'h' (bucket YYYY-MM-DDTHH), UTC. */
  grain: string;
  bucket: string;
  incident_id: string;
  audience: string;
  sentiment: string;
  slot: number;
  n: number;
}

export interface ThemeRulesTable {
  organization_id: string;
  name: string;
  terms: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LessonsTable {
  organization_id: string;
  id: string;
  incident_id: string;
  title: string;
  learned: string;
  category: string;
  root_cause_ids: Json;
  follow_up: string | null;
  stage: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CasesTable {
  organization_id: string;
  id: string;
  number: number;
  incident_id: string | null;
  feedback_id: string | null;
  title: string;
  description: string | null;
  severity: string;
  status: string;
  assignee_id: string | null;
  requester_email: string | null;
  requester_name: string | null;
  acknowledged_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  resolution_note: string | null;
  reopen_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface CaseAlertsTable {
  organization_id: string;
  id: string;
  case_id: string;
  kind: string;
  cycle: number;
  due_at: Timestamp;
  created_at: Timestamp;
  acked_by: string | null;
  acked_at: NullableTimestamp;
}

export interface ConversationsTable {
  organization_id: string;
  id: string;
  incident_id: string | null;
  kind: string;
  name: string;
  audience: string;
  attendees: Json;
  held_at: Timestamp;
  notes: string | null;
  created_by: string;
  created_at: Timestamp;
  version: number;
}

export interface MentionFeedsTable {
  organization_id: string;
  id: string;
  url: string;
  name: string | null;
  subject: string;
  incident_id: string | null;
  interval_minutes: number;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: NullableTimestamp;
  last_success_at: NullableTimestamp;
  next_poll_at: Timestamp;
  locked_until: NullableTimestamp;
  last_error: string | null;
  failures: number;
  enabled: Bool;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MentionsTable {
  organization_id: string;
  id: string;
  incident_id: string | null;
  subject: string;
  source_kind: string;
  source_name: string;
  external_id: string;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  published_at: Timestamp;
  reach: number | null;
  language: string | null;
  sentiment: string | null;
  sentiment_score: number | null;
  analysed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface MetricAlertsTable {
  organization_id: string;
  id: string;
  /** '' for organization-level alerts. */
  incident_id: string;
  metric: string;
  detector: string;
  period: string;
  value: number;
  threshold: number;
  message: string;
  raised_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  incidents: IncidentsTable;
  root_causes: RootCausesTable;
  corrective_actions: CorrectiveActionsTable;
  action_root_causes: ActionRootCausesTable;
  commitments: CommitmentsTable;
  commitment_actions: CommitmentActionsTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  statements: StatementsTable;
  statement_versions: StatementVersionsTable;
  statement_reviews: StatementReviewsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  leadership_activities: LeadershipActivitiesTable;
  audience_links: AudienceLinksTable;
  instance_secrets: InstanceSecretsTable;
  feedback: FeedbackTable;
  feedback_themes: FeedbackThemesTable;
  action_feedback_links: ActionFeedbackLinksTable;
  survey_instruments: SurveyInstrumentsTable;
  survey_instrument_versions: SurveyInstrumentVersionsTable;
  surveys: SurveysTable;
  survey_recipients: SurveyRecipientsTable;
  survey_responses: SurveyResponsesTable;
  survey_response_segments: SurveyResponseSegmentsTable;
  survey_answers: SurveyAnswersTable;
  survey_answer_rollups: SurveyAnswerRollupsTable;
  survey_scale_rollups: SurveyScaleRollupsTable;
  feedback_rollups: FeedbackRollupsTable;
  theme_rules: ThemeRulesTable;
  lessons: LessonsTable;
  cases: CasesTable;
  case_alerts: CaseAlertsTable;
  conversations: ConversationsTable;
  mention_feeds: MentionFeedsTable;
  mentions: MentionsTable;
  metric_alerts: MetricAlertsTable;
}
