import type {
  ActionCreate,
  ActionPatch,
  ActionView,
  AuditEventView,
  CommitmentCreate,
  CommitmentPatch,
  CommitmentView,
  IncidentCreate,
  IncidentPatch,
  IncidentSummaryView,
  IncidentView,
  RootCauseCreate,
  RootCauseView,
  SayDo,
  SessionView,
  TransitionInput,
} from '../../src/shared/contract/index.ts';
import type { StatementCreate } from '../../src/shared/contract/statement.ts';
import type { FeedbackView, LoopStatusView, ThemesView } from '../../src/shared/contract/feedback.ts';
import type { Stage } from '../../src/shared/enums.ts';
import { API_BASE, api, etagOf } from './api.ts';
import type { Alert, Dashboard } from '../../src/shared/contract/dashboard.ts';
import type {
  Advice,
  AudienceLink,
  CaseAlertView,
  CaseCreate,
  CaseMetrics,
  CasePatch,
  CaseTransition,
  CaseView,
  CheckResult,
  InstrumentCreate,
  InstrumentDetail,
  InstrumentView,
  LeadershipCreate,
  LeadershipPatch,
  LeadershipView,
  MentionFeedCreate,
  MentionFeedView,
  MentionImport,
  MentionImportResult,
  MentionSummary,
  MentionView,
  NetSentimentDefinition,
  PublishInput,
  RecipientInput,
  ReviewInput,
  Settings,
  StatementLink,
  StatementPatch,
  StatementView,
  SubscriptionView,
  SurveyCreate,
  SurveyDetail,
  SurveyResults,
  SurveyView,
  WebhookCreate,
} from './contract.ts';

/** One typed function per endpoint the console uses; the shapes come from src/shared/contract. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Metrics {
  sayDo: SayDo;
  incidents: number;
  stages: Record<string, number>;
}

const org = (slug: string) => `/orgs/${encodeURIComponent(slug)}`;
const incident = (slug: string, id: string) => `${org(slug)}/incidents/${encodeURIComponent(id)}`;

export const auth = {
  session: () => api.get<SessionView>('/auth/session'),
  login: (email: string, password: string) => api.post<SessionView>('/auth/login', { email, password }),
  logout: () => api.post<void>('/auth/logout'),
};

export const incidents = {
  list: (o: string, q: { stage?: Stage | undefined; q?: string | undefined; cursor?: string | undefined }) =>
    api.get<Page<IncidentSummaryView>>(`${org(o)}/incidents`, { ...q, limit: 50 }),
  get: (o: string, id: string) => api.getWithEtag<IncidentView>(incident(o, id)),
  create: (o: string, body: IncidentCreate) => api.post<IncidentView>(`${org(o)}/incidents`, body),
  update: (o: string, id: string, body: IncidentPatch, etag: string) =>
    api.patch<IncidentView>(incident(o, id), body, etag),
  transition: (o: string, id: string, body: TransitionInput) =>
    api.post<IncidentView>(`${incident(o, id)}/transitions`, body),
  metrics: (o: string) => api.get<Metrics>(`${org(o)}/metrics`),
  advice: (o: string, id: string) => api.get<Advice>(`${incident(o, id)}/advice`),
};

export const rootCauses = {
  list: (o: string, incidentId: string) =>
    api.get<{ items: RootCauseView[] }>(`${incident(o, incidentId)}/root-causes`),
  create: (o: string, incidentId: string, body: RootCauseCreate) =>
    api.post<RootCauseView>(`${incident(o, incidentId)}/root-causes`, body),
};

export const actions = {
  list: (o: string, incidentId: string) =>
    api.get<{ items: ActionView[] }>(`${incident(o, incidentId)}/actions`),
  create: (o: string, incidentId: string, body: ActionCreate) =>
    api.post<ActionView>(`${incident(o, incidentId)}/actions`, body),
  /** List items carry id and version, which is all If-Match needs. */
  update: (o: string, a: ActionView, body: ActionPatch) =>
    api.patch<ActionView>(`${org(o)}/actions/${encodeURIComponent(a.id)}`, body, etagOf(a)),
};

