import type { Selectable } from 'kysely';
import type { Feedback, FeedbackChannel, Sentiment } from '../domain/feedback.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, json, toJson, ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import type { Db } from './store.ts';
import type { FeedbackTable } from './tables.ts';

function toFeedback(r: Selectable<FeedbackTable>): Feedback {
  return {
    organizationId: r.organization_id,
    id: r.id,
    incidentId: r.incident_id,
    channel: r.channel as FeedbackChannel,
    audience: r.audience,
    text: r.text,
    ratings: json<Record<string, number>>(r.ratings),
    contactEmail: r.contact_email,
    contactName: r.contact_name,
    consent: bool(r.consent),
    source: r.source,
    sourceId: r.source_id,
    clientHash: r.client_hash,
    redacted: bool(r.redacted),
    sentiment: r.sentiment as Sentiment | null,
    sentimentScore: r.sentiment_score,
    language: r.language,
    themes: json<string[]>(r.themes),
    analysedAt: tsOrNull(r.analysed_at),
    loopClosedAt: tsOrNull(r.loop_closed_at),
    createdAt: ts(r.created_at),
    version: r.version,
  };
}

/** Rows per INSERT: SQLite binds at most 32,766 parameters per statement. */
const CHUNK = 500;

export interface FeedbackFilter {
  incidentId?: string | undefined;
  channel?: FeedbackChannel | undefined;
  sentiment?: Sentiment | undefined;
  theme?: string | undefined;
}

/** Feedback, written in batches, and the queue of items waiting for analysis. */
export class FeedbackRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private row(f: Feedback) {
    return {
      organization_id: f.organizationId,
      id: f.id,
      incident_id: f.incidentId,
      channel: f.channel,
      audience: f.audience,
      text: f.text,
      ratings: toJson(f.ratings),
      contact_email: f.contactEmail,
      contact_name: f.contactName,
      consent: this.dialect.bool(f.consent),
      source: f.source,
      source_id: f.sourceId,
      client_hash: f.clientHash,
      redacted: this.dialect.bool(f.redacted),
      sentiment: f.sentiment,
      sentiment_score: f.sentimentScore,
      language: f.language,
      themes: toJson(f.themes),
      analysed_at: f.analysedAt,
      loop_closed_at: f.loopClosedAt,
      created_at: f.createdAt,
      version: f.version,
    };
  }

  /**
   * Inserts many items in as few statements as the database allows. An item whose source and
   * source id exist already is skipped (importing the same file twice adds nothing).
   * @returns how many were new.
   */
  async insertMany(items: Feedback[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < items.length; i += CHUNK) {
      const r = await this.db
        .insertInto('feedback')
        .values(items.slice(i, i + CHUNK).map((f) => this.row(f)))
        .onConflict((oc) => oc.columns(['organization_id', 'source', 'source_id']).doNothing())
        .executeTakeFirst();
      inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }

  async find(organizationId: string, id: string): Promise<Feedback | undefined> {
    const r = await this.db
      .selectFrom('feedback')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toFeedback(r);
  }

  /** Newest first. */
  async list(
    organizationId: string,
    filter: FeedbackFilter,
    page: PageRequest & { afterId?: string | undefined },
  ): Promise<Page<Feedback>> {
    const rows = await this.db
      .selectFrom('feedback')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .$if(filter.incidentId !== undefined, (q) => q.where('incident_id', '=', filter.incidentId!))
      .$if(filter.channel !== undefined, (q) => q.where('channel', '=', filter.channel!))
      .$if(filter.sentiment !== undefined, (q) => q.where('sentiment', '=', filter.sentiment!))
      .$if(page.afterId !== undefined, (q) => q.where('id', '<', page.afterId!))
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return toPage(rows.map(toFeedback), page.limit);
  }

  /** Items waiting for analysis, oldest first, across organizations. */
  async listUnanalysed(limit: number): Promise<Feedback[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .selectAll()
      .where('analysed_at', 'is', null)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(toFeedback);
  }

  async saveAnalysis(
    f: Pick<Feedback, 'organizationId' | 'id' | 'sentiment' | 'sentimentScore' | 'language' | 'themes'>,
    at: string,
  ): Promise<void> {
    await this.db
      .updateTable('feedback')
      .set({
        sentiment: f.sentiment,
        sentiment_score: f.sentimentScore,
        language: f.language,
        themes: toJson(f.themes),
        analysed_at: at,
      })
      .where('organization_id', '=', f.organizationId)
      .where('id', '=', f.id)
      .execute();
  }

  async countByOrganization(organizationId: string): Promise<number> {
    const r = await this.db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
