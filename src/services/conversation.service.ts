import { principalLabel } from '../domain/account.ts';
import type { Conversation, ConversationConcern, ConversationKind } from '../domain/conversation.ts';
import { concernChannel } from '../domain/conversation.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Feedback } from '../domain/feedback.ts';
import { redact } from '../domain/feedback.ts';
import { newId } from '../store/ids.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { CreateOptions, Created, RequestContext, ServiceDeps } from './common.ts';
import {
  audit,
  authorize,
  authorizeWrite,
  canonicalTimestamp,
  cursorId,
  idempotentCreate,
  nowIso,
} from './common.ts';
import { getIncident } from './incident.service.ts';

export interface ConversationInput {
  incident?: string | undefined;
  kind: ConversationKind;
  /** The stakeholder met one-on-one, or the group's name. */
  name: string;
  audience: string;
  attendees: string[];
  heldAt: string;
  notes?: string | undefined;
  /** What people raised, one concern each; each becomes a feedback item. */
  concerns: string[];
}

export interface ConversationDetail {
  conversation: Conversation;
  concerns: ConversationConcern[];
}

/** Feedback source of the concerns raised in conversations; their source id is `<conversation id>:<n>`. */
export const CONVERSATION_SOURCE = 'conversation';

/**
 * Conversation notes entered by staff. The conversation and the feedback item of each concern are
 * written in one transaction; the items are unanalysed, so the analysis worker takes them like
 * any other feedback. Concerns carry no contact (staff speak for people here), so their text is
 * redacted like an anonymous channel's.
 */
export class ConversationService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Records a conversation and the concerns raised in it.
   * @throws AppError `not_found` (organization, incident), `forbidden` (needs feedback:write),
   *   `idempotency_key_reused`.
   */
  async create(
    ctx: RequestContext,
    orgSlug: string,
    input: ConversationInput,
    opts: CreateOptions = {},
  ): Promise<Created<ConversationDetail>> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'feedback:write');
      const incident = input.incident ? await getIncident(tx, org, input.incident) : null;
      const now = nowIso(this.deps.clock);
      const heldAt = canonicalTimestamp(input.heldAt);
      // A little clock skew between the browser and this server is normal.
      if (Date.parse(heldAt) > Date.parse(now) + 5 * 60_000) throw invalid('body.heldAt', 'is in the future');
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'conversation',
        now,
        async (id) => {
          const conversation: Conversation = {
            organizationId: org.id,
            id,
            incidentId: incident?.id ?? null,
            kind: input.kind,
            name: input.name,
            audience: input.audience,
            attendees: input.attendees,
            heldAt,
            notes: input.notes ?? null,
            createdBy: principalLabel(ctx.principal).label,
            createdAt: now,
            version: 1,
          };
          await tx.conversations.insert(conversation);
          const items = input.concerns.map((raw, i): Feedback => {
            const { text, redacted } = redact(raw);
            return {
              organizationId: org.id,
              id: newId(),
              incidentId: conversation.incidentId,
              channel: concernChannel(input.kind),
              audience: input.audience,
              text,
              ratings: {},
              contactEmail: null,
              contactName: null,
              consent: false,
              source: CONVERSATION_SOURCE,
              sourceId: `${id}:${String(i + 1).padStart(3, '0')}`,
              clientHash: null,
              redacted,
              sentiment: null,
              sentimentScore: null,
              language: null,
              themes: [],
              analysedAt: null,
              loopClosedAt: null,
              createdAt: conversation.heldAt,
              version: 1,
            };
          });
          await tx.feedback.insertReturningIds(items, id);
          await audit(tx, ctx, org, now, {
            action: 'conversation_recorded',
            recordType: 'conversation',
            recordId: id,
            incidentId: conversation.incidentId,
            // Who was there and what was said stay in the record; the trail says that it happened.
            after: { kind: conversation.kind, heldAt: conversation.heldAt, concerns: items.length },
          });
          return this.detail(tx, conversation);
        },
        async (id) => this.detail(tx, (await tx.conversations.find(org.id, id))!),
      );
    });
  }

  /** @throws AppError `not_found` for a missing conversation or another organization's. */
  async get(ctx: RequestContext, orgSlug: string, id: string): Promise<ConversationDetail> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const conversation = await this.deps.store.conversations.find(org.id, id);
    if (!conversation) throw notFound('conversation');
    return this.detail(this.deps.store, conversation);
  }

  /** Newest first; `incident` (slug or id) narrows to one incident. */
  async list(
    ctx: RequestContext,
    orgSlug: string,
    filter: { incident?: string | undefined },
    page: PageRequest,
  ): Promise<Page<Conversation>> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incidentId = filter.incident
      ? (await getIncident(this.deps.store, org, filter.incident)).id
      : undefined;
    return this.deps.store.conversations.list(
      org.id,
      { incidentId },
      { ...page, afterId: cursorId(page.cursor) },
    );
  }

  private async detail(store: ServiceDeps['store'], conversation: Conversation): Promise<ConversationDetail> {
    return {
      conversation,
      concerns: await store.conversations.concerns(conversation.organizationId, conversation.id),
    };
  }
}
