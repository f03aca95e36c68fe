import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { SENTIMENTS } from '../../domain/feedback.ts';
import type { Mention, MentionFeed } from '../../domain/mention.ts';
import {
  MAX_INTERVAL_MINUTES,
  MENTION_SOURCE_KINDS,
  MIN_INTERVAL_MINUTES,
  isSubject,
} from '../../domain/mention.ts';
import {
  LinkSchema,
  PageQuerySchema,
  ProblemSchema,
  oneOf,
  pageOf,
  safeName,
  text,
} from '../../shared/contract/index.ts';
import { created, createOptions, expectedVersion, withEtag } from '../http.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IdempotencyHeaders, IfMatchHeaders, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeErrors = { ...errors, 409: ProblemSchema, 412: ProblemSchema };

/** Imports carry whole files: more room than the API's default body limit. */
const IMPORT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
const IMPORT_MAX_ITEMS = 10_000;

const SubjectSchema = text(85)
  .refine(isSubject, { message: 'must be "self" or "peer:<name>" (a name of 1–80 characters)' })
  .describe('Whose mention: `self` (the organization) or `peer:<name>` for a named peer');

/** A point in time for ranges: a calendar date (midnight UTC) or an ISO 8601 date-time with offset. */
const PointSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (2026-03-01) or an ISO 8601 date-time with offset',
  })
  .refine((v) => {
    const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    return t >= Date.UTC(1970, 0, 1) && t <= Date.UTC(9999, 11, 31);
  }, 'must be between 1970 and 9999');

const RangeQuery = z.object({
  incident: safeName(64).optional().describe('Incident id or slug'),
  from: PointSchema.optional().describe('Published at or after (a date means 00:00 UTC)'),
  to: PointSchema.optional().describe('Published before (exclusive; a date means 00:00 UTC)'),
});

const FeedCreateSchema = z
  .object({
    url: LinkSchema.describe('The RSS or Atom feed (http or https)'),
    name: text(200).nullable().optional().describe('A label people recognise'),
    subject: SubjectSchema.optional().describe('Default `self`'),
    incident: safeName(64).nullable().optional().describe('File its mentions under this incident'),
    intervalMinutes: z
      .number()
      .int('must be a whole number')
      .min(MIN_INTERVAL_MINUTES)
      .max(MAX_INTERVAL_MINUTES)
      .optional()
      .describe('Minutes between polls (default 60)'),
    enabled: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'MentionFeedCreate' });

const FeedPatchSchema = FeedCreateSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'change at least one field' })
  .meta({ id: 'MentionFeedPatch' });

const FeedSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    name: z.string().nullable(),
    subject: z.string(),
    incidentId: z.string().nullable(),
    intervalMinutes: z.number().int(),
    lastPolledAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    nextPollAt: z.string(),
    lastError: z.string().nullable().describe('Why the last poll failed; null after a success'),
    failures: z.number().int().describe('Failed polls in a row; the feed is disabled at 10'),
    enabled: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'MentionFeed' });

const MentionSchema = z
  .object({
    id: z.string(),
    incidentId: z.string().nullable(),
    subject: z.string(),
    sourceKind: z.enum(MENTION_SOURCE_KINDS),
    sourceName: z.string().describe('The feed id for feed items, the import’s source name for imports'),
    externalId: z.string(),
    url: z.string().nullable(),
    author: z.string().nullable(),
    title: z.string().nullable(),
    text: z.string(),
    publishedAt: z.string(),
    reach: z.number().nullable(),
    language: z.string().nullable(),
    sentiment: z.enum(SENTIMENTS).nullable().describe('null until analysed'),
    sentimentScore: z.number().nullable(),
    analysedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Mention' });

const Counts = {
  volume: z.number().int(),
  positive: z.number().int(),
  negative: z.number().int(),
  neutral: z.number().int(),
  mixed: z.number().int(),
  unanalysed: z.number().int().describe('In the volume, not yet in a sentiment class'),
  reach: z.number().describe('Sum of the reach given with the mentions'),
};

const IntervalSchema = z.object({
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
  level: z.number(),
});

const SummarySchema = z
  .object({
    interval: z.enum(['day', 'week']),
    from: z.string().nullable(),
    to: z.string().nullable(),
    netSentimentDefinition: z.enum(['all', 'polar', 'positive_ratio']),
    periods: z.array(
      z.object({
        subject: z.string(),
        period: z.string().describe('First day of the period (UTC; weeks start on Monday)'),
        ...Counts,
      }),
    ),
    subjects: z.array(
      z.object({
        subject: z.string(),
        ...Counts,
        netSentiment: IntervalSchema.extend({ definition: z.string(), n: z.number().int() }).nullable(),
      }),
    ),
    shareOfVoice: z
      .object({
        own: IntervalSchema.extend({ x: z.number().int(), n: z.number().int() }).nullable(),
        peers: z.record(z.string(), z.number()),
        total: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: 'MentionSummary' });

const ImportSchema = z
  .object({
    source: safeName(100).describe(
      'Where the rows come from; re-importing the same source and ids adds nothing',
    ),
    subject: SubjectSchema.optional().describe('For rows without a subject column (default `self`)'),
    incident: safeName(64).optional().describe('For rows without an incident column'),
    csv: z
      .string()
      .max(IMPORT_BODY_LIMIT_BYTES)
      .optional()
      .describe('CSV text whose first line names the columns'),
    items: z
      .array(z.unknown())
      .max(IMPORT_MAX_ITEMS)
      .optional()
      .describe('JSON objects with the same fields as the CSV columns'),
  })
  .strict()
  .refine((b) => (b.csv === undefined) !== (b.items === undefined), {
    message: 'send either csv or items',
  })
  .meta({ id: 'MentionImport' });

const ImportResultSchema = z.object({
  received: z.number().int(),
  added: z.number().int(),
  duplicates: z.number().int().describe('Valid rows already stored (same source and id)'),
  rejected: z.array(
    z.object({
      row: z
        .number()
        .int()
        .describe('CSV: the line the row ends on (the header is line 1); JSON: the item, from 1'),
      reason: z.string(),
    }),
  ),
});

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
