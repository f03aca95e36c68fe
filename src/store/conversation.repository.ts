import type { Selectable } from 'kysely';
import type { Conversation, ConversationConcern, ConversationKind } from '../domain/conversation.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, json, toJson, ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import type { Db } from './store.ts';
import type { ConversationsTable } from './tables.ts';

function toConversation(r: Selectable<ConversationsTable>): Conversation {
  return {
    organizationId: r.organization_id,
    id: r.id,
    incidentId: r.incident_id,
    kind: r.kind as ConversationKind,
    name: r.name,
    audience: r.audience,
    attendees: json<string[]>(r.attendees),
    heldAt: ts(r.held_at),
    notes: r.notes,
    createdBy: r.created_by,
    createdAt: ts(r.created_at),
    version: r.version,
  };
}

/** Conversation notes, and the feedback items raised in each. */
export class ConversationRepository {
  constructor(
    private readonly db: Db,
    _dialect: Dialect,
  ) {}

  async insert(c: Conversation): Promise<void> {
    await this.db
      .insertInto('conversations')
      .values({
        organization_id: c.organizationId,
        id: c.id,
        incident_id: c.incidentId,
        kind: c.kind,
        name: c.name,
        audience: c.audience,
        attendees: toJson(c.attendees),
        held_at: c.heldAt,
        notes: c.notes,
        created_by: c.createdBy,
        created_at: c.createdAt,
        version: c.version,
      })
      .execute();
  }

  async find(organizationId: string, id: string): Promise<Conversation | undefined> {
    const r = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toConversation(r);
  }

  /** Newest first (by when they were recorded). */
  async list(
    organizationId: string,
    filter: { incidentId?: string | undefined },
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<Conversation>> {
    const rows = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.incidentId !== undefined, (q) => q.where('incident_id', '=', filter.incidentId!))
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toConversation), page.limit);
  }

  /** The concerns raised in a conversation, in the order they were written down. */
  async concerns(organizationId: string, conversationId: string): Promise<ConversationConcern[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['id', 'text', 'redacted', 'sentiment', 'themes', 'analysed_at', 'created_at'])
      .where('organization_id', '=', organizationId)
      .where('conversation_id', '=', conversationId)
      .orderBy('source_id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      text: r.text,
      redacted: bool(r.redacted),
      sentiment: r.sentiment,
      themes: json<string[]>(r.themes),
      analysedAt: tsOrNull(r.analysed_at),
      createdAt: ts(r.created_at),
    }));
  }
}
