import { z } from 'zod';
import { SENTIMENTS } from '../../domain/feedback.ts';
import {
  MAX_INTERVAL_MINUTES,
  MENTION_SOURCE_KINDS,
  MIN_INTERVAL_MINUTES,
  isSubject,
} from '../../domain/mention.ts';
import { LinkSchema, safeName, text } from '../../shared/contract/index.ts';

/** The mention API's request and response shapes (OpenAPI is generated from them; the console reads their types). */

/** Imports carry whole files: more room than the API's default body limit. */
export const IMPORT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
const IMPORT_MAX_ITEMS = 10_000;

export const SubjectSchema = text(85)
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

export const RangeQuery = z.object({
  incident: safeName(64).optional().describe('Incident id or slug'),
  from: PointSchema.optional().describe('Published at or after (a date means 00:00 UTC)'),
  to: PointSchema.optional().describe('Published before (exclusive; a date means 00:00 UTC)'),
});

export const FeedCreateSchema = z
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

export const FeedPatchSchema = FeedCreateSchema.partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'change at least one field' })
  .meta({ id: 'MentionFeedPatch' });

export const FeedSchema = z
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

export const MentionSchema = z
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

export const SummarySchema = z
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

export const ImportSchema = z
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

export const ImportResultSchema = z.object({
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
