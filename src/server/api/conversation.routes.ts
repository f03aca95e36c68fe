import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../container.ts';
import { CONVERSATION_KINDS } from '../../domain/conversation.ts';
import { IMPORT_LIMITS } from '../../domain/feedback-import.ts';
import type { ConversationDetail } from '../../services/conversation.service.ts';
import type { Conversation } from '../../domain/conversation.ts';
import {
  AudienceSchema,
  PageQuerySchema,
  ProblemSchema,
  TimestampSchema,
  oneOf,
  pageOf,
  safeName,
  text,
} from '../../shared/contract/index.ts';
import { createOptions, created } from '../http.ts';
import { ctxOf } from '../plugins/auth.ts';
import { IdempotencyHeaders, OrgParams, RecordParams } from './params.ts';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

const ConversationFields = {
  id: z.string(),
  incidentId: z.string().nullable(),
  kind: z.enum(CONVERSATION_KINDS),
  name: z.string().describe('The stakeholder met one-on-one, or the group’s name'),
  audience: z.string(),
  attendees: z.array(z.string()),
  heldAt: z.string(),
  notes: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
};
const ConversationSchema = z.object(ConversationFields).meta({ id: 'Conversation' });
const ConversationDetailSchema = z
  .object({
    ...ConversationFields,
    concerns: z.array(
      z.object({
        id: z.string().describe('The feedback item'),
        text: z.string(),
        redacted: z.boolean(),
        sentiment: z.string().nullable(),
        themes: z.array(z.string()),
        analysedAt: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'ConversationDetail' });

export const ConversationCreateSchema = z
  .object({
    incident: safeName(64).optional().describe('Incident slug or id'),
    kind: oneOf(CONVERSATION_KINDS),
    name: text(200).describe('The stakeholder met one-on-one, or the group’s name'),
    audience: AudienceSchema,
    attendees: z.array(text(200)).max(100).default([]),
    heldAt: TimestampSchema,
    notes: text(20_000).optional(),
    concerns: z
      .array(text(IMPORT_LIMITS.textChars))
      .min(1, 'must list at least one concern raised')
      .max(100)
      .describe('What people raised, one concern each; each becomes a feedback item'),
  })
  .strict();

function view({ organizationId: _o, ...c }: Conversation) {
  return c;
}

function detailView(d: ConversationDetail) {
  return { ...view(d.conversation), concerns: d.concerns };
}

/** Conversation notes: one-on-one and group conversations, and the concerns raised in them. */
export function conversationRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/orgs/:org/conversations',
    {
      config: { permission: 'feedback:write' },
      schema: {
        tags: ['feedback'],
        summary: 'Record a one-on-one or group conversation and the concerns raised',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: ConversationCreateSchema,
        response: { 201: ConversationDetailSchema, ...errors, 422: ProblemSchema },
      },
    },
    async (req, reply) => {
      const { record, replayed } = await s.conversations.create(
        ctxOf(req),
        req.params.org,
        req.body,
        createOptions(req),
      );
      return created(
        reply,
        `/api/v1/orgs/${req.params.org}/conversations/${record.conversation.id}`,
        record.conversation,
        replayed,
        detailView(record),
      );
    },
  );

  r.get(
    '/api/v1/orgs/:org/conversations',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: 'Conversation notes, newest first',
        params: OrgParams,
        querystring: PageQuerySchema.extend({ incident: safeName(64).optional() }),
        response: { 200: pageOf(ConversationSchema), ...errors },
      },
    },
    async (req) => {
      const { cursor, limit, incident } = req.query;
      const page = await s.conversations.list(ctxOf(req), req.params.org, { incident }, { cursor, limit });
      return { nextCursor: page.nextCursor, items: page.items.map(view) };
    },
  );

  r.get(
    '/api/v1/orgs/:org/conversations/:id',
    {
      config: { permission: 'incident:read' },
      schema: {
        tags: ['feedback'],
        summary: 'A conversation with the concerns raised in it',
        params: RecordParams,
        response: { 200: ConversationDetailSchema, ...errors },
      },
    },
    async (req) => detailView(await s.conversations.get(ctxOf(req), req.params.org, req.params.id)),
  );
}
