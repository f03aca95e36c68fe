import type { ExpressionBuilder, Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { ReadPlan } from '../domain/metrics/periods.ts';
import { bucketOf, bucketStart, hourOf, readPlan } from '../domain/metrics/periods.ts';
import type { Question, ScaleItems } from '../domain/survey.ts';
import { REVERSE_FROM, scaleScores, trustScales } from '../domain/survey.ts';
import type { Dialect } from './dialects/dialect.ts';
import { ts } from './map.ts';
import type { AnswerBucket, MetricsWindow, ScaleBucket, SentimentBucket } from './metrics.repository.ts';
import type { Db } from './store.ts';
import type { Database } from './tables.ts';

/**
 * Rollups behind the dashboard (tables from migration 0011-rollups): answers per value, trust-scale
 * sums and feedback per sentiment, by day and by hour, kept current by the writers (survey
 * submissions and edits, feedback inserts, analyses and deletions) in the same transaction as the
 * rows they count.
 *
 * A window is read as its whole UTC days from the daily rows, the whole hours of the days it cuts
 * from the hourly rows, and its partial hours from the raw rows (`readPlan`), so the answers equal
 * the raw aggregates exactly (the tests compare the two) while a dashboard over a million responses
 * reads a few thousand rows.
 *
 * Each writer adds to one of `SLOTS` rows per key, picked from the record's id, so writers on
 * PostgreSQL seldom queue on the same row lock; readers sum the slots. A slot's count may go
 * negative (an edit subtracts in one slot what a rebuild added in slot 0): only the sums mean
 * anything.
 */

export const SLOTS = 8;

/** The slot a record's contributions go to: a hash of its id. */
export function slotOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) | 0;
  return (h >>> 0) % SLOTS;
}

/** A feedback item as the rollup counts it. */
export interface FeedbackKey {
  organizationId: string;
  id: string;
  incidentId: string | null;
  audience: string;
  sentiment: string | null;
  createdAt: string;
}

/** A feedback row as the rollup counts it. */
export function feedbackKey(r: {
  organization_id: string;
  id: string;
  incident_id: string | null;
  audience: string;
  sentiment: string | null;
  created_at: unknown;
}): FeedbackKey {
  return {
    organizationId: r.organization_id,
    id: r.id,
    incidentId: r.incident_id,
    audience: r.audience,
    sentiment: r.sentiment,
    createdAt: ts(r.created_at as string),
  };
}

type AnyEb = ExpressionBuilder<any, any>;
type Phase = 'b' | 'c';

/** Runs `fn` atomically: in the current transaction, or in a new one. */
export async function atomically(db: Db, fn: (db: Db) => Promise<void>): Promise<void> {
  if (db.isTransaction) return fn(db);
  await (db as Kysely<Database>).transaction().execute(fn);
}

