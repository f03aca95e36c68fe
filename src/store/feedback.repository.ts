import type { Expression, ExpressionBuilder, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Feedback, FeedbackChannel, Sentiment } from '../domain/feedback.ts';
import type { ThemeBucketCount } from '../domain/theme-volume.ts';
import type { Dialect } from './dialects/dialect.ts';
import { bool, count, json, toJson, ts, tsOrNull } from './map.ts';
import type { Page, PageRequest } from './page.ts';
import { toPage } from './page.ts';
import { addFeedbackRollups, atomically, feedbackKey } from './rollup.repository.ts';
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

function chunk<T>(items: T[], i: number): T[] {
  return items.slice(i, i + CHUNK);
}

export interface FeedbackFilter {
  incidentId?: string | undefined;
  channel?: FeedbackChannel | undefined;
  sentiment?: Sentiment | undefined;
  theme?: string | undefined;
  audience?: string | undefined;
}

/** What `themeCounts` counts: one incident or all, in a window, per day or per ISO week. */
export interface ThemeCountQuery {
  incidentId?: string | undefined;
  /** Inclusive, canonical ISO. */
  from: string;
  /** Exclusive, canonical ISO. */
  to: string;
  interval: 'day' | 'week';
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
    return (await this.insertReturningIds(items)).size;
  }

  /**
   * Like insertMany, but says which items were new: an item whose source and source id exist
   * already is skipped, and its id is not in the answer. `conversationId` links every item to the
   * conversation it was raised in.
   * @returns the ids of the items written.
   */
  async insertReturningIds(items: Feedback[], conversationId: string | null = null): Promise<Set<string>> {
    const ids = new Set<string>();
    if (items.length === 0) return ids;
    await atomically(this.db, async (db) => {
      for (let i = 0; i < items.length; i += CHUNK) {
        const rows = await db
          .insertInto('feedback')
          .values(chunk(items, i).map((f) => ({ ...this.row(f), conversation_id: conversationId })))
          .onConflict((oc) => oc.columns(['organization_id', 'source', 'source_id']).doNothing())
          .returning('id')
          .execute();
        const added = new Set(rows.map((r) => r.id));
        await addFeedbackRollups(
          db,
          chunk(items, i).filter((f) => added.has(f.id)),
          1,
        );
        for (const id of added) ids.add(id);
      }
    });
    return ids;
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
      .$if(filter.audience !== undefined, (q) => q.where('audience', '=', filter.audience!))
      .$if(filter.theme !== undefined, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('feedback_themes as ft')
              .select(sql`1`.as('one'))
              .whereRef('ft.organization_id', '=', 'feedback.organization_id')
              .whereRef('ft.feedback_id', '=', 'feedback.id')
              .where('ft.theme', '=', filter.theme!),
          ),
        ),
      )
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

  /**
   * Records what analysis found for a batch of items: their theme rows replaced in two statements,
   * then one update per item (a prepared statement on SQLite).
   */
  async saveAnalyses(
    items: Pick<Feedback, 'organizationId' | 'id' | 'sentiment' | 'sentimentScore' | 'language' | 'themes'>[],
    at: string,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      for (const orgId of new Set(chunk.map((f) => f.organizationId))) {
        await this.db
          .deleteFrom('feedback_themes')
          .where('organization_id', '=', orgId)
          .where(
            'feedback_id',
            'in',
            chunk.filter((f) => f.organizationId === orgId).map((f) => f.id),
          )
          .execute();
      }
      const themeRows = chunk.flatMap((f) =>
        f.themes.map((theme) => ({ organization_id: f.organizationId, feedback_id: f.id, theme })),
      );
      for (let j = 0; j < themeRows.length; j += CHUNK) {
        await this.db
          .insertInto('feedback_themes')
          .values(themeRows.slice(j, j + CHUNK))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    // The sentiment rollup: each item leaves its old sentiment's count for its new one's.
    for (let i = 0; i < items.length; i += CHUNK) {
      const part = chunk(items, i);
      const before = await this.db
        .selectFrom('feedback')
        .select(['organization_id', 'id', 'incident_id', 'audience', 'sentiment', 'created_at'])
        .where((eb) =>
          eb.or(
            [...new Set(part.map((f) => f.organizationId))].map((org) =>
              eb.and([
                eb('organization_id', '=', org),
                eb(
                  'id',
                  'in',
                  part.filter((f) => f.organizationId === org).map((f) => f.id),
                ),
              ]),
            ),
          ),
        )
        .execute();
      const next = new Map(part.map((f) => [`${f.organizationId}\u0000${f.id}`, f.sentiment]));
      const changed = before
        .map(feedbackKey)
        .filter((k) => next.has(`${k.organizationId}\u0000${k.id}`))
        .filter((k) => next.get(`${k.organizationId}\u0000${k.id}`) !== k.sentiment);
      await addFeedbackRollups(this.db, changed, -1);
      await addFeedbackRollups(
        this.db,
        changed.map((k) => ({ ...k, sentiment: next.get(`${k.organizationId}\u0000${k.id}`) ?? null })),
        1,
      );
    }
    for (const f of items) {
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
  }

  /** Links feedback items (`item:<id>`) or themes (`theme:<name>`) to an action. */
  async link(organizationId: string, actionId: string, targets: string[], at: string): Promise<void> {
    if (targets.length === 0) return;
    await this.db
      .insertInto('action_feedback_links')
      .values(
        targets.map((target) => ({
          organization_id: organizationId,
          action_id: actionId,
          target,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async linksOf(
    organizationId: string,
    actionIds: string[],
  ): Promise<{ actionId: string; target: string }[]> {
    if (actionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('action_feedback_links')
      .select(['action_id', 'target'])
      .where('organization_id', '=', organizationId)
      .where('action_id', 'in', actionIds)
      .orderBy('target')
      .execute();
    return rows.map((r) => ({ actionId: r.action_id, target: r.target }));
  }

  /**
   * Whether the feedback row `f` is one the action answers: linked one by one, or through a linked
   * theme of the action's incident. The one definition of reach, for one action (values) or for
   * every action of a query (column references).
   */
  private reaches(
    eb: ExpressionBuilder<any, any>,
    actionId: Expression<string>,
    incidentId: Expression<string>,
  ) {
    return eb.or([
      eb.exists(
        eb
          .selectFrom('action_feedback_links as l')
          .select(sql`1`.as('one'))
          .whereRef('l.organization_id', '=', 'f.organization_id')
          .where('l.action_id', '=', actionId)
          .where(sql`l.target`, '=', sql`'item:' || f.id`),
      ),
      eb.and([
        eb('f.incident_id', '=', incidentId),
        eb.exists(
          eb
            .selectFrom('feedback_themes as ft')
            .innerJoin('action_feedback_links as lt', (j) =>
              j
                .onRef('lt.organization_id', '=', 'ft.organization_id')
                .on(sql`lt.target`, '=', sql`'theme:' || ft.theme`),
            )
            .select(sql`1`.as('one'))
            .whereRef('ft.organization_id', '=', 'f.organization_id')
            .whereRef('ft.feedback_id', '=', 'f.id')
            .where('lt.action_id', '=', actionId),
        ),
      ]),
    ]);
  }

  /** Feedback the action answers; only among `onlyIds` when given (newly analysed items). */
  private linked(organizationId: string, actionId: string, incidentId: string, onlyIds?: string[]) {
    let q = this.db.selectFrom('feedback as f').where('f.organization_id', '=', organizationId);
    if (onlyIds) q = q.where('f.id', 'in', onlyIds);
    return q.where((eb) => this.reaches(eb, sql.val(actionId), sql.val(incidentId)));
  }

  /**
   * "You said, we did": queues one message per person who gave consent and whose feedback the
   * action answers — once per person whatever the number of their items, and never twice for the
   * same action (the delivery key is the action and the address). One INSERT … SELECT.
   * Marks the linked feedback's loop closed.
   * @returns how many messages were queued.
   */
  async closeLoop(
    organizationId: string,
    actionId: string,
    incidentId: string,
    now: string,
    onlyIds?: string[],
  ): Promise<number> {
    const t = this.dialect.typed;
    const r = await this.db
      .insertInto('deliveries')
      .columns([
        'organization_id',
        'id',
        'source_type',
        'source_id',
        'source_version',
        'channel',
        'recipient',
        'status',
        'attempts',
        'next_attempt_at',
        'created_at',
        'updated_at',
      ])
      .expression(
        this.linked(organizationId, actionId, incidentId, onlyIds)
          .where('f.consent', '=', this.dialect.bool(true))
          .where('f.contact_email', 'is not', null)
          .select([
            'f.organization_id',
            sql<string>`${t(`loop:${actionId}:`, 'text')} || f.contact_email`.as('id'),
            t('loop', 'text').as('source_type'),
            t(actionId, 'text').as('source_id'),
            t(1, 'integer').as('source_version'),
            t('email', 'text').as('channel'),
            'f.contact_email',
            t('pending', 'text').as('status'),
            t(0, 'integer').as('attempts'),
            t(now, 'timestamp').as('next_attempt_at'),
            t(now, 'timestamp').as('created_at'),
            t(now, 'timestamp').as('updated_at'),
          ])
          .groupBy(['f.organization_id', 'f.contact_email']),
      )
      .onConflict((oc) => oc.columns(['organization_id', 'id']).doNothing())
      .executeTakeFirst();
    await this.db
      .updateTable('feedback')
      .set({ loop_closed_at: now })
      .where('organization_id', '=', organizationId)
      .where('loop_closed_at', 'is', null)
      .where('id', 'in', this.linked(organizationId, actionId, incidentId, onlyIds).select('f.id'))
      .execute();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** Finished (done or verified) actions of these incidents with feedback linked to them. */
  async finishedLinkedActions(
    organizationId: string,
    incidentIds: string[],
  ): Promise<{ actionId: string; incidentId: string }[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('corrective_actions as a')
      .select(['a.id', 'a.incident_id'])
      .where('a.organization_id', '=', organizationId)
      .where('a.incident_id', 'in', incidentIds)
      .where('a.status', 'in', ['done', 'verified'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('action_feedback_links as l')
            .select(sql`1`.as('one'))
            .whereRef('l.organization_id', '=', 'a.organization_id')
            .whereRef('l.action_id', '=', 'a.id'),
        ),
      )
      .execute();
    return rows.map((r) => ({ actionId: r.id, incidentId: r.incident_id }));
  }

  /** People an action answers (consenting, with an address), and how many were told. */
  async loopStatus(
    organizationId: string,
    actionId: string,
    incidentId: string,
  ): Promise<{ people: number; told: number }> {
    const people = await this.linked(organizationId, actionId, incidentId)
      .where('f.consent', '=', this.dialect.bool(true))
      .where('f.contact_email', 'is not', null)
      .select((eb) => eb.fn.count(sql`distinct f.contact_email`).as('n'))
      .executeTakeFirstOrThrow();
    const told = await this.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization_id', '=', organizationId)
      .where('source_type', '=', 'loop')
      .where('source_id', '=', actionId)
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    return { people: Number(people.n), told: Number(told.n) };
  }

  /**
   * Items per theme per day or ISO week (bucket: its first day, `YYYY-MM-DD` UTC) and how many of
   * them were negative, in one GROUP BY. Only analysed items have themes.
   */
  async themeCounts(organizationId: string, q: ThemeCountQuery): Promise<ThemeBucketCount[]> {
    const bucket = this.dialect.dateBucket('f.created_at', q.interval);
    const rows = await this.db
      .selectFrom('feedback_themes as ft')
      .innerJoin('feedback as f', (j) =>
        j.onRef('f.organization_id', '=', 'ft.organization_id').onRef('f.id', '=', 'ft.feedback_id'),
      )
      .select((eb) => [
        'ft.theme',
        bucket.as('bucket'),
        eb.fn.countAll().as('n'),
        eb.fn.sum(eb.case().when('f.sentiment', '=', 'negative').then(1).else(0).end()).as('negative'),
      ])
      .where('ft.organization_id', '=', organizationId)
      .$if(q.incidentId !== undefined, (qb) => qb.where('f.incident_id', '=', q.incidentId!))
      .where('f.created_at', '>=', q.from)
      .where('f.created_at', '<', q.to)
      .groupBy(['ft.theme', bucket])
      .orderBy('ft.theme')
      .execute();
    return rows.map((r) => ({
      theme: r.theme,
      bucket: r.bucket,
      count: count(r.n as string | number),
      negative: count(r.negative as string | number | null),
    }));
  }

  /**
   * Loop status of every action of an incident in one query: the people each action answers
   * (consenting, with an address, reached by an item link or a theme link — the same reach as
   * `closeLoop`) and how many of them were told (loop messages sent).
   */
  async loopStatusOfIncident(
    organizationId: string,
    incidentId: string,
  ): Promise<{ actionId: string; people: number; told: number }[]> {
    const rows = await this.db
      .selectFrom('corrective_actions as a')
      .select((eb) => [
        'a.id',
        eb
          .selectFrom('feedback as f')
          .select(sql<number>`count(distinct f.contact_email)`.as('n'))
          .whereRef('f.organization_id', '=', 'a.organization_id')
          .where('f.consent', '=', this.dialect.bool(true))
          .where('f.contact_email', 'is not', null)
          .where((w) => this.reaches(w, w.ref('a.id'), w.ref('a.incident_id')))
          .as('people'),
        eb
          .selectFrom('deliveries as d')
          .select((c) => c.fn.countAll().as('n'))
          .whereRef('d.organization_id', '=', 'a.organization_id')
          .where('d.source_type', '=', 'loop')
          .whereRef('d.source_id', '=', 'a.id')
          .where('d.status', '=', 'sent')
          .as('told'),
      ])
      .where('a.organization_id', '=', organizationId)
      .where('a.incident_id', '=', incidentId)
      .orderBy('a.id')
      .execute();
    return rows.map((r) => ({
      actionId: r.id,
      people: count(r.people as string | number | null),
      told: count(r.told as string | number | null),
    }));
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
