import { parseFeed } from '@rowanmanning/feed-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Organization } from '../domain/account.ts';
import { analyse, loadLanguageDetector } from '../domain/analysis.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Sentiment } from '../domain/feedback.ts';
import type { FeedEntry, ImportedMention, Mention, MentionFeed, RowRejection } from '../domain/mention.ts';
import {
  DEFAULT_INTERVAL_MINUTES,
  MAX_FAILURES,
  SELF,
  backoffMinutes,
  isSubject,
  mentionFromEntry,
  parseImportRow,
} from '../domain/mention.ts';
import type { NetSentiment, NetSentimentDefinition, ShareOfVoice } from '../domain/metrics/trust.ts';
import { DEFAULT_NET_SENTIMENT, netSentiment, shareOfVoice } from '../domain/metrics/trust.ts';
import { newId } from '../store/ids.ts';
import type { MentionFilter, MentionPeriodCounts } from '../store/mention.repository.ts';
import { decodeMentionCursor } from '../store/mention.repository.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { Store } from '../store/store.ts';
import type { CreateOptions, Created, Expected, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  idempotentCreate,
  nowIso,
  pick,
  staleError,
} from './common.ts';
import { getIncident } from './incident.service.ts';
import { themeRulesFor } from './theme.service.ts';

/** What a feed fetch gives back: nothing new (304), or the body with its validators. */
export type FeedFetchResult =
  | { status: 'not_modified' }
  | { status: 'ok'; body: string; etag: string | null; lastModified: string | null };

/**
 * Outbound HTTP for feeds, injected so the service stays free of network code (the real one is
 * `jobs/feed-fetch.ts`: SSRF guard, timeout, size limit). Both methods throw an Error whose message
 * is shown to the organization.
 */
export interface FeedFetcher {
  /** Refuses a URL that may never be fetched (scheme, credentials, private address literal). */
  checkUrl(url: string): void;
  fetch(
    url: string,
    conditional: { etag: string | null; lastModified: string | null },
  ): Promise<FeedFetchResult>;
}

export interface FeedInput {
  url: string;
  name?: string | null | undefined;
  subject?: string | undefined;
  incident?: string | null | undefined;
  intervalMinutes?: number | undefined;
  enabled?: boolean | undefined;
}

export interface PollOutcome {
  status: 'ok' | 'not_modified' | 'error';
  /** Items seen in the feed this time (0 for 304 and errors). */
  items: number;
  /** New mentions stored (items already stored are skipped). */
  added: number;
  error: string | null;
  feed: MentionFeed;
}

export interface ImportInput {
  /** A name for where the rows come from (e.g. `meltwater-2026-03`); de-duplication is per source. */
  source: string;
  subject?: string | undefined;
  incident?: string | undefined;
  csv?: string | undefined;
  items?: unknown[] | undefined;
}

export interface ImportResult {
  received: number;
  added: number;
  /** Valid rows already stored (same source and id), skipped. */
  duplicates: number;
  rejected: RowRejection[];
}

export interface SummaryQuery {
  incident?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  interval: 'day' | 'week';
  netSentiment?: NetSentimentDefinition | undefined;
}

export interface SubjectTotals extends Omit<MentionPeriodCounts, 'period'> {
  /** Net sentiment over the whole range, by the definition asked for; null without polar mentions. */
  netSentiment: NetSentiment | null;
}

export interface MentionSummary {
  interval: 'day' | 'week';
  from: string | null;
  to: string | null;
  netSentimentDefinition: NetSentimentDefinition;
  periods: MentionPeriodCounts[];
  subjects: SubjectTotals[];
  /** The organization's share of all mentions against the named peers in the range (null without peers). */
  shareOfVoice: ShareOfVoice | null;
}

/** How long a poll may hold a feed before another poller may take it (a crashed poller's lease). */
const LEASE_MS = 5 * 60_000;
/** Feeds one pass of the poller takes. */
const POLL_BATCH = 10;

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

function message(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.slice(0, 500) || 'unknown error';
}

/** A calendar date means midnight UTC at its start; a date-time is normalized to UTC. */
function boundary(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v).toISOString();
}

/**
 * Public perception: mentions of the organization and of named peers, from RSS/Atom feeds polled
 * on a schedule and from CSV/JSON imports, de-duplicated per source, analysed by the listening
 * pipeline, and summed per subject and period for volume, net sentiment and share of voice.
 */
