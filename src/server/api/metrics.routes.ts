import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { alertView } from '../../services/metrics.service.ts';
import {
  AlertSchema,
  DashboardSchema,
  PageQuerySchema,
  ProblemSchema,
  pageOf,
  safeName,
} from '../../shared/contract/index.ts';
import { ctxOf } from '../plugins/auth.ts';
import type { ReadCache } from '../read-cache.ts';
import { IncidentParams, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

const DashboardQuerySchema = z.object({
  audience: safeName(100).optional().describe('One audience (a tab); absent: all audiences'),
  interval: z.enum(['day', 'week']).default('week').describe('Period of the series (default week)'),
});

const IncidentDashboardQuerySchema = DashboardQuerySchema.extend({
  baselineDays: z.coerce
    .number()
    .int()
    .min(7)
    .max(730)
    .optional()
    .describe('Length of the baseline window before the incident, in days (default 84)'),
});

const AlertListQuerySchema = z.object({
  incident: safeName(64).optional().describe('Only this incident’s alerts (id or slug)'),
  acknowledged: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Acknowledged (true) or waiting (false)'),
});

/**
 * The measurement API: the dashboard of the organization and of an incident (cards against the
 * pre-incident baseline, series with forecasts, annotations, realism, alerts), and the metric
 * alerts with their acknowledgement. Definitions: docs/metrics.md, "The dashboard API".
 */
export function metricsRoutes(app: FastifyInstance, s: Services, cache: ReadCache): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/dashboard',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['metrics'],
        summary: 'The organization’s trust dashboard against its baseline',
        description:
          'Split at the first incident detected in the last 365 days (or 84 days ago when there is none); the baseline is the 84 days before the split. See docs/metrics.md.',
        params: OrgParams,
        querystring: DashboardQuerySchema,
        response: { 200: DashboardSchema, ...errors },
      },
    },
    (req, reply) =>
      cache.send(req, reply, () =>
        s.metrics.dashboard(ctxOf(req), req.params.org, {
          audience: req.query.audience,
          interval: req.query.interval,
        }),
      ),
  );

  r.get(
    '/api/v1/orgs/:org/incidents/:incident/dashboard',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['metrics'],
        summary: 'An incident’s trust dashboard: cards, series, forecasts, annotations, realism, alerts',
        description:
          'Every card carries its 95 % interval, the baseline (the `baselineDays` before the incident began) and the tested change. See docs/metrics.md.',
        params: IncidentParams,
        querystring: IncidentDashboardQuerySchema,
        response: { 200: DashboardSchema, ...errors },
      },
    },
    (req, reply) =>
      cache.send(req, reply, () =>
        s.metrics.dashboard(ctxOf(req), req.params.org, {
          incident: req.params.incident,
          audience: req.query.audience,
          interval: req.query.interval,
          baselineDays: req.query.baselineDays,
        }),
      ),
  );

  r.get(
    '/api/v1/orgs/:org/alerts',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['metrics'],
        summary: 'Metric alerts (early warnings), newest first',
        params: OrgParams,
        querystring: PageQuerySchema.extend(AlertListQuerySchema.shape),
        response: { 200: pageOf(AlertSchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, incident, acknowledged } = req.query;
      const page = await s.metrics.listAlerts(
        ctxOf(req),
        req.params.org,
        { incident, acknowledged },
        { cursor, limit },
      );
      return { nextCursor: page.nextCursor, items: page.items.map(alertView) };
    },
  );

  r.post(
    '/api/v1/orgs/:org/alerts/:id/ack',
    {
      config: { permission: 'alert:ack' },
      schema: {
        tags: ['metrics'],
        summary: 'Acknowledge a metric alert (an e-mail or webhook not yet sent for it is cancelled)',
        params: RecordParams,
        response: { 200: AlertSchema, ...errors },
      },
    },
    async (req) => alertView(await s.metrics.ackAlert(ctxOf(req), req.params.org, req.params.id)),
  );
}