export const commitments = {
  list: (o: string, incidentId: string) =>
    api.get<{ items: CommitmentView[] }>(`${incident(o, incidentId)}/commitments`),
  create: (o: string, incidentId: string, body: CommitmentCreate) =>
    api.post<CommitmentView>(`${incident(o, incidentId)}/commitments`, body),
  update: (o: string, c: CommitmentView, body: CommitmentPatch) =>
    api.patch<CommitmentView>(`${org(o)}/commitments/${encodeURIComponent(c.id)}`, body, etagOf(c)),
};

export const auditEvents = {
  list: (o: string, q: { incidentId?: string; cursor?: string | undefined; limit?: number }) =>
    api.get<Page<AuditEventView>>(`${org(o)}/audit-events`, q),
};

const statement = (o: string, id: string) => `${org(o)}/statements/${encodeURIComponent(id)}`;

export interface CheckInput {
  text: string;
  audience?: string | undefined;
  links?: StatementLink[] | undefined;
  statementId?: string | undefined;
}

export const statements = {
  list: (o: string, incidentId: string) =>
    api.get<{ items: StatementView[] }>(`${incident(o, incidentId)}/statements`),
  get: (o: string, id: string) => api.get<StatementView>(statement(o, id)),
  create: (o: string, incidentId: string, body: StatementCreate) =>
    api.post<StatementView>(`${incident(o, incidentId)}/statements`, body),
  /** A change of title, body, audiences or byline makes a new version, back in draft. */
  update: (o: string, s: StatementView, body: StatementPatch) =>
    api.patch<StatementView>(statement(o, s.id), body, etagOf(s)),
  submit: (o: string, id: string) => api.post<StatementView>(`${statement(o, id)}/submit`),
  review: (o: string, id: string, body: ReviewInput) =>
    api.post<StatementView>(`${statement(o, id)}/reviews`, body),
  publish: (o: string, id: string, body: PublishInput) =>
    api.post<StatementView>(`${statement(o, id)}/publish`, body),
  retract: (o: string, id: string, reason: string) =>
    api.post<StatementView>(`${statement(o, id)}/retract`, { reason }),
  /** Checks unsaved text in the incident's context (the editor's live check). */
  check: (o: string, incidentId: string, body: CheckInput) =>
    api.post<CheckResult>(`${incident(o, incidentId)}/check`, body),
  deliveriesCsv: (o: string, id: string) => `${statement(o, id)}/deliveries.csv`,
  /** Creates or rotates the secret link to a non-public audience page; the key is shown once. */
  audienceLink: (o: string, incidentId: string, audience: string) =>
    api.post<AudienceLink>(`${incident(o, incidentId)}/audience-links`, { audience }),
};

export const leadership = {
  list: (o: string, incidentId: string) =>
    api.get<{ items: LeadershipView[] }>(`${incident(o, incidentId)}/leadership-activities`),
  create: (o: string, incidentId: string, body: LeadershipCreate) =>
    api.post<LeadershipView>(`${incident(o, incidentId)}/leadership-activities`, body),
  update: (o: string, a: LeadershipView, body: LeadershipPatch) =>
    api.patch<LeadershipView>(`${org(o)}/leadership-activities/${encodeURIComponent(a.id)}`, body, etagOf(a)),
};

export const settings = {
  get: (o: string) => api.get<Settings>(`${org(o)}/settings`),
  put: (o: string, body: Settings) => api.put<Settings>(`${org(o)}/settings`, body),
};

export const subscriptions = {
  list: (o: string) => api.get<{ items: SubscriptionView[] }>(`${org(o)}/subscriptions`),
  /** The answer carries the webhook's signing secret, shown once. */
  createWebhook: (o: string, body: WebhookCreate) =>
    api.post<SubscriptionView & { secret: string }>(`${org(o)}/subscriptions`, body),
  remove: (o: string, id: string) =>
    api.delete<SubscriptionView>(`${org(o)}/subscriptions/${encodeURIComponent(id)}`),
};

export interface FeedbackFilters {
  incident?: string | undefined;
  audience?: string | undefined;
  channel?: string | undefined;
  sentiment?: string | undefined;
  theme?: string | undefined;
  cursor?: string | undefined;
}

