import { z } from 'zod';
import { THEME_INTERVALS } from '../enums.ts';
import { oneOf, safeName } from './common.ts';

/**
 * The listening API's shapes, shared by the routes (validation and OpenAPI) and the console
 * (types): feedback items, themes over time, and the loop status of an incident's actions.
 */

export const FeedbackSchema = z
  .object({
    id: z.string(),
    incidentId: z.string().nullable(),
    channel: z.string(),
    audience: z.string(),
    text: z.string(),
    ratings: z.record(z.string(), z.number()),
    contactEmail: z.string().nullable(),
    contactName: z.string().nullable(),
    consent: z.boolean(),
    redacted: z.boolean(),
    sentiment: z.string().nullable(),
    sentimentScore: z.number().nullable(),
    language: z.string().nullable().describe('ISO 639-1 code, or null when too short to tell'),
    themes: z.array(z.string()),
    analysedAt: z.string().nullable(),
    loopClosedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Feedback' });
export type FeedbackView = z.infer<typeof FeedbackSchema>;

/** A date (`2026-03-01`) or an ISO 8601 date-time. */
const WhenSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date (2026-03-01) or an ISO 8601 date-time',
});

export const ThemesQuerySchema = z.object({
  incident: safeName(64).optional().describe('Incident id or slug; all incidents without it'),
  from: WhenSchema.optional().describe('Start (inclusive); 30 days or 12 weeks before `to` by default'),
  to: WhenSchema.optional().describe('End (exclusive; a date means the end of that day); now by default'),
  interval: oneOf(THEME_INTERVALS).optional().describe('Bucket size: day (default) or ISO week'),
});

export const ThemeVolumeSchema = z
  .object({
    theme: z.string(),
    total: z.number().int(),
    negative: z.number().int(),
    negativeShare: z.number().describe('negative / total, 0–1'),
    series: z.array(z.object({ bucket: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'ThemeVolume' });
export type ThemeVolumeView = z.infer<typeof ThemeVolumeSchema>;

export const ThemesSchema = z.object({
  interval: z.enum(THEME_INTERVALS),
  from: z.string(),
  to: z.string(),
  buckets: z.array(z.string()).describe('First day (YYYY-MM-DD, UTC) of each bucket, oldest first'),
  themes: z.array(ThemeVolumeSchema),
});
export type ThemesView = z.infer<typeof ThemesSchema>;

export const LoopStatusSchema = z
  .object({
    actionId: z.string(),
    targets: z.array(z.string()).describe("What the action answers: 'item:<id>' or 'theme:<name>'"),
    people: z.number().int().describe('People it answers who consented to hear back'),
    told: z.number().int().describe('How many of them were sent the "you said, we did" message'),
    waiting: z.number().int(),
  })
  .meta({ id: 'LoopStatus' });
export type LoopStatusView = z.infer<typeof LoopStatusSchema>;