function byKey<T>(rows: T[], key: (r: T) => string): T[] {
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Adds (or, with sign −1, removes) one response's answers to the survey rollups. */
export async function addResponseRollups(
  db: Db,
  r: { organizationId: string; surveyId: string; responseId: string; submittedAt: string },
  questions: readonly Question[],
  sign: 1 | -1,
): Promise<void> {
  const answers = await db
    .selectFrom('survey_answers')
    .select(['question_id', 'value'])
    .where('organization_id', '=', r.organizationId)
    .where('response_id', '=', r.responseId)
    .where('value', 'is not', null)
    .execute();
  if (answers.length === 0) return;
  const slot = slotOf(r.responseId);
  const grains = [
    { grain: 'd', bucket: bucketOf(r.submittedAt, 'day') },
    { grain: 'h', bucket: hourOf(r.submittedAt) },
  ];
  const base = { organization_id: r.organizationId, survey_id: r.surveyId, slot };

  const counts = new Map<string, { question_id: string; value: number; n: number }>();
  const values = new Map<string, number>();
  for (const a of answers) {
    const value = Number(a.value);
    const k = `${a.question_id}\u0000${value}`;
    const c = counts.get(k) ?? { question_id: a.question_id, value, n: 0 };
    c.n += sign;
    counts.set(k, c);
    if (!values.has(a.question_id)) values.set(a.question_id, value);
  }
  const answerRows = byKey(
    grains.flatMap((g) => [...counts.values()].map((c) => ({ ...base, ...g, ...c }))),
    (x) => `${x.question_id}\u0000${x.grain}\u0000${x.bucket}\u0000${String(x.value).padStart(24)}`,
  );
  await db
    .insertInto('survey_answer_rollups')
    .values(answerRows)
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'survey_id', 'question_id', 'grain', 'bucket', 'value', 'slot'])
        .doUpdateSet((eb) => ({ n: eb('survey_answer_rollups.n', '+', eb.ref('excluded.n')) })),
    )
    .execute();

  const scaleRows = trustScales(questions).flatMap((scale) => {
    const s = scaleScores(scale, values);
    if (!s) return [];
    const row = (item: string, x: number) =>
      grains.map((g) => ({
        ...base,
        ...g,
        dimension: scale.dimension,
        item,
        n: sign,
        sum: sign * x,
        sum_sq: sign * x * x,
      }));
    return [...row('', s.total), ...scale.items.flatMap((it, i) => row(it.id, s.items[i]!))];
  });
  if (scaleRows.length === 0) return;
  await db
    .insertInto('survey_scale_rollups')
    .values(byKey(scaleRows, (x) => `${x.dimension}\u0000${x.grain}\u0000${x.bucket}\u0000${x.item}`))
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'survey_id', 'dimension', 'grain', 'bucket', 'item', 'slot'])
        .doUpdateSet((eb) => ({
          n: eb('survey_scale_rollups.n', '+', eb.ref('excluded.n')),
          sum: eb('survey_scale_rollups.sum', '+', eb.ref('excluded.sum')),
          sum_sq: eb('survey_scale_rollups.sum_sq', '+', eb.ref('excluded.sum_sq')),
        })),
    )
    .execute();
}

/** Adds (or, with sign −1, removes) feedback items to the feedback rollup. */
export async function addFeedbackRollups(db: Db, items: readonly FeedbackKey[], sign: 1 | -1): Promise<void> {
  if (items.length === 0) return;
  type Row = {
    organization_id: string;
    grain: string;
    bucket: string;
    incident_id: string;
    audience: string;
    sentiment: string;
    slot: number;
    n: number;
  };
  const rows = new Map<string, Row>();
  for (const f of items) {
    for (const [grain, bucket] of [
      ['d', bucketOf(f.createdAt, 'day')],
      ['h', hourOf(f.createdAt)],
    ] as const) {
      const row: Row = {
        organization_id: f.organizationId,
        grain,
        bucket,
        incident_id: f.incidentId ?? '',
        audience: f.audience,
        sentiment: f.sentiment ?? '',
        slot: slotOf(f.id),
        n: 0,
      };
      const k = [
        grain,
        bucket,
        row.organization_id,
        row.incident_id,
        row.audience,
        row.sentiment,
        row.slot,
      ].join('\u0000');
      const had = rows.get(k) ?? row;
      had.n += sign;
      rows.set(k, had);
    }
  }
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  for (let i = 0; i < sorted.length; i += 500) {
    await db
      .insertInto('feedback_rollups')
      .values(sorted.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['organization_id', 'grain', 'bucket', 'incident_id', 'audience', 'sentiment', 'slot'])
          .doUpdateSet((eb) => ({ n: eb('feedback_rollups.n', '+', eb.ref('excluded.n')) })),
      )
      .execute();
  }
}