export class MentionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly fetcher: FeedFetcher,
  ) {}

  // Feeds

  async listFeeds(ctx: RequestContext, orgSlug: string): Promise<MentionFeed[]> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    return this.deps.store.mentions.listFeeds(org.id);
  }

  private checkUrl(url: string, path: string): void {
    try {
      this.fetcher.checkUrl(url);
    } catch (err) {
      throw invalid(path, message(err));
    }
  }

  private async incidentId(tx: Store, org: Organization, ref: string | null | undefined) {
    return ref ? (await getIncident(tx, org, ref)).id : null;
  }

  /**
   * Adds a feed to poll; it is due at once.
   * @throws AppError `validation` for a URL that may not be fetched (see FeedFetcher.checkUrl),
   *   `conflict` when the organization polls this URL for this subject already, `not_found`.
   */
  async createFeed(
    ctx: RequestContext,
    orgSlug: string,
    input: FeedInput,
    opts: CreateOptions = {},
  ): Promise<Created<MentionFeed>> {
    this.checkUrl(input.url, 'body.url');
    const subject = input.subject ?? SELF;
    if (!isSubject(subject)) throw invalid('body.subject', 'must be "self" or "peer:<name>"');
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'mention:write');
      const incidentId = await this.incidentId(tx, org, input.incident);
      const now = nowIso(this.deps.clock);
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'mention_feed',
        now,
        async (id) => {
          if (await tx.mentions.findFeedByUrl(org.id, input.url, subject)) {
            throw new AppError('conflict', 'this feed is polled for this subject already', [
              { path: 'body.url', message: 'is polled already' },
            ]);
          }
          const feed: MentionFeed = {
            organizationId: org.id,
            id,
            url: input.url,
            name: input.name ?? null,
            subject,
            incidentId,
            intervalMinutes: input.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES,
            etag: null,
            lastModified: null,
            lastPolledAt: null,
            lastSuccessAt: null,
            nextPollAt: now,
            lastError: null,
            failures: 0,
            enabled: input.enabled ?? true,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          await tx.mentions.insertFeed(feed);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'mention_feed',
            recordId: id,
            incidentId,
            after: feed,
          });
          return feed;
        },
        async (id) => (await tx.mentions.findFeed(org.id, id))!,
      );
    });
  }

  /**
   * Changes a feed. A new URL forgets the old validators and is due at once; enabling a feed
   * clears its failures and makes it due at once.
   * @throws AppError `validation`, `conflict`, `stale`, `not_found`.
   */
  async updateFeed(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: Partial<FeedInput>,
    expected: Expected,
  ): Promise<MentionFeed> {
    if (patch.url !== undefined) this.checkUrl(patch.url, 'body.url');
    if (patch.subject !== undefined && !isSubject(patch.subject)) {
      throw invalid('body.subject', 'must be "self" or "peer:<name>"');
    }
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'mention:write');
      const current = await tx.mentions.findFeed(org.id, id);
      if (!current) throw notFound('mention feed');
      assertVersion(current, expected);
      const now = nowIso(this.deps.clock);
      const url = pick(patch.url, current.url);
      const subject = pick(patch.subject, current.subject);
      if (url !== current.url || subject !== current.subject) {
        const other = await tx.mentions.findFeedByUrl(org.id, url, subject);
        if (other && other.id !== id) {
          throw new AppError('conflict', 'this feed is polled for this subject already', [
            { path: 'body.url', message: 'is polled already' },
          ]);
        }
      }
      const enabled = pick(patch.enabled, current.enabled);
      const restart = url !== current.url || (enabled && !current.enabled);
      const next: MentionFeed = {
        ...current,
        url,
        subject,
        name: patch.name === undefined ? current.name : patch.name,
        incidentId:
          patch.incident === undefined ? current.incidentId : await this.incidentId(tx, org, patch.incident),
        intervalMinutes: pick(patch.intervalMinutes, current.intervalMinutes),
        enabled,
        ...(restart ? { failures: 0, lastError: null, nextPollAt: now } : {}),
        ...(url !== current.url ? { etag: null, lastModified: null } : {}),
        version: current.version + 1,
        updatedAt: now,
      };
      if (!(await tx.mentions.updateFeed(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'updated',
        recordType: 'mention_feed',
        recordId: id,
        incidentId: next.incidentId,
        before: current,
        after: next,
      });
      return next;
    });
  }

  /** Stops polling a feed. The mentions read from it stay. */
  async deleteFeed(ctx: RequestContext, orgSlug: string, id: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'mention:write');
      const current = await tx.mentions.findFeed(org.id, id);
      if (!current || !(await tx.mentions.deleteFeed(org.id, id))) throw notFound('mention feed');
      await audit(tx, ctx, org, nowIso(this.deps.clock), {
        action: 'deleted',
        recordType: 'mention_feed',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
      });
    });
  }

  /**
   * Polls one feed now, whatever its schedule (a disabled feed too, to test it; it stays disabled).
   * @throws AppError `conflict` while another poll of it runs, `not_found`.
   */
  async pollNow(ctx: RequestContext, orgSlug: string, id: string): Promise<PollOutcome> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'mention:write');
    const now = nowIso(this.deps.clock);
    if (!(await this.deps.store.mentions.findFeed(org.id, id))) throw notFound('mention feed');
    const feed = await this.deps.store.mentions.claimOne(
      org.id,
      id,
      now,
      new Date(Date.parse(now) + LEASE_MS).toISOString(),
    );
    if (!feed) throw new AppError('conflict', 'this feed is being polled right now; try again in a moment');
    return this.poll(feed);
  }

  /**
   * One pass of the scheduler: claims feeds that are due (enabled, next poll time passed, not
   * leased) across organizations and polls them.
   * @returns the outcome of each feed polled.
   */
  async pollDue(limit = POLL_BATCH): Promise<PollOutcome[]> {
    const now = nowIso(this.deps.clock);
    const due = await this.deps.store.transaction((tx) =>
      tx.mentions.claimDue(now, new Date(Date.parse(now) + LEASE_MS).toISOString(), limit),
    );
    return Promise.all(due.map((f) => this.poll(f)));
  }

  /**
   * Fetches a claimed feed (conditional GET), stores its new items, and schedules the next poll:
   * after the interval on success; on failure after the interval doubled per consecutive failure
   * (capped at a day), disabling the feed after MAX_FAILURES failures in a row.
   */
  private async poll(feed: MentionFeed): Promise<PollOutcome> {
    try {
      const r = await this.fetcher.fetch(feed.url, { etag: feed.etag, lastModified: feed.lastModified });
      const at = nowIso(this.deps.clock);
      let items = 0;
      let added = 0;
      await this.deps.store.transaction(async (tx) => {
        if (r.status === 'ok') {
          const mentions = this.parse(feed, r.body, at);
          items = mentions.length;
          added = await tx.mentions.insertMany(mentions);
        }
        await tx.mentions.recordPoll(feed.organizationId, feed.id, {
          etag: r.status === 'ok' ? r.etag : feed.etag,
          lastModified: r.status === 'ok' ? r.lastModified : feed.lastModified,
          lastPolledAt: at,
          lastSuccessAt: at,
          nextPollAt: addMinutes(at, feed.intervalMinutes),
          lastError: null,
          failures: 0,
          enabled: feed.enabled,
        });
      });
      const updated = (await this.deps.store.mentions.findFeed(feed.organizationId, feed.id)) ?? feed;
      return { status: r.status, items, added, error: null, feed: updated };
    } catch (err) {
      const at = nowIso(this.deps.clock);
      const failures = feed.failures + 1;
      const disable = failures >= MAX_FAILURES;
      const error = disable ? `${message(err)} (disabled after ${failures} failures in a row)` : message(err);
      await this.deps.store.mentions.recordPoll(feed.organizationId, feed.id, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        lastPolledAt: at,
        lastSuccessAt: feed.lastSuccessAt,
        nextPollAt: addMinutes(at, backoffMinutes(feed.intervalMinutes, failures)),
        lastError: error,
        failures,
        enabled: feed.enabled && !disable,
      });
      const updated = (await this.deps.store.mentions.findFeed(feed.organizationId, feed.id)) ?? feed;
      return { status: 'error', items: 0, added: 0, error, feed: updated };
    }
  }

  /** A feed body as mentions. @throws Error when it is not RSS or Atom. */
  private parse(feed: MentionFeed, body: string, at: string): Mention[] {
    let entries: FeedEntry[];
    try {
      entries = parseFeed(body).items.map((i) => ({
        id: i.id,
        url: i.url,
        title: i.title,
        description: i.description,
        content: i.content,
        published: i.published,
        updated: i.updated,
        author: i.authors[0]?.name ?? null,
      }));
    } catch (err) {
      throw new Error(`not an RSS or Atom feed (${message(err).slice(0, 200)})`);
    }
    const out: Mention[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      const m = mentionFromEntry(e, at);
      if (!m || seen.has(m.externalId)) continue;
      seen.add(m.externalId);
      out.push({
        ...m,
        organizationId: feed.organizationId,
        id: newId(),
        incidentId: feed.incidentId,
        subject: feed.subject,
        sourceKind: 'feed',
        sourceName: feed.id,
        reach: null,
        language: null,
        sentiment: null,
        sentimentScore: null,
        analysedAt: null,
        createdAt: at,
      });
    }
    return out;
  }

  // Imports

  /**
   * Imports mentions from CSV text (a header row naming the columns) or JSON items. Every row that
   * cannot be taken is reported with its reason; the others are stored. Rows are de-duplicated by
   * (source, id): importing the same file again adds nothing.
   * @throws AppError `validation` for a CSV without a text column, or neither/both of csv and items.
   */
  async importMentions(ctx: RequestContext, orgSlug: string, input: ImportInput): Promise<ImportResult> {
    if ((input.csv === undefined) === (input.items === undefined)) {
      throw invalid('body', 'send either csv (text with a header row) or items (an array), not both');
    }
    const subject = input.subject ?? SELF;
    if (!isSubject(subject)) throw invalid('body.subject', 'must be "self" or "peer:<name>"');
    const rows: { row: number; value: unknown }[] = [];
    const rejected: RowRejection[] = [];
    if (input.csv !== undefined) {
      let header: string[] = [];
      let records: { record: Record<string, string>; info: { lines: number } }[];
      try {
        records = parseCsv(input.csv, {
          columns: (h: string[]) => (header = h.map((c) => c.trim())),
          bom: true,
          skip_empty_lines: true,
          skip_records_with_error: true,
          info: true,
          on_skip: (err) => {
            rejected.push({
              row: Number(err?.lines ?? 0),
              reason: (err?.message ?? 'unreadable row').replace(/ on line \d+$/, ''),
            });
            return undefined;
          },
        }) as typeof records;
      } catch (err) {
        // What skipping cannot recover from: a quote left open to the end, a broken header.
        throw invalid('body.csv', message(err));
      }
      if (!header.some((h) => ['text', 'body', 'content'].includes(h.toLowerCase()))) {
        throw invalid('body.csv', 'the first line must name the columns, including text');
      }
      for (const r of records) rows.push({ row: r.info.lines, value: r.record });
    } else {
      input.items!.forEach((value, i) => rows.push({ row: i + 1, value }));
    }
    const received = rows.length + rejected.length;
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'mention:write');
      const incidents = new Map<string, string | null>();
      const incidentOf = async (ref: string): Promise<string | null> => {
        if (!incidents.has(ref)) {
          try {
            incidents.set(ref, (await getIncident(tx, org, ref)).id);
          } catch {
            incidents.set(ref, null);
          }
        }
        return incidents.get(ref)!;
      };
      const now = nowIso(this.deps.clock);
      const accepted: Mention[] = [];
      for (const { row, value } of rows) {
        let m: ImportedMention;
        try {
          m = parseImportRow(value, { subject, incident: input.incident ?? null });
        } catch (err) {
          rejected.push({ row, reason: message(err) });
          continue;
        }
        const incidentId = m.incident === null ? null : await incidentOf(m.incident);
        if (m.incident !== null && incidentId === null) {
          rejected.push({ row, reason: `no incident ${m.incident} in this organization` });
          continue;
        }
        accepted.push({
          organizationId: org.id,
          id: newId(),
          incidentId,
          subject: m.subject,
          sourceKind: 'import',
          sourceName: input.source,
          externalId: m.externalId,
          url: m.url,
          author: m.author,
          title: m.title,
          text: m.text,
          publishedAt: m.publishedAt,
          reach: m.reach,
          language: null,
          sentiment: null,
          sentimentScore: null,
          analysedAt: null,
          createdAt: now,
        });
      }
      const added = await tx.mentions.insertMany(accepted);
      rejected.sort((a, b) => a.row - b.row);
      const result = { received, added, duplicates: accepted.length - added, rejected };
      await audit(tx, ctx, org, now, {
        action: 'mentions_imported',
        recordType: 'mention_import',
        recordId: input.source,
        after: { ...result, rejected: rejected.length },
      });
      return result;
    });
  }

  // Analysis

  /**
   * Analyses up to `limit` mentions waiting for it with the listening pipeline (sentiment with the
   * trust-domain word list, language) and records the results in one transaction. Mentions are
   * queued by being written unanalysed, so none is forgotten by a crash.
   * @returns how many were analysed.
   */
  async analysePending(limit = 500): Promise<number> {
    const pending = await this.deps.store.mentions.listUnanalysed(limit);
    if (pending.length === 0) return 0;
    const at = nowIso(this.deps.clock);
    const rules = await themeRulesFor(this.deps.store, [...new Set(pending.map((m) => m.organizationId))]);
    await loadLanguageDetector();
    const results = pending.map((m) => {
      const text = m.title && !m.text.startsWith(m.title) ? `${m.title}. ${m.text}` : m.text;
      const a = analyse(text, rules.get(m.organizationId));
      return { ...m, sentiment: a.sentiment, sentimentScore: a.sentimentScore, language: a.language };
    });
    await this.deps.store.transaction((tx) => tx.mentions.saveAnalyses(results, at));
    return results.length;
  }

  // Reading

  async list(
    ctx: RequestContext,
    orgSlug: string,
    filter: {
      incident?: string | undefined;
      subject?: string | undefined;
      sentiment?: Sentiment | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
    page: PageRequest,
  ): Promise<Page<Mention>> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const after = decodeMentionCursor(page.cursor);
    if (after === null) throw invalid('query.cursor', 'is not a cursor this API issued');
    return this.deps.store.mentions.list(org.id, await this.filterOf(org, filter), { ...page, after });
  }

  private async filterOf(
    org: Organization,
    f: {
      incident?: string | undefined;
      subject?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      sentiment?: Sentiment | undefined;
    },
  ): Promise<MentionFilter> {
    const from = boundary(f.from);
    const to = boundary(f.to);
    if (from !== undefined && to !== undefined && from >= to) throw invalid('query.to', 'must be after from');
    return {
      incidentId: f.incident ? (await getIncident(this.deps.store, org, f.incident)).id : undefined,
      subject: f.subject,
      sentiment: f.sentiment,
      from,
      to,
    };
  }

  /**
   * Volume and sentiment counts per subject and day or week (computed in SQL), with each
   * subject's totals and net sentiment over the range, and the organization's share of voice
   * against the peers present in the range.
   */
  async summary(ctx: RequestContext, orgSlug: string, q: SummaryQuery): Promise<MentionSummary> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const filter = await this.filterOf(org, q);
    const periods = await this.deps.store.mentions.summary(org.id, filter, q.interval);
    const definition = q.netSentiment ?? DEFAULT_NET_SENTIMENT;
    const totals = new Map<string, Omit<MentionPeriodCounts, 'period'>>();
    for (const p of periods) {
      const t = totals.get(p.subject) ?? {
        subject: p.subject,
        volume: 0,
        positive: 0,
        negative: 0,
        neutral: 0,
        mixed: 0,
        unanalysed: 0,
        reach: 0,
      };
      t.volume += p.volume;
      t.positive += p.positive;
      t.negative += p.negative;
      t.neutral += p.neutral;
      t.mixed += p.mixed;
      t.unanalysed += p.unanalysed;
      t.reach += p.reach;
      totals.set(p.subject, t);
    }
    const subjects = [...totals.values()].map((t) => ({
      ...t,
      netSentiment: netSentiment(
        { positive: t.positive, negative: t.negative, neutral: t.neutral, mixed: t.mixed },
        definition,
      ),
    }));
    const peers = Object.fromEntries(
      subjects.filter((s) => s.subject.startsWith('peer:')).map((s) => [s.subject.slice(5), s.volume]),
    );
    return {
      interval: q.interval,
      from: filter.from ?? null,
      to: filter.to ?? null,
      netSentimentDefinition: definition,
      periods,
      subjects,
      shareOfVoice:
        Object.keys(peers).length === 0 ? null : shareOfVoice(totals.get(SELF)?.volume ?? 0, peers),
    };
  }
}
