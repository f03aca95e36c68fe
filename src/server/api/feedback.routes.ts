import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { FEEDBACK_CHANNELS, SENTIMENTS } from '../../domain/feedback.ts';
import {
  IdSchema,
  PageQuerySchema,
  ProblemSchema,
  oneOf,
  pageOf,
  safeName,
  text,
} from '../../shared/contract/index.ts';
import {
  FeedbackSchema,
  LoopStatusSchema,
  ThemesQuerySchema,
  ThemesSchema,
} from '../../shared/contract/feedback.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IncidentParams, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** The feedback inbox, and links from what people said to the actions that answer it. */
export function feedbackRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/feedback',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: 'The feedback inbox, newest first',
        params: OrgParams,
        querystring: PageQuerySchema.extend({
          incident: safeName(64).optional(),
          channel: oneOf(FEEDBACK_CHANNELS).optional(),
          sentiment: oneOf(SENTIMENTS).optional(),
          audience: safeName(64).optional(),
          theme: text(80).optional(),
        }),
        response: { 200: pageOf(FeedbackSchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, ...filter } = req.query;
      const page = await s.feedback.list(ctxOf(req), req.params.org, filter, { cursor, limit });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map(
          ({ organizationId: _o, clientHash: _c, source: _s, sourceId: _i, version: _v, ...f }) => f,
        ),
      };
    },
  );

  r.post(
    '/api/v1/orgs/:org/actions/:id/feedback-links',
    {
      config: { permission: 'action:write' },
      schema: {
        tags: ['feedback'],
        summary: 'Link feedback items or whole themes to the action that answers them',
        description:
          'When the action is done or verified, everyone who consented to be contacted about a linked item gets one "you said, we did" message.',
        params: RecordParams,
        body: z
          .object({
            feedbackIds: z.array(IdSchema).max(500).optional(),
            themes: z.array(text(80)).max(20).optional(),
          })
          .strict()
          .refine((b) => (b.feedbackIds?.length ?? 0) + (b.themes?.length ?? 0) > 0, {
            message: 'name feedback items or themes',
          }),
        response: { 200: z.object({ targets: z.array(z.string()) }), ...errors },
      },
    },
    async (req) => s.feedback.linkToAction(ctxOf(req), req.params.org, req.params.id, req.body),
  );

  r.get(
    '/api/v1/orgs/:org/actions/:id/loop',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: 'How many people the action answers, and how many have heard back',
        params: RecordParams,
        response: {
          200: z.object({
            targets: z.array(z.string()),
            people: z.number().int(),
            told: z.number().int(),
            waiting: z.number().int(),
          }),
          ...errors,
        },
      },
    },
    async (req) => s.feedback.loopStatus(ctxOf(req), req.params.org, req.params.id),
  );

  r.get(
    '/api/v1/orgs/:org/feedback/themes',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: 'Themes over time: volume per day or week, and negative share',
        description:
          'Counts analysed feedback per theme in the window, per day or ISO week (buckets named by their first day, UTC), the largest theme first. Quiet buckets count 0.',
        params: OrgParams,
        querystring: ThemesQuerySchema,
        response: { 200: ThemesSchema, ...errors },
      },
    },
    async (req) => s.feedback.themes(ctxOf(req), req.params.org, req.query),
  );

  r.get(
    '/api/v1/orgs/:org/incidents/:incident/loop',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: 'Loop status of every action of an incident: people waiting to hear back, and told',
        params: IncidentParams,
        response: { 200: z.object({ items: z.array(LoopStatusSchema) }), ...errors },
      },
    },
    async (req) => s.feedback.incidentLoop(ctxOf(req), req.params.org, req.params.incident),
  );
}
