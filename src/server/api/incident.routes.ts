import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import {
  IncidentCreateSchema,
  IncidentListQuerySchema,
  IncidentPatchSchema,
  IncidentSchema,
  IncidentSummarySchema,
  PageQuerySchema,
  ProblemSchema,
  TransitionSchema,
  pageOf,
} from '../../shared/contract/index.ts';
import { created, createOptions, expectedEtag, recordEtag, withEtag } from '../http.ts';
import type { ReadCache } from '../read-cache.ts';
import { ctxOf } from '../plugins/auth.ts';
import { incidentSummaryView, incidentView } from '../presenters/presenters.ts';
import { IdempotencyHeaders, IfMatchHeaders, IncidentParams, OrgParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export function incidentRoutes(app: FastifyInstance, s: Services, cache: ReadCache): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/incidents',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'List incidents, newest first',
        params: OrgParams,
        querystring: PageQuerySchema.extend(IncidentListQuerySchema.shape),
        response: { 200: pageOf(IncidentSummarySchema), ...errors },
      },
    },
    (req, reply) =>
      cache.send(req, reply, async () => {
        const { cursor, limit, stage, q } = req.query;
        const page = await s.incidents.list(ctxOf(req), req.params.org, { stage, q }, { cursor, limit });
        return { items: page.items.map(incidentSummaryView), nextCursor: page.nextCursor };
      }),
  );

  r.post(
    '/api/v1/orgs/:org/incidents',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Declare an incident (it starts in the respond stage)',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: IncidentCreateSchema,
        response: { 201: IncidentSchema, ...errors, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.incidents.create(
        ctxOf(req),
        req.params.org,
        req.body,
        createOptions(req),
      );
      const i = record.incident;
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/incidents/${i.id}`,
        i,
        replayed,
        incidentView(record),
      );
    },
  );

  r.get(
    '/api/v1/orgs/:org/incidents/:incident',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'Read an incident, with its readiness for the next stage',
        params: IncidentParams,
        response: { 200: IncidentSchema, ...errors },
      },
    },
    (req, reply) =>
      cache.send(
        req,
        reply,
        async () => incidentView(await s.incidents.get(ctxOf(req), req.params.org, req.params.incident)),
        recordEtag,
      ),
  );

  r.patch(
    '/api/v1/orgs/:org/incidents/:incident',
    {
      config: { permission: 'incident:write' },
      schema: {
        tags: ['incidents'],
        summary: 'Edit an incident (If-Match required)',
        params: IncidentParams,
        headers: IfMatchHeaders,
        body: IncidentPatchSchema,
        response: {
          200: IncidentSchema,
          ...errors,
          409: ProblemSchema,
          412: ProblemSchema,
          428: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const d = await s.incidents.update(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        expectedEtag(req),
      );
      return withEtag(reply, d.incident, incidentView(d));
    },
  );

  r.post(
    '/api/v1/orgs/:org/incidents/:incident/transitions',
    {
      config: { permission: 'incident:transition' },
      schema: {
        tags: ['incidents'],
        summary: 'Move the incident to another stage, checked against the stage gates',
        description:
          'Forward moves go one stage at a time and must pass the gate of the current stage (GD-D1…GD-D4); a refusal (409, code transition_refused) lists each unmet rule with its remedy. Moving back one stage needs a reason.',
        params: IncidentParams,
        headers: IfMatchHeaders.partial(),
        body: TransitionSchema,
        response: { 200: IncidentSchema, ...errors, 409: ProblemSchema, 412: ProblemSchema },
      },
    },
    async (req, reply) => {
      const d = await s.incidents.transition(
        ctxOf(req),
        req.params.org,
        req.params.incident,
        req.body,
        expectedEtag(req, false),
      );
      return withEtag(reply, d.incident, incidentView(d));
    },
  );

  r.get(
    '/api/v1/orgs/:org/incidents/:incident/advice',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['incidents'],
        summary: 'The strategy advisor: recommended posture, verbal and substantive responses, and why',
        description:
          'Rules from research/trust-repair-science.md: SCCT-A0…A10 (posture), KIM-B1…B6 (verbal response), ATTR-C1…C7 (repair emphasis). `fired` lists each rule with its citation. Denial is never recommended unless culpability is disproved and evidence is attached.',
        params: IncidentParams,
        response: { 200: z.record(z.string(), z.unknown()), ...errors },
      },
    },
    (req, reply) =>
      cache.send(req, reply, async () => s.incidents.advice(ctxOf(req), req.params.org, req.params.incident)),
  );

  r.get(
    '/api/v1/orgs/:org/metrics',
    {
      config: { permission: 'org:read' },
      schema: {
        tags: ['organizations'],
        summary: 'Say–do ratio and commitment specificity across the organization, incidents per stage',
        params: OrgParams,
        response: {
          200: z.object({
            sayDo: IncidentSchema.shape.sayDo,
            incidents: z.number().int(),
            stages: z.record(z.string(), z.number().int()),
          }),
          ...errors,
        },
      },
    },
    (req, reply) => cache.send(req, reply, () => s.incidents.organizationMetrics(ctxOf(req), req.params.org)),
  );
}