/** Sums of one scale's per-response scores, grouped by survey and `group` over the submission time `x.at`. */
function scaleQuery(
  db: Db,
  organizationId: string,
  surveyIds: string[],
  items: ScaleItems['items'],
  ranges: { from: string; to: string }[] | null,
  group: RawBuilder<string>[],
) {
  const reversed = items.filter((i) => i.reverse).map((i) => i.id);
  const score =
    reversed.length === 0
      ? sql<number>`a.value`
      : sql<number>`case when a.question_id in (${sql.join(reversed)}) then ${REVERSE_FROM} - a.value else a.value end`;
  const inner = db
    .selectFrom('survey_answers as a')
    .innerJoin('survey_responses as r', (j) =>
      j.onRef('r.organization_id', '=', 'a.organization_id').onRef('r.id', '=', 'a.response_id'),
    )
    .where('a.organization_id', '=', organizationId)
    .where('a.survey_id', 'in', surveyIds)
    .where(
      'a.question_id',
      'in',
      items.map((i) => i.id),
    )
    .where('a.value', 'is not', null)
    .$if(ranges !== null, (q) => q.where((eb) => inRanges(eb, 'r.submitted_at', ranges!)))
    .select([
      'a.survey_id as survey_id',
      'r.submitted_at as at',
      sql<number>`count(*)`.as('k'),
      sql<number>`sum(${score})`.as('t'),
      ...items.map((it, i) =>
        sql<number>`sum(case when a.question_id = ${it.id} then ${score} else 0 end)`.as(`i${i}`),
      ),
    ])
    .groupBy(['a.survey_id', 'a.response_id', 'r.submitted_at']);
  return db
    .selectFrom(inner.as('x'))
    .where('x.k', '=', items.length)
    .select([
      'x.survey_id',
      ...group.map((g, i) => g.as(`g${i}`)),
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(x.t)`.as('st'),
      sql<number>`sum(x.t * x.t)`.as('stt'),
      ...items.flatMap((_, i) => [
        sql<number>`sum(${sql.ref(`x.i${i}`)})`.as(`s${i}`),
        sql<number>`sum(${sql.ref(`x.i${i}`)} * ${sql.ref(`x.i${i}`)})`.as(`q${i}`),
      ]),
    ])
    .groupBy(['x.survey_id', ...group.map((_, i) => sql.raw(String(i + 2)))]);
}

function inRanges(eb: AnyEb, column: string, ranges: { from: string; to: string }[]) {
  return eb.or(ranges.map((r) => eb.and([eb(column, '>=', r.from), eb(column, '<', r.to)])));
}

function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/**
 * Recomputes the rollups of one organization (or of all) from the raw rows: what migration
 * 0011 runs over existing data, and what a bulk load that bypasses the services must run after.
 */
export async function rebuildRollups(
  db: Kysely<any> | Db,
  dialect: Dialect,
  organizationId: string | null,
): Promise<void> {
  const d = db as Db;
  const scope = <Q extends { where: (...a: any[]) => Q }>(q: Q, column = 'organization_id'): Q =>
    organizationId === null ? q : q.where(column, '=', organizationId);
  const grains = (column: string) =>
    [
      ['d', dialect.dateBucket(column, 'day')],
      ['h', dialect.hourBucket(column)],
    ] as const;
  await atomically(d, async (tx) => {
    await scope(tx.deleteFrom('survey_answer_rollups') as any).execute();
    await scope(tx.deleteFrom('survey_scale_rollups') as any).execute();
    await scope(tx.deleteFrom('feedback_rollups') as any).execute();

    for (const [grain, bucket] of grains('r.submitted_at')) {
      await tx
        .insertInto('survey_answer_rollups')
        .columns(['organization_id', 'survey_id', 'question_id', 'grain', 'bucket', 'value', 'slot', 'n'])
        .expression(
          scope(
            tx
              .selectFrom('survey_answers as a')
              .innerJoin('survey_responses as r', (j) =>
                j.onRef('r.organization_id', '=', 'a.organization_id').onRef('r.id', '=', 'a.response_id'),
              )
              .where('a.value', 'is not', null)
              .select([
                'a.organization_id',
                'a.survey_id',
                'a.question_id',
                sql<string>`${grain}`.as('grain'),
                bucket.as('bucket'),
                'a.value',
                sql<number>`0`.as('slot'),
                sql<number>`count(*)`.as('n'),
              ])
              .groupBy(['a.organization_id', 'a.survey_id', 'a.question_id', sql`5`, 'a.value']) as any,
            'a.organization_id',
          ),
        )
        .execute();
    }

    for (const [grain, bucket] of grains('created_at')) {
      await tx
        .insertInto('feedback_rollups')
        .columns(['organization_id', 'grain', 'bucket', 'incident_id', 'audience', 'sentiment', 'slot', 'n'])
        .expression(
          scope(
            tx
              .selectFrom('feedback')
              .select([
                'organization_id',
                sql<string>`${grain}`.as('grain'),
                bucket.as('bucket'),
                sql<string>`coalesce(incident_id, '')`.as('incident_id'),
                'audience',
                sql<string>`coalesce(sentiment, '')`.as('sentiment'),
                sql<number>`0`.as('slot'),
                sql<number>`count(*)`.as('n'),
              ])
              .groupBy(['organization_id', sql`3`, sql`4`, 'audience', sql`6`]) as any,
          ),
        )
        .execute();
    }

    const surveys = await scope(
      tx
        .selectFrom('surveys as s')
        .innerJoin('survey_instrument_versions as v', (j) =>
          j
            .onRef('v.organization_id', '=', 's.organization_id')
            .onRef('v.instrument_id', '=', 's.instrument_id')
            .onRef('v.number', '=', 's.instrument_version'),
        )
        .select(['s.organization_id', 's.id', 'v.questions']) as any,
      's.organization_id',
    ).execute();
    for (const s of surveys as { organization_id: string; id: string; questions: unknown }[]) {
      const questions = (
        typeof s.questions === 'string' ? JSON.parse(s.questions) : s.questions
      ) as Question[];
      for (const scale of trustScales(questions)) {
        for (const [grain, bucket] of grains('x.at')) {
          const rows = await scaleQuery(tx, s.organization_id, [s.id], scale.items, null, [bucket]).execute();
          const out = rows.flatMap((r) => {
            const row = r as Record<string, unknown>;
            const base = {
              organization_id: s.organization_id,
              survey_id: s.id,
              dimension: scale.dimension,
              grain,
              bucket: String(row.g0),
              slot: 0,
              n: num(row.n),
            };
            return [
              { ...base, item: '', sum: num(row.st), sum_sq: num(row.stt) },
              ...scale.items.map((it, i) => ({
                ...base,
                item: it.id,
                sum: num(row[`s${i}`]),
                sum_sq: num(row[`q${i}`]),
              })),
            ];
          });
          for (let i = 0; i < out.length; i += 500) {
            await tx
              .insertInto('survey_scale_rollups')
              .values(out.slice(i, i + 500))
              .execute();
          }
        }
      }
    }
  });
}

/** How to read a window: per phase, its rollup buckets and raw pieces (`readPlan`). */
function plan(w: MetricsWindow) {
  const b = readPlan(w.from, w.split);
  const c = readPlan(w.split, w.to, w.openEnd === true);
  const periods = new Map<string, string>();
  const buckets: Omit<ReadPlan, 'raw'> = {
    days: [...b.days, ...c.days],
    hours: [...b.hours, ...c.hours],
  };
  // One index range per run of adjacent buckets of a grain (an OR of ranges would scan them all).
  const ranges: { grain: 'd' | 'h'; from: string; to: string }[] = [];
  for (const [grain, list] of [
    ['d', buckets.days],
    ['h', buckets.hours],
  ] as const) {
    for (const r of [...list].sort((x, y) => (x.from < y.from ? -1 : 1))) {
      const last = ranges[ranges.length - 1];
      if (last && last.grain === grain && last.to === r.from) last.to = r.to;
      else ranges.push({ grain, ...r });
    }
  }
  return {
    ranges,
    // A whole day or hour lies inside one phase: its start says which.
    phaseOf: (bucket: string): Phase => (bucketStart(bucket) < w.split ? 'b' : 'c'),
    periodOf: (bucket: string) => {
      let period = periods.get(bucket);
      if (period === undefined) {
        period = bucketOf(bucketStart(bucket), w.interval);
        periods.set(bucket, period);
      }
      return period;
    },
    raw: [...b.raw, ...c.raw],
  };
}

/** Adds buckets with the same key. */
class Buckets<T> {
  private readonly map = new Map<string, T>();
  constructor(
    private readonly key: (t: T) => string,
    private readonly merge: (into: T, from: T) => void,
  ) {}
  add(t: T) {
    const k = this.key(t);
    const had = this.map.get(k);
    if (had) this.merge(had, t);
    else this.map.set(k, t);
  }
  values(): T[] {
    return [...this.map.values()];
  }
}

/** The dashboard's survey and feedback aggregates: rollups for whole days and hours, raw rows for the rest. */
export class RollupRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private phase(column: string, at: string): RawBuilder<string> {
    return sql<string>`case when ${sql.ref(column)} < ${this.dialect.typed(at, 'timestamp')} then 'b' else 'c' end`;
  }

  /** See `addResponseRollups`. */
  addResponse(
    r: { organizationId: string; surveyId: string; responseId: string; submittedAt: string },
    questions: readonly Question[],
    sign: 1 | -1,
  ): Promise<void> {
    return addResponseRollups(this.db, r, questions, sign);
  }

  /** See `rebuildRollups`. */
  rebuild(organizationId: string | null): Promise<void> {
    return rebuildRollups(this.db, this.dialect, organizationId);
  }

  /**
   * Histograms of single-value questions (NPS, CSAT, CES…): answers per survey × question × phase
   * × period × value, for responses submitted in [from, to).
   */
  async answerHistogram(
    w: MetricsWindow,
    surveyIds: string[],
    questionIds: string[],
  ): Promise<AnswerBucket[]> {
    if (surveyIds.length === 0 || questionIds.length === 0) return [];
    const p = plan(w);
    const out = new Buckets<AnswerBucket>(
      (r) => [r.surveyId, r.questionId, r.phase, r.period, r.value].join('\u0000'),
      (a, b) => void (a.n += b.n),
    );
    for (const range of p.ranges) {
      const rows = await this.db
        .selectFrom('survey_answer_rollups')
        .where('organization_id', '=', w.organizationId)
        .where('survey_id', 'in', surveyIds)
        .where('question_id', 'in', questionIds)
        .where('grain', '=', range.grain)
        .where('bucket', '>=', range.from)
        .where('bucket', '<', range.to)
        .select(['survey_id', 'question_id', 'bucket', 'value', sql<number>`sum(n)`.as('n')])
        .groupBy(['survey_id', 'question_id', 'bucket', 'value'])
        .execute();
      for (const r of rows) {
        out.add({
          surveyId: r.survey_id,
          questionId: r.question_id,
          phase: p.phaseOf(r.bucket),
          period: p.periodOf(r.bucket),
          value: Number(r.value),
          n: num(r.n),
        });
      }
    }
    if (p.raw.length > 0) {
      const rows = await this.db
        .selectFrom('survey_answers as a')
        .innerJoin('survey_responses as r', (j) =>
          j.onRef('r.organization_id', '=', 'a.organization_id').onRef('r.id', '=', 'a.response_id'),
        )
        .where('a.organization_id', '=', w.organizationId)
        .where('a.survey_id', 'in', surveyIds)
        .where('a.question_id', 'in', questionIds)
        .where('a.value', 'is not', null)
        .where((eb) => inRanges(eb, 'r.submitted_at', p.raw))
        .select([
          'a.survey_id',
          'a.question_id',
          'a.value',
          this.phase('r.submitted_at', w.split).as('phase'),
          this.dialect.dateBucket('r.submitted_at', w.interval).as('period'),
          sql<number>`count(*)`.as('n'),
        ])
        .groupBy(['a.survey_id', 'a.question_id', 'a.value', sql`4`, sql`5`])
        .execute();
      for (const r of rows) {
        out.add({
          surveyId: r.survey_id,
          questionId: r.question_id,
          phase: r.phase as Phase,
          period: String(r.period),
          value: Number(r.value),
          n: num(r.n),
        });
      }
    }
    return out.values().filter((r) => r.n !== 0);
  }

  /**
   * One trust scale of one instrument version: per survey × phase × period the count of complete
   * responses (every item answered) and Σ, Σ² of their total score and of each item's score
   * (reverse-keyed items as 8 − x) — what the mean, its interval and Cronbach's alpha need.
   */
  async scaleSums(
    w: MetricsWindow,
    surveyIds: string[],
    dimension: string,
    items: ScaleItems['items'],
  ): Promise<ScaleBucket[]> {
    if (surveyIds.length === 0 || items.length === 0) return [];
    const p = plan(w);
    const out = new Buckets<ScaleBucket>(
      (r) => [r.surveyId, r.phase, r.period].join('\u0000'),
      (a, b) => {
        a.n += b.n;
        a.total.sum += b.total.sum;
        a.total.sumSquares += b.total.sumSquares;
        b.items.forEach((it, i) => {
          a.items[i]!.sum += it.sum;
          a.items[i]!.sumSquares += it.sumSquares;
        });
      },
    );
    for (const range of p.ranges) {
      const rows = await this.db
        .selectFrom('survey_scale_rollups')
        .where('organization_id', '=', w.organizationId)
        .where('survey_id', 'in', surveyIds)
        .where('dimension', '=', dimension)
        .where('grain', '=', range.grain)
        .where('bucket', '>=', range.from)
        .where('bucket', '<', range.to)
        .select([
          'survey_id',
          'bucket',
          'item',
          sql<number>`sum(n)`.as('n'),
          sql<number>`sum(sum)`.as('s'),
          sql<number>`sum(sum_sq)`.as('q'),
        ])
        .groupBy(['survey_id', 'bucket', 'item'])
        .execute();
      for (const r of rows) {
        const b: ScaleBucket = {
          surveyId: r.survey_id,
          phase: p.phaseOf(r.bucket),
          period: p.periodOf(r.bucket),
          n: 0,
          total: { sum: 0, sumSquares: 0 },
          items: items.map(() => ({ sum: 0, sumSquares: 0 })),
        };
        if (r.item === '') {
          b.n = num(r.n);
          b.total = { sum: num(r.s), sumSquares: num(r.q) };
        } else {
          const i = items.findIndex((it) => it.id === r.item);
          if (i < 0) continue;
          b.items[i] = { sum: num(r.s), sumSquares: num(r.q) };
        }
        out.add(b);
      }
    }
    if (p.raw.length > 0) {
      const rows = await scaleQuery(this.db, w.organizationId, surveyIds, items, p.raw, [
        this.phase('x.at', w.split),
        this.dialect.dateBucket('x.at', w.interval),
      ]).execute();
      for (const r of rows) {
        const row = r as Record<string, unknown>;
        out.add({
          surveyId: String(row.survey_id),
          phase: row.g0 as Phase,
          period: String(row.g1),
          n: num(row.n),
          total: { sum: num(row.st), sumSquares: num(row.stt) },
          items: items.map((_, i) => ({ sum: num(row[`s${i}`]), sumSquares: num(row[`q${i}`]) })),
        });
      }
    }
    return out.values().filter((r) => r.n !== 0);
  }

  /** Feedback per phase × period × audience × sentiment (null: not analysed yet), received in [from, to). */
  async sentimentCounts(w: MetricsWindow, audience: string | null): Promise<SentimentBucket[]> {
    const p = plan(w);
    const out = new Buckets<SentimentBucket>(
      (r) => [r.phase, r.period, r.audience, r.sentiment ?? '\u0001'].join('\u0000'),
      (a, b) => void (a.n += b.n),
    );
    for (const range of p.ranges) {
      const rows = await this.db
        .selectFrom('feedback_rollups')
        .where('organization_id', '=', w.organizationId)
        .where('grain', '=', range.grain)
        .where('bucket', '>=', range.from)
        .where('bucket', '<', range.to)
        .$if(w.incidentId !== null, (q) => q.where('incident_id', 'in', [w.incidentId!, '']))
        .$if(audience !== null, (q) => q.where('audience', '=', audience!))
        .select(['bucket', 'audience', 'sentiment', sql<number>`sum(n)`.as('n')])
        .groupBy(['bucket', 'audience', 'sentiment'])
        .execute();
      for (const r of rows) {
        out.add({
          phase: p.phaseOf(r.bucket),
          period: p.periodOf(r.bucket),
          audience: r.audience,
          sentiment: r.sentiment === '' ? null : r.sentiment,
          n: num(r.n),
        });
      }
    }
    if (p.raw.length > 0) {
      const rows = await this.db
        .selectFrom('feedback')
        .where('organization_id', '=', w.organizationId)
        .$if(w.incidentId !== null, (q) =>
          q.where((eb) => eb.or([eb('incident_id', '=', w.incidentId!), eb('incident_id', 'is', null)])),
        )
        .$if(audience !== null, (q) => q.where('audience', '=', audience!))
        .where((eb) => inRanges(eb, 'created_at', p.raw))
        .select([
          this.phase('created_at', w.split).as('phase'),
          this.dialect.dateBucket('created_at', w.interval).as('period'),
          'audience',
          'sentiment',
          sql<number>`count(*)`.as('n'),
        ])
        .groupBy([sql`1`, sql`2`, 'audience', 'sentiment'])
        .execute();
      for (const r of rows) {
        out.add({
          phase: r.phase as Phase,
          period: String(r.period),
          audience: r.audience,
          sentiment: r.sentiment,
          n: num(r.n),
        });
      }
    }
    return out.values().filter((r) => r.n !== 0);
  }
}
