import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { SENTIMENTS } from '../../domain/feedback.ts';
import type { Mention, MentionFeed } from '../../domain/mention.ts';
import { PageQuerySchema, ProblemSchema, oneOf, pageOf } from '../../shared/contract/index.ts';
import { created, createOptions, expectedVersion, withEtag } from '../http.ts';
import { ctxOf } from '../plugins/auth.ts';
import {
  FeedCreateSchema,
  FeedPatchSchema,
  FeedSchema,
  IMPORT_BODY_LIMIT_BYTES,
  ImportResultSchema,
  ImportSchema,
  MentionSchema,
  RangeQuery,
  SubjectSchema,
  SummarySchema,
} from './mention.schemas.ts';
import { IdempotencyHeaders, IfMatchHeaders, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeErrors = { ...errors, 409: ProblemSchema, 412: ProblemSchema };

function feedView({ organizationId: _o, etag: _e, lastModified: _l, ...f }: MentionFeed) {
  return f;
}

function mentionView({ organizationId: _o, ...m }: Mention) {
  return m;
}

/** Mentions: feeds polled on a schedule, imports, the list and the per-period summary. */
export function mentionRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orgs/:org/mention-feeds',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['mentions'],
        summary: 'The RSS/Atom feeds polled for mentions, with their last poll',
        params: OrgParams,
        response: { 200: z.object({ items: z.array(FeedSchema) }), ...errors },
      },
    },
    async (req) => ({ items: (await s.mentions.listFeeds(ctxOf(req), req.params.org)).map(feedView) }),
  );

  r.post(
    '/api/v1/orgs/:org/mention-feeds',
    {
      config: { permission: 'mention:write' },
      schema: {
        tags: ['mentions'],
        summary: 'Poll an RSS or Atom feed for mentions',
        description:
          'The feed is due at once. Addresses on loopback or private networks are refused unless WEBHOOK_ALLOW_PRIVATE is set.',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: FeedCreateSchema,
        response: { 201: FeedSchema, ...writeErrors },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.mentions.createFeed(
        ctxOf(req),
        req.params.org,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/mention-feeds/${record.id}`,
        record,
        replayed,
        feedView(record),
      );
    },
  );

  r.patch(
    '/api/v1/orgs/:org/mention-feeds/:id',
    {
      config: { permission: 'mention:write' },
      schema: {
        tags: ['mentions'],
        summary: 'Change a feed (If-Match required); enabling it again clears its failures',
        params: RecordParams,
        headers: IfMatchHeaders,
        body: FeedPatchSchema,
        response: { 200: FeedSchema, ...writeErrors, 428: ProblemSchema },
      },
    },
    async (req, reply) => {
      const f = await s.mentions.updateFeed(
        ctxOf(req),
        req.params.org,
        req.params.id,
        req.body,
        expectedVersion(req, req.params.id),
      );
      return withEtag(reply, f, feedView(f));
    },
  );

  r.delete(
    '/api/v1/orgs/:org/mention-feeds/:id',
    {
      config: { permission: 'mention:write' },
      schema: {
        tags: ['mentions'],
        summary: 'Stop polling a feed (its mentions stay)',
        params: RecordParams,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (req, reply) => {
      await s.mentions.deleteFeed(ctxOf(req), req.params.org, req.params.id);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/v1/orgs/:org/mention-feeds/:id/poll',
    {
      config: { permission: 'mention:write' },
      schema: {
        tags: ['mentions'],
        summary: 'Poll a feed now and say what happened',
        description:
          'A failed poll answers 200 with status "error" and the reason: the failure is the feed’s, not the request’s.',
        params: RecordParams,
        response: {
          200: z.object({
            status: z.enum(['ok', 'not_modified', 'error']),
            items: z.number().int(),
            added: z.number().int(),
            error: z.string().nullable(),
            feed: FeedSchema,
          }),
          ...writeErrors,
        },
      },
    },
    async (req) => {
      const o = await s.mentions.pollNow(ctxOf(req), req.params.org, req.params.id);
      return { ...o, feed: feedView(o.feed) };
    },
  );

  r.get(
    '/api/v1/orgs/:org/mentions',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['mentions'],
        summary: 'Mentions, newest published first',
        params: OrgParams,
        querystring: PageQuerySchema.extend({
          ...RangeQuery.shape,
          subject: SubjectSchema.optional(),
          sentiment: oneOf(SENTIMENTS).optional(),
        }),
        response: { 200: pageOf(MentionSchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, ...filter } = req.query;
      const page = await s.mentions.list(ctxOf(req), req.params.org, filter, { cursor, limit });
      return { nextCursor: page.nextCursor, items: page.items.map(mentionView) };
    },
  );

  r.get(
    '/api/v1/orgs/:org/mentions/summary',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['mentions'],
        summary: 'Public perception: volume and sentiment per subject and day or week',
        description:
          'Counts are computed in SQL per subject and period; totals per subject carry net sentiment by the chosen definition (default `all`), and share of voice compares `self` with the peers present.',
        params: OrgParams,
        querystring: RangeQuery.extend({
          interval: z.enum(['day', 'week']).default('day'),
          netSentiment: oneOf(['all', 'polar', 'positive_ratio']).optional(),
        }),
        response: { 200: SummarySchema, ...errors },
      },
    },
    async (req) => s.mentions.summary(ctxOf(req), req.params.org, req.query),
  );

  r.post(
    '/api/v1/orgs/:org/mentions/imports',
    {
      config: { permission: 'mention:write' },
      bodyLimit: IMPORT_BODY_LIMIT_BYTES + 64 * 1024,
      schema: {
        tags: ['mentions'],
        summary: 'Import mentions from CSV text or JSON items; every rejected row is reported',
        params: OrgParams,
        body: ImportSchema,
        response: { 200: ImportResultSchema, ...errors },
      },
    },
    async (req) => s.mentions.importMentions(ctxOf(req), req.params.org, req.body),
  );
}