export interface ThemesQuery {
  incident?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  interval?: 'day' | 'week' | undefined;
}

/** Listening: the feedback inbox, themes over time, links to actions and the loop's status. */
export const feedback = {
  list: (o: string, q: FeedbackFilters) =>
    api.get<Page<FeedbackView>>(`${org(o)}/feedback`, { ...q, limit: 50 }),
  themes: (o: string, q: ThemesQuery) => api.get<ThemesView>(`${org(o)}/feedback/themes`, { ...q }),
  /** Links items, or whole themes of the action's incident; answers everything the action now answers. */
  link: (o: string, actionId: string, body: { feedbackIds?: string[]; themes?: string[] }) =>
    api.post<{ targets: string[] }>(`${org(o)}/actions/${encodeURIComponent(actionId)}/feedback-links`, body),
  incidentLoop: (o: string, incidentId: string) =>
    api.get<{ items: LoopStatusView[] }>(`${incident(o, incidentId)}/loop`),
};

export interface DashboardQuery {
  audience?: string | undefined;
  interval?: 'day' | 'week' | undefined;
}

/** Measures: the organization's or an incident's dashboard, alerts, and the board report. */
export const dashboards = {
  get: (o: string, incidentId: string | undefined, q: DashboardQuery) =>
    api.get<Dashboard>(incidentId ? `${incident(o, incidentId)}/dashboard` : `${org(o)}/dashboard`, { ...q }),
  /** Alerts of the organization, newest first (the dashboard carries only the open ones). */
  alerts: (o: string, q: { acknowledged?: 'true' | 'false' | undefined; limit?: number | undefined }) =>
    api.get<Page<Alert>>(`${org(o)}/alerts`, { ...q }),
  acknowledge: (o: string, alertId: string) =>
    api.post<Alert>(`${org(o)}/alerts/${encodeURIComponent(alertId)}/ack`),
  /** Where the console's download button points (the session cookie authorises the GET). */
  reportUrl: (o: string, incidentId: string, format: 'pdf' | 'html', audience: string | null) =>
    `${API_BASE}${incident(o, incidentId)}/report?${new URLSearchParams({
      format,
      ...(audience ? { audience } : {}),
    }).toString()}`,
};

export interface CaseFilters {
  status?: string | undefined;
  severity?: string | undefined;
  /** A user id, or `none` for unassigned cases. */
  assignee?: string | undefined;
  incident?: string | undefined;
  breached?: 'true' | 'false' | undefined;
  cursor?: string | undefined;
}

const caseUrl = (o: string, id: string) => `${org(o)}/cases/${encodeURIComponent(id)}`;

/** Complaints as cases: the board, one case, its moves, alerts and the resolution figures. */
export const cases = {
  list: (o: string, q: CaseFilters) => api.get<Page<CaseView>>(`${org(o)}/cases`, { ...q, limit: 200 }),
  get: (o: string, id: string) => api.getWithEtag<CaseView>(caseUrl(o, id)),
  create: (o: string, body: CaseCreate) => api.post<CaseView>(`${org(o)}/cases`, body),
  update: (o: string, c: CaseView, body: CasePatch) => api.patch<CaseView>(caseUrl(o, c.id), body, etagOf(c)),
  transition: (o: string, id: string, body: CaseTransition) =>
    api.post<CaseView>(`${caseUrl(o, id)}/transitions`, body),
  metrics: (o: string, q: { incident?: string | undefined }) =>
    api.get<CaseMetrics>(`${org(o)}/cases/metrics`, q),
  alerts: (o: string, q: { case?: string | undefined; acked?: 'true' | 'false' | undefined }) =>
    api.get<Page<CaseAlertView>>(`${org(o)}/case-alerts`, { ...q, limit: 100 }),
  ackAlert: (o: string, id: string) =>
    api.post<CaseAlertView>(`${org(o)}/case-alerts/${encodeURIComponent(id)}/ack`),
  history: (o: string, id: string) =>
    api.get<Page<AuditEventView>>(`${org(o)}/audit-events`, { recordType: 'case', recordId: id, limit: 100 }),
};

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: string;
}

