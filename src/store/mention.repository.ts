import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Sentiment } from '../domain/feedback.ts';
import type { Mention, MentionFeed, MentionSourceKind } from '../domain/mention.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, count, ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import type { Db } from './store.ts';
import type { MentionFeedsTable, MentionsTable } from './tables.ts';

function toMention(r: Selectable<MentionsTable>): Mention {
  return {
    organizationId: r.organization_id,
    id: r.id,
    incidentId: r.incident_id,
    subject: r.subject,
    sourceKind: r.source_kind as MentionSourceKind,
    sourceName: r.source_name,
    externalId: r.external_id,
    url: r.url,
    author: r.author,
    title: r.title,
    text: r.text,
    publishedAt: ts(r.published_at),
    reach: r.reach === null ? null : Number(r.reach),
    language: r.language,
    sentiment: r.sentiment as Sentiment | null,
    sentimentScore: r.sentiment_score === null ? null : Number(r.sentiment_score),
    analysedAt: tsOrNull(r.analysed_at),
    createdAt: ts(r.created_at),
  };
}

function toFeed(r: Selectable<MentionFeedsTable>): MentionFeed {
  return {
    organizationId: r.organization_id,
    id: r.id,
    url: r.url,
    name: r.name,
    subject: r.subject,
    incidentId: r.incident_id,
    intervalMinutes: r.interval_minutes,
    etag: r.etag,
    lastModified: r.last_modified,
    lastPolledAt: tsOrNull(r.last_polled_at),
    lastSuccessAt: tsOrNull(r.last_success_at),
    nextPollAt: ts(r.next_poll_at),
    lastError: r.last_error,
    failures: r.failures,
    enabled: bool(r.enabled),
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

/** Mentions page by publication time: the cursor holds the last item's time and id, opaque to clients. */
export function encodeMentionCursor(m: { publishedAt: string; id: string }): string {
  return Buffer.from(`${m.publishedAt}_${m.id}`, 'utf8').toString('base64url');
}

/** Decodes a mention cursor; undefined for none, null when it is not one we issued. */
export function decodeMentionCursor(
  cursor: string | undefined,
): { publishedAt: string; id: string } | undefined | null {
  if (!cursor) return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)_([0-9a-f-]{10,64})$/i.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  return m ? { publishedAt: m[1]!, id: m[2]! } : null;
}

/** Rows per INSERT: SQLite binds at most 32,766 parameters per statement. */
const CHUNK = 500;

export interface MentionFilter {
  incidentId?: string | undefined;
  subject?: string | undefined;
  sentiment?: Sentiment | undefined;
  /** Published at or after (inclusive). */
  from?: string | undefined;
  /** Published before (exclusive). */
  to?: string | undefined;
}

/** One subject's mentions in one period. */
export interface MentionPeriodCounts {
  subject: string;
  /** First day of the period, `YYYY-MM-DD` (UTC; weeks start on Monday). */
  period: string;
  volume: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
  /** Not analysed yet: in the volume, in no sentiment class. */
  unanalysed: number;
  /** Sum of the reach given with the mentions (0 when none gave one). */
  reach: number;
}

/** What the poller writes back after fetching a feed. */
export interface FeedPollResult {
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string;
  lastSuccessAt: string | null;
  nextPollAt: string;
  lastError: string | null;
  failures: number;
  enabled: boolean;
}

/** Mentions and the feeds they are read from; the analysis queue; the per-period aggregation. */
export class MentionRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private mentionRow(m: Mention) {
    return {
      organization_id: m.organizationId,
      id: m.id,
      incident_id: m.incidentId,
      subject: m.subject,
      source_kind: m.sourceKind,
      source_name: m.sourceName,
      external_id: m.externalId,
      url: m.url,
      author: m.author,
      title: m.title,
      text: m.text,
      published_at: m.publishedAt,
      reach: m.reach,
      language: m.language,
      sentiment: m.sentiment,
      sentiment_score: m.sentimentScore,
      analysed_at: m.analysedAt,
      created_at: m.createdAt,
    };
  }

  /**
   * Inserts mentions in as few statements as the database allows; one whose (source kind, source
   * name, external id) exists already is skipped, so polling or importing the same items twice adds
   * nothing.
   * @returns how many were new.
   */
  async insertMany(items: Mention[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < items.length; i += CHUNK) {
      const r = await this.db
        .insertInto('mentions')
        .values(items.slice(i, i + CHUNK).map((m) => this.mentionRow(m)))
        .onConflict((oc) =>
          oc.columns(['organization_id', 'source_kind', 'source_name', 'external_id']).doNothing(),
        )
        .executeTakeFirst();
      inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }

  /** Newest published first (ids break ties); the cursor is the last id seen. */
  async list(
    organizationId: string,
    filter: MentionFilter,
    page: PageRequest & { after?: { publishedAt: string; id: string } | undefined },
  ): Promise<Page<Mention>> {
    const after = page.after;
    const rows = await this.filtered(organizationId, filter)
      .selectAll()
      .$if(after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('published_at', '<', after!.publishedAt),
            eb.and([eb('published_at', '=', after!.publishedAt), eb('id', '<', after!.id)]),
          ]),
        ),
      )
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const items = rows.slice(0, page.limit).map(toMention);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > page.limit && last ? encodeMentionCursor(last) : null };
  }

  async find(organizationId: string, id: string): Promise<Mention | undefined> {
    const r = await this.db
      .selectFrom('mentions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toMention(r);
  }

  private filtered(organizationId: string, filter: MentionFilter) {
    return this.db
      .selectFrom('mentions')
      .where('organization_id', '=', organizationId)
      .$if(filter.subject !== undefined, (q) => q.where('subject', '=', filter.subject!))
      .$if(filter.incidentId !== undefined, (q) => q.where('incident_id', '=', filter.incidentId!))
      .$if(filter.sentiment !== undefined, (q) => q.where('sentiment', '=', filter.sentiment!))
      .$if(filter.from !== undefined, (q) => q.where('published_at', '>=', filter.from!))
      .$if(filter.to !== undefined, (q) => q.where('published_at', '<', filter.to!));
  }

  /**
   * Volume and sentiment counts per subject and period, in one GROUP BY. Periods with no mention
   * are absent.
   */
  async summary(
    organizationId: string,
    filter: MentionFilter,
    interval: 'day' | 'week',
  ): Promise<MentionPeriodCounts[]> {
    const period = this.dialect.dateBucket('published_at', interval);
    const countOf = (s: Sentiment) => sql<number>`sum(case when sentiment = ${s} then 1 else 0 end)`;
    const rows = await this.filtered(organizationId, filter)
      .select([
        'subject',
        period.as('period'),
        (eb) => eb.fn.countAll<number>().as('volume'),
        countOf('positive').as('positive'),
        countOf('negative').as('negative'),
        countOf('neutral').as('neutral'),
        countOf('mixed').as('mixed'),
        sql<number>`sum(case when analysed_at is null then 1 else 0 end)`.as('unanalysed'),
        sql<number>`coalesce(sum(reach), 0)`.as('reach'),
      ])
      .groupBy(['subject', period])
      .orderBy('subject')
      .orderBy(period)
      .execute();
    return rows.map((r) => ({
      subject: r.subject,
      period: r.period,
      volume: count(r.volume),
      positive: count(r.positive),
      negative: count(r.negative),
      neutral: count(r.neutral),
      mixed: count(r.mixed),
      unanalysed: count(r.unanalysed),
      reach: Number(r.reach ?? 0),
    }));
  }

  /** Mentions waiting for analysis, oldest first, across organizations. */
  async listUnanalysed(limit: number): Promise<Mention[]> {
    const rows = await this.db
      .selectFrom('mentions')
      .selectAll()
      .where('analysed_at', 'is', null)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(toMention);
  }

  /** Records what analysis found, one update per mention (a prepared statement on SQLite). */
  async saveAnalyses(
    items: Pick<Mention, 'organizationId' | 'id' | 'sentiment' | 'sentimentScore' | 'language'>[],
    at: string,
  ): Promise<void> {
    for (const m of items) {
      await this.db
        .updateTable('mentions')
        .set({
          sentiment: m.sentiment,
          sentiment_score: m.sentimentScore,
          language: m.language,
          analysed_at: at,
        })
        .where('organization_id', '=', m.organizationId)
        .where('id', '=', m.id)
        .execute();
    }
  }

  // Feeds

  async insertFeed(f: MentionFeed): Promise<void> {
    await this.db
      .insertInto('mention_feeds')
      .values({
        organization_id: f.organizationId,
        id: f.id,
        url: f.url,
        name: f.name,
        subject: f.subject,
        incident_id: f.incidentId,
        interval_minutes: f.intervalMinutes,
        etag: f.etag,
        last_modified: f.lastModified,
        last_polled_at: f.lastPolledAt,
        last_success_at: f.lastSuccessAt,
        next_poll_at: f.nextPollAt,
        locked_until: null,
        last_error: f.lastError,
        failures: f.failures,
        enabled: this.dialect.bool(f.enabled),
        version: f.version,
        created_at: f.createdAt,
        updated_at: f.updatedAt,
      })
      .execute();
  }

  async findFeed(organizationId: string, id: string): Promise<MentionFeed | undefined> {
    const r = await this.db
      .selectFrom('mention_feeds')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toFeed(r);
  }

  async findFeedByUrl(
    organizationId: string,
    url: string,
    subject: string,
  ): Promise<MentionFeed | undefined> {
    const r = await this.db
      .selectFrom('mention_feeds')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('url', '=', url)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return r && toFeed(r);
  }

  async listFeeds(organizationId: string): Promise<MentionFeed[]> {
    const rows = await this.db
      .selectFrom('mention_feeds')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
    return rows.map(toFeed);
  }

  /**
   * Writes a feed's settings (and the poll state the service reset with them) if its version is
   * still `f.version − 1`. @returns false when someone else changed it first.
   */
  async updateFeed(f: MentionFeed): Promise<boolean> {
    const r = await this.db
      .updateTable('mention_feeds')
      .set({
        url: f.url,
        name: f.name,
        subject: f.subject,
        incident_id: f.incidentId,
        interval_minutes: f.intervalMinutes,
        etag: f.etag,
        last_modified: f.lastModified,
        next_poll_at: f.nextPollAt,
        last_error: f.lastError,
        failures: f.failures,
        enabled: this.dialect.bool(f.enabled),
        version: f.version,
        updated_at: f.updatedAt,
      })
      .where('organization_id', '=', f.organizationId)
      .where('id', '=', f.id)
      .where('version', '=', f.version - 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deleteFeed(organizationId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('mention_feeds')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /**
   * Claims up to `limit` enabled feeds that are due and not being polled, across organizations, by
   * leasing them until `lockedUntil` (a crashed poller's lease expires). Exclusive between
   * processes: SKIP LOCKED on PostgreSQL, the single writer on SQLite.
   */
  async claimDue(now: string, lockedUntil: string, limit: number): Promise<MentionFeed[]> {
    const due = this.db
      .selectFrom('mention_feeds')
      .select('id')
      .where('enabled', '=', this.dialect.bool(true))
      .where('next_poll_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('next_poll_at')
      .limit(limit)
      .$if(this.dialect.skipLocked, (q) => q.forUpdate().skipLocked());
    const rows = await this.db
      .updateTable('mention_feeds')
      .set({ locked_until: lockedUntil })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(toFeed);
  }

  /** Claims one feed of an organization for a poll now, unless another poll holds it. */
  async claimOne(
    organizationId: string,
    id: string,
    now: string,
    lockedUntil: string,
  ): Promise<MentionFeed | undefined> {
    const r = await this.db
      .updateTable('mention_feeds')
      .set({ locked_until: lockedUntil })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returningAll()
      .executeTakeFirst();
    return r && toFeed(r);
  }

  /** Records a poll's outcome and releases the lease. Settings and version are left alone. */
  async recordPoll(organizationId: string, id: string, p: FeedPollResult): Promise<void> {
    await this.db
      .updateTable('mention_feeds')
      .set({
        etag: p.etag,
        last_modified: p.lastModified,
        last_polled_at: p.lastPolledAt,
        last_success_at: p.lastSuccessAt,
        next_poll_at: p.nextPollAt,
        last_error: p.lastError,
        failures: p.failures,
        enabled: this.dialect.bool(p.enabled),
        locked_until: null,
        updated_at: p.lastPolledAt,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }
}
