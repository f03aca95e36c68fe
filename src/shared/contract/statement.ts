import { z } from 'zod';
import { APPROVER_ROLES, CHANNELS, LEADERSHIP_KINDS, STATEMENT_KINDS, STATEMENT_STATES } from '../enums.ts';
import { IdSchema, LinkSchema, TimestampSchema, oneOf, text } from './common.ts';
import { AudienceSchema } from './incident.ts';

export const StatementLinkSchema = z
  .object({
    quote: text(500).describe('A passage of the text, quoted exactly'),
    actionId: IdSchema.optional(),
    commitmentId: IdSchema.optional(),
  })
  .strict()
  .refine((l) => Boolean(l.actionId) !== Boolean(l.commitmentId), {
    message: 'link the passage to exactly one action or one commitment',
  });

const statementFields = {
  kind: oneOf(STATEMENT_KINDS),
  title: text(200),
  body: text(50_000).describe('Markdown; raw HTML is shown as text'),
  audiences: z.array(AudienceSchema).min(1, 'name at least one audience').max(20),
  channels: z.array(oneOf(CHANNELS)).max(10).optional(),
  byline: text(200).nullable().optional().describe('Who signs it, e.g. a leader'),
  nextUpdateBy: TimestampSchema.nullable().optional().describe('Promise the next update by this time'),
  links: z.array(StatementLinkSchema).max(100).optional(),
};

export const StatementCreateSchema = z.object(statementFields).strict().meta({ id: 'StatementCreate' });
export type StatementCreate = z.infer<typeof StatementCreateSchema>;

export const StatementPatchSchema = z
  .object({
    kind: statementFields.kind.optional(),
    title: statementFields.title.optional(),
    body: statementFields.body.optional(),
    audiences: statementFields.audiences.optional(),
    channels: statementFields.channels,
    byline: statementFields.byline,
    nextUpdateBy: statementFields.nextUpdateBy,
    links: statementFields.links,
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'StatementPatch' });

export const ReviewSchema = z
  .object({
    decision: oneOf(['approved', 'rejected']),
    comment: text(2000).optional().describe('Required to reject'),
  })
  .strict()
  .meta({ id: 'ReviewInput' });

export const PublishSchema = z
  .object({
    at: TimestampSchema.optional().describe('Publish at this time instead of now'),
    overrideReason: text(1000)
      .optional()
      .describe('Publish despite high-severity checker findings; kept in the audit trail'),
  })
  .strict()
  .meta({ id: 'PublishInput' });

export const RetractSchema = z
  .object({ reason: text(2000) })
  .strict()
  .meta({ id: 'RetractInput' });

export const CheckTextSchema = z
  .object({
    text: text(50_000),
    audience: AudienceSchema.optional(),
    links: z.array(StatementLinkSchema).max(100).optional(),
    statementId: IdSchema.optional().describe('Leave this statement out of the comparison with earlier ones'),
  })
  .strict()
  .meta({ id: 'CheckTextInput' });

const VersionSchema = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string(),
  audiences: z.array(z.string()),
  byline: z.string().nullable(),
  author: z.object({ kind: z.string(), id: z.string().nullable(), label: z.string() }),
  contentHash: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  overrideReason: z.string().nullable(),
});

export const StatementSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    kind: oneOf(STATEMENT_KINDS),
    channels: z.array(z.string()),
    state: oneOf(STATEMENT_STATES),
    currentVersion: z.number().int(),
    publishedVersion: z.number().int().nullable(),
    firstPublishedAt: z.string().nullable(),
    lastPublishedAt: z.string().nullable(),
    scheduledAt: z.string().nullable(),
    retractedAt: z.string().nullable(),
    retractionReason: z.string().nullable(),
    nextUpdateBy: z.string().nullable(),
    links: z.array(
      z.object({ quote: z.string(), actionId: z.string().optional(), commitmentId: z.string().optional() }),
    ),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    current: VersionSchema,
    published: VersionSchema.nullable(),
    versions: z.array(VersionSchema.omit({ body: true })),
    reviews: z.array(
      z.object({
        versionNumber: z.number().int(),
        reviewer: z.string(),
        role: z.string(),
        decision: z.string(),
        comment: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'Statement' });

export const SettingsSchema = z
  .object({
    statements: z
      .object({
        requiredApprovals: z.number().int().min(1).max(5),
        approverRoles: z.array(oneOf(APPROVER_ROLES)).min(1),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Settings' });

export const WebhookCreateSchema = z
  .object({
    url: LinkSchema,
    incident: IdSchema.optional().describe('Only this incident (id or slug); every incident when absent'),
    audience: AudienceSchema.optional(),
  })
  .strict()
  .meta({ id: 'WebhookCreate' });

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    incidentId: z.string().nullable(),
    channel: z.string(),
    address: z.string(),
    audience: z.string(),
    status: z.string(),
    createdAt: z.string(),
    confirmedAt: z.string().nullable(),
    unsubscribedAt: z.string().nullable(),
  })
  .meta({ id: 'Subscription' });

export const LeadershipCreateSchema = z
  .object({
    kind: oneOf(LEADERSHIP_KINDS),
    leader: text(200),
    audience: AudienceSchema,
    occurredAt: TimestampSchema,
    summary: text(5000),
    isPublic: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'LeadershipCreate' });

export const LeadershipPatchSchema = LeadershipCreateSchema.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .meta({ id: 'LeadershipPatch' });

export const LeadershipSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    kind: oneOf(LEADERSHIP_KINDS),
    leader: z.string(),
    audience: z.string(),
    occurredAt: z.string(),
    summary: z.string(),
    isPublic: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'LeadershipActivity' });