export const members = {
  list: (o: string) => api.get<{ items: MemberView[] }>(`${org(o)}/members`),
};

const surveyUrl = (o: string, id: string) => `${org(o)}/surveys/${encodeURIComponent(id)}`;

/** Survey instruments (versioned), waves, recipients, invitations, reminders and results. */
export const surveys = {
  instruments: (o: string) => api.get<{ items: InstrumentView[] }>(`${org(o)}/instruments`),
  instrument: (o: string, ref: string) =>
    api.get<InstrumentDetail>(`${org(o)}/instruments/${encodeURIComponent(ref)}`),
  instrumentVersion: (o: string, ref: string, n: number) =>
    api.get<{ number: number; questions: InstrumentDetail['questions'] }>(
      `${org(o)}/instruments/${encodeURIComponent(ref)}/versions/${n}`,
    ),
  createInstrument: (o: string, body: InstrumentCreate) =>
    api.post<InstrumentDetail>(`${org(o)}/instruments`, body),
  list: (o: string, q: { incident?: string | undefined; cursor?: string | undefined }) =>
    api.get<Page<SurveyView>>(`${org(o)}/surveys`, { ...q, limit: 100 }),
  get: (o: string, id: string) => api.get<SurveyDetail>(surveyUrl(o, id)),
  create: (o: string, body: SurveyCreate) => api.post<SurveyView>(`${org(o)}/surveys`, body),
  open: (o: string, id: string) => api.post<SurveyView>(`${surveyUrl(o, id)}/open`),
  close: (o: string, id: string) => api.post<SurveyView>(`${surveyUrl(o, id)}/close`),
  addRecipients: (o: string, id: string, recipients: RecipientInput[]) =>
    api.post<{ added: number; skipped: number }>(`${surveyUrl(o, id)}/recipients`, { recipients }),
  invite: (o: string, id: string) => api.post<{ queued: number }>(`${surveyUrl(o, id)}/invitations`),
  remind: (o: string, id: string) => api.post<{ queued: number }>(`${surveyUrl(o, id)}/reminders`),
  results: (o: string, id: string, by?: string) =>
    api.get<SurveyResults>(`${surveyUrl(o, id)}/results`, { by }),
};

export interface MentionFilters {
  subject?: string | undefined;
  sentiment?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
}

export interface MentionSummaryQuery {
  from?: string | undefined;
  to?: string | undefined;
  interval?: 'day' | 'week' | undefined;
  netSentiment?: NetSentimentDefinition | undefined;
}

const feedUrl = (o: string, id: string) => `${org(o)}/mention-feeds/${encodeURIComponent(id)}`;

/** Mentions: the list, the per-subject summary, the feeds polled for them and imports. */
export const mentions = {
  list: (o: string, q: MentionFilters) =>
    api.get<Page<MentionView>>(`${org(o)}/mentions`, { ...q, limit: 50 }),
  summary: (o: string, q: MentionSummaryQuery) =>
    api.get<MentionSummary>(`${org(o)}/mentions/summary`, { ...q }),
  import: (o: string, body: MentionImport) =>
    api.post<MentionImportResult>(`${org(o)}/mentions/imports`, body),
  feeds: (o: string) => api.get<{ items: MentionFeedView[] }>(`${org(o)}/mention-feeds`),
  createFeed: (o: string, body: MentionFeedCreate) =>
    api.post<MentionFeedView>(`${org(o)}/mention-feeds`, body),
  /** List items carry id and version, which is all If-Match needs. */
  updateFeed: (o: string, f: MentionFeedView, body: Partial<MentionFeedCreate>) =>
    api.patch<MentionFeedView>(feedUrl(o, f.id), body, etagOf(f)),
  removeFeed: (o: string, id: string) => api.delete<void>(feedUrl(o, id)),
  pollFeed: (o: string, id: string) =>
    api.post<{
      status: 'ok' | 'not_modified' | 'error';
      items: number;
      added: number;
      error: string | null;
      feed: MentionFeedView;
    }>(`${feedUrl(o, id)}/poll`),
};
