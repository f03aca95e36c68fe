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
import type { Stage } from '../../src/shared/enums.ts';
import { api, etagOf } from './api.ts';

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
