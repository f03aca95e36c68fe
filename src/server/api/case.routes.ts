import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../container.ts';
import type { CaseAlert } from '../../domain/case.ts';
import { allowedTransitions, caseReference } from '../../domain/case.ts';
import type { SlaCase } from '../../services/case.service.ts';
import type { CaseView } from '../../shared/contract/index.ts';
import {
  CaseAlertListQuerySchema,
  CaseAlertSchema,
  CaseCreateSchema,
  CaseListQuerySchema,
  CaseMetricsQuerySchema,
  CaseMetricsSchema,
  CasePatchSchema,
  CaseSchema,
  CaseSlaPolicySchema,
  CaseSlaSettingsSchema,
  CaseTransitionSchema,
  PageQuerySchema,
  ProblemSchema,
  pageOf,
} from '../../shared/contract/index.ts';
import { created, createOptions, expectedVersion, optionalVersion, withEtag } from '../http.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IdempotencyHeaders, IfMatchHeaders, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** The documented shape of a case: its fields, its reference, the moves open to it and its SLA. */
export function caseView(c: SlaCase): CaseView {
  const { organizationId: _o, ...fields } = c;
  return { ...fields, reference: caseReference(c), allowedTransitions: allowedTransitions(c.status) };
}

function alertView(a: CaseAlert) {
  const { organizationId: _o, ...fields } = a;
  return fields;
}

/**
 * Complaints as cases: the cases board (list with SLA state and filters), one case, edits,
 * status moves, resolution figures, breach alerts and the SLA settings.
 */
export function caseRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/cases',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['cases'],
        summary: 'The cases board, newest first, each with its SLA state',
        params: OrgParams,
        querystring: PageQuerySchema.extend(CaseListQuerySchema.shape),
        response: { 200: pageOf(CaseSchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, ...filter } = req.query;
      const page = await s.cases.list(ctxOf(req), req.params.org, filter, { cursor, limit });
      return { nextCursor: page.nextCursor, items: page.items.map(caseView) };
    },
  );

  r.post(
    '/api/v1/orgs/:org/cases',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: 'Open a case, directly or from a feedback item',
        description:
          'From a feedback item (feedbackId), its text, incident and — when the person consented — contact details are copied; one case per item (409 for a second). Contact details given directly are kept only with requesterConsent: true.',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: CaseCreateSchema,
        response: { 201: CaseSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.cases.open(
        ctxOf(req),
        req.params.org,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/cases/${record.id}`,
        record,
        replayed,
        caseView(record),
      );
    },
  );

  r.get(
    '/api/v1/orgs/:org/cases/metrics',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['cases'],
        summary: 'Resolution rate, median time to resolve and SLA compliance of the cases opened in a period',
        params: OrgParams,
        querystring: CaseMetricsQuerySchema,
        response: { 200: CaseMetricsSchema, ...errors },
      },
    },
    async (req) => s.cases.metrics(ctxOf(req), req.params.org, req.query),
  );

  r.get(
    '/api/v1/orgs/:org/cases/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['cases'],
        summary: 'Read a case with its SLA state',
        params: RecordParams,
        response: { 200: CaseSchema, ...errors },
      },
    },
    async (req, reply) => {
      const c = await s.cases.get(ctxOf(req), req.params.org, req.params.id);
      return withEtag(reply, c, caseView(c));
    },
  );

  r.patch(
    '/api/v1/orgs/:org/cases/:id',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary:
          'Edit a case: title, description, severity (due times follow) or assignee (If-Match required)',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: CasePatchSchema,
        response: { 200: CaseSchema, ...errors, 412: ProblemSchema, 428: ProblemSchema },
      },
    },
    async (req, reply) => {
      const c = await s.cases.update(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req, req.params.id),
      );
      return withEtag(reply, c, caseView(c));
    },
  );

  r.post(
    '/api/v1/orgs/:org/cases/:id/transitions',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: 'Move a case: acknowledge, start, resolve (with a note), close, or reopen',
        description:
          'new → acknowledged → in_progress → resolved → closed; resolving needs a note; closing needs the case resolved; a resolved or closed case is reopened by moving it to in_progress. A refused move answers 409 with the reason and the moves allowed.',
        params: RecordParams,
        headers: IfMatchHeaders.partial(),
        body: CaseTransitionSchema,
        response: { 200: CaseSchema, ...errors, 409: ProblemSchema, 412: ProblemSchema },
      },
    },
    async (req, reply) => {
      const c = await s.cases.transition(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        optionalVersion(req, req.params.id),
      );
      return withEtag(reply, c, caseView(c));
    },
  );

  r.get(
    '/api/v1/orgs/:org/case-alerts',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['cases'],
        summary: 'SLA breach alerts, newest first',
        params: OrgParams,
        querystring: PageQuerySchema.extend(CaseAlertListQuerySchema.shape),
        response: { 200: pageOf(CaseAlertSchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, case: caseId, acked } = req.query;
      const page = await s.cases.listAlerts(ctxOf(req), req.params.org, { caseId, acked }, { cursor, limit });
      return { nextCursor: page.nextCursor, items: page.items.map(alertView) };
    },
  );

  r.post(
    '/api/v1/orgs/:org/case-alerts/:id/ack',
    {
      config: { permission: 'case:write' },
      schema: {
        tags: ['cases'],
        summary: 'Acknowledge a breach alert (an e-mail not yet sent for it is cancelled)',
        params: RecordParams,
        response: { 200: CaseAlertSchema, ...errors },
      },
    },
    async (req) => alertView(await s.cases.ackAlert(ctxOf(req), req.params.org, req.params.id)),
  );

  r.get(
    '/api/v1/orgs/:org/settings/case-sla',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['cases'],
        summary: 'Service-level targets per severity (the organization’s overrides over the defaults)',
        params: OrgParams,
        response: { 200: CaseSlaPolicySchema, ...errors },
      },
    },
    async (req) => s.cases.slaSettings(ctxOf(req), req.params.org),
  );

  r.put(
    '/api/v1/orgs/:org/settings/case-sla',
    {
      config: { permission: 'org:settings' },
      schema: {
        tags: ['cases'],
        summary: 'Set the service-level targets per severity',
        description:
          'Replaces the overrides; severities left out use the defaults (critical 1 h / 24 h, high 4 h / 72 h, medium 24 h / 7 d, low 72 h / 14 d). Open cases’ due times follow at once.',
        params: OrgParams,
        body: CaseSlaSettingsSchema,
        response: { 200: CaseSlaPolicySchema, ...errors },
      },
    },
    async (req) => s.cases.updateSlaSettings(ctxOf(req), req.params.org, req.body),
  );
}
