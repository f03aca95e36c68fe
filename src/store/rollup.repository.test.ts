import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { Feedback } from '../domain/feedback.ts';
import { bucketOf, readPlan } from '../domain/metrics/periods.ts';
import type { Question } from '../domain/survey.ts';
import { REVERSE_FROM } from '../domain/survey.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { SYSTEM, makeIncident, makeOrg } from '../../test/factories.ts';
import { newId } from './ids.ts';
import { ts } from './map.ts';
import type { MetricsWindow } from './metrics.repository.ts';
import { slotOf, SLOTS } from './rollup.repository.ts';

const QUESTIONS: Question[] = [
  { id: 'nps', type: 'nps', text: 'Recommend?', required: false },
  { id: 'csat', type: 'csat', text: 'Satisfied?', required: false },
  { id: 'in1', type: 'agreement', text: 'Truthful', required: false, dimension: 'integrity' },
  { id: 'in2', type: 'agreement', text: 'Fair', required: false, dimension: 'integrity' },
  {
    id: 'in3',
    type: 'agreement',
    text: 'Bends rules',
    required: false,
    dimension: 'integrity',
    reverse: true,
  },
  { id: 'ab1', type: 'agreement', text: 'Capable', required: false, dimension: 'ability' },
  { id: 'say', type: 'text', text: 'Anything else?', required: false },
];
const INTEGRITY = [
  { id: 'in1', reverse: false },
  { id: 'in2', reverse: false },
  { id: 'in3', reverse: true },
];
const H = 3_600_000;
const START = Date.parse('2030-01-06T00:00:00.000Z');

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sortRows<T>(rows: T[]): T[] {
  return rows
    .map((r) => JSON.stringify(r))
    .sort()
    .map((s) => JSON.parse(s) as T);
}

describe.each(await dialects())('daily rollups on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let now = START;
  const clock = () => new Date(now);
  let orgId: string;
  let incidentId: string;
  let surveyId: string;
  const r = rng(7);

  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn, clock);
    const org = await makeOrg(s);
    orgId = org.id;
    now = START + 20 * 24 * H;
    incidentId = (await makeIncident(s, org.slug, { detectedAt: new Date(START + 4 * 24 * H).toISOString() }))
      .id;
    now = START - 24 * H;
    const instrument = await s.surveys.createInstrument(SYSTEM, org.slug, {
      key: 'pulse',
      name: 'Pulse',
      questions: QUESTIONS,
    });
    const survey = (
      await s.surveys.createSurvey(SYSTEM, org.slug, {
        title: 'Pulse',
        instrument: instrument.record.instrument.id,
        audience: 'customers',
        wave: 'post_incident',
        editWindowHours: 30,
      })
    ).record;
    surveyId = survey.id;
    await s.surveys.move(SYSTEM, org.slug, survey.id, 'open');
    await s.surveys.addRecipients(
      SYSTEM,
      org.slug,
      survey.id,
      Array.from({ length: 60 }, (_, i) => ({ email: `p${i}@example.test` })),
    );
    const recipients = await s.store.db
      .selectFrom('survey_recipients')
      .select('id')
      .where('organization_id', '=', orgId)
      .where('survey_id', '=', survey.id)
      .orderBy('id')
      .execute();
    const tokens = await Promise.all(
      recipients.map(async (x) => (await s.surveys.link(survey, x.id, new Date(START).toISOString())).token),
    );

    // Answers over ten days, some at midnight exactly, some items skipped (incomplete scales),
    // then edits inside the window that change values, drop items and replace free text.
    const answers = () => {
      const a: Record<string, number | string> = {};
      if (r() < 0.9) a.nps = Math.floor(r() * 11);
      if (r() < 0.8) a.csat = 1 + Math.floor(r() * 5);
      for (const q of ['in1', 'in2', 'in3', 'ab1']) if (r() < 0.85) a[q] = 1 + Math.floor(r() * 7);
      if (r() < 0.3) a.say = 'The notice was clear but late';
      return a;
    };
    for (const [i, token] of tokens.entries()) {
      now = START + Math.floor(i / 6) * 24 * H + (i % 3 === 0 ? 0 : Math.floor(r() * 24 * H));
      await s.surveys.submit(token, answers());
      if (i % 4 === 1) {
        now += Math.floor(r() * 20 * H);
        await s.surveys.submit(token, answers());
      }
    }

    // Feedback at chosen times: inserted unanalysed, analysed, some re-analysed to another sentiment.
    const sentiments = ['positive', 'neutral', 'negative', 'mixed'] as const;
    const items: Feedback[] = Array.from({ length: 120 }, (_, i) => {
      const at = new Date(START + Math.floor(r() * 10 * 24 * H)).toISOString();
      return {
        organizationId: orgId,
        id: newId(),
        incidentId: i % 3 === 0 ? null : incidentId,
        channel: 'form',
        audience: i % 4 === 0 ? 'employees' : 'customers',
        text: 'words',
        ratings: {},
        contactEmail: null,
        contactName: null,
        consent: false,
        source: 'import',
        sourceId: `row-${i}`,
        clientHash: null,
        redacted: false,
        sentiment: null,
        sentimentScore: null,
        language: null,
        themes: [],
        analysedAt: null,
        loopClosedAt: null,
        createdAt: at,
        version: 1,
      } as Feedback;
    });
    expect(await s.store.feedback.insertMany(items)).toBe(120);
    // The same rows again are skipped, and must not count twice.
    expect(await s.store.feedback.insertMany(items)).toBe(0);
    const analysed = items
      .slice(0, 100)
      .map((f) => ({ ...f, sentiment: sentiments[Math.floor(r() * 4)]!, language: 'en' }));
    await s.store.transaction((tx) => tx.feedback.saveAnalyses(analysed, new Date(now).toISOString()));
    const again = analysed.slice(0, 40).map((f) => ({ ...f, sentiment: sentiments[Math.floor(r() * 4)]! }));
    await s.store.transaction((tx) => tx.feedback.saveAnalyses(again, new Date(now).toISOString()));
  });
  afterAll(async () => db?.drop());

  /** Every rollup table summed over slots, zero rows left out. */
  async function snapshot() {
    const q = s.store.db;
    const answers = await q
      .selectFrom('survey_answer_rollups')
      .select([
        'survey_id',
        'question_id',
        'grain',
        'bucket',
        'value',
        (eb) => eb.fn.sum<number>('n').as('n'),
      ])
      .where('organization_id', '=', orgId)
      .groupBy(['survey_id', 'question_id', 'grain', 'bucket', 'value'])
      .execute();
    const scales = await q
      .selectFrom('survey_scale_rollups')
      .select([
        'survey_id',
        'dimension',
        'grain',
        'bucket',
        'item',
        (eb) => eb.fn.sum<number>('n').as('n'),
        (eb) => eb.fn.sum<number>('sum').as('sum'),
        (eb) => eb.fn.sum<number>('sum_sq').as('sum_sq'),
      ])
      .where('organization_id', '=', orgId)
      .groupBy(['survey_id', 'dimension', 'grain', 'bucket', 'item'])
      .execute();
    const feedback = await q
      .selectFrom('feedback_rollups')
      .select([
        'grain',
        'bucket',
        'incident_id',
        'audience',
        'sentiment',
        (eb) => eb.fn.sum<number>('n').as('n'),
      ])
      .where('organization_id', '=', orgId)
      .groupBy(['grain', 'bucket', 'incident_id', 'audience', 'sentiment'])
      .execute();
    const num = <T extends Record<string, unknown>>(rows: T[]) =>
      sortRows(
        rows
          .map((x) =>
            Object.fromEntries(
              Object.entries(x).map(([k, v]) => [
                k,
                ['n', 'sum', 'sum_sq', 'value'].includes(k) ? Number(v) : v,
              ]),
            ),
          )
          .filter((x) => x.n !== 0),
      );
    return { answers: num(answers), scales: num(scales), feedback: num(feedback) };
  }

  it('should keep the rollups equal to a rebuild from the raw rows through submissions, edits and analyses', async () => {
    const kept = await snapshot();
    expect(kept.answers.length).toBeGreaterThan(20);
    expect(kept.scales.length).toBeGreaterThan(10);
    expect(kept.feedback.length).toBeGreaterThan(10);
    await s.store.rollups.rebuild(orgId);
    expect(await snapshot()).toEqual(kept);
  });

  it('should spread writers over the slots', () => {
    const used = new Set(Array.from({ length: 200 }, () => slotOf(newId())));
    expect(used.size).toBe(SLOTS);
  });

  it('should read any window exactly as the raw rows answer it (whole days from rollups, edges raw)', async () => {
    const q = s.store.db;
    const responses = new Map(
      (
        await q
          .selectFrom('survey_responses')
          .select(['id', 'submitted_at'])
          .where('organization_id', '=', orgId)
          .execute()
      ).map((x) => [x.id, ts(x.submitted_at)]),
    );
    const answers = await q
      .selectFrom('survey_answers')
      .select(['response_id', 'question_id', 'value'])
      .where('organization_id', '=', orgId)
      .where('value', 'is not', null)
      .execute();
    const feedback = (
      await q
        .selectFrom('feedback')
        .select(['created_at', 'incident_id', 'audience', 'sentiment'])
        .where('organization_id', '=', orgId)
        .execute()
    ).map((f) => ({ ...f, created_at: ts(f.created_at) }));

    const windows: MetricsWindow[] = [];
    const t = (ms: number) => new Date(ms).toISOString();
    const D = 24 * H;
    const base = { organizationId: orgId, incidentId };
    windows.push({
      ...base,
      from: t(START),
      split: t(START + 4 * D),
      to: t(START + 11 * D),
      interval: 'day',
    });
    windows.push({
      ...base,
      from: t(START + 5 * H),
      split: t(START + 3 * D + 7 * H),
      to: t(START + 9 * D + 13 * H),
      interval: 'week',
    });
    windows.push({
      ...base,
      from: t(START + D + H),
      split: t(START + D + 5 * H),
      to: t(START + D + 20 * H),
      interval: 'day',
    });
    for (let i = 0; i < 6; i++) {
      const a = START - D + Math.floor(r() * 12 * D);
      const b = a + Math.floor(r() * 5 * D);
      const c = b + Math.floor(r() * 6 * D);
      windows.push({
        ...base,
        incidentId: i % 2 ? null : incidentId,
        from: t(a),
        split: t(b),
        to: t(c),
        interval: i % 2 ? 'week' : 'day',
      });
    }
    windows.push({
      ...base,
      from: t(START - 2 * D + 3 * H),
      split: t(START + 2 * D + 90_000),
      to: t(START + 12 * D + 5 * H + 1_800_000),
      interval: 'day',
      openEnd: true,
    });
    const plans = windows.map((w) => readPlan(w.from, w.to));
    expect(plans.some((p) => p.days.length > 0 && p.hours.length === 2 && p.raw.length === 2)).toBe(true);

    // The raw path is exercised: some records fall in the partial hours of some window.
    const inRaw = (at: string) =>
      windows.some((w) =>
        [...readPlan(w.from, w.split).raw, ...readPlan(w.split, w.to, w.openEnd).raw].some(
          (p) => at >= p.from && at < p.to,
        ),
      );
    expect([...responses.values()].filter(inRaw).length).toBeGreaterThan(0);
    expect(feedback.filter((f) => inRaw(f.created_at)).length).toBeGreaterThan(0);

    for (const w of windows) {
      const phase = (at: string) => (at < w.split ? 'b' : 'c');
      const inWindow = (at: string) => at >= w.from && at < w.to;

      const hist = new Map<string, number>();
      for (const a of answers) {
        const at = responses.get(a.response_id)!;
        if (!inWindow(at) || !['nps', 'csat'].includes(a.question_id)) continue;
        const k = [surveyId, a.question_id, phase(at), bucketOf(at, w.interval), Number(a.value)].join('|');
        hist.set(k, (hist.get(k) ?? 0) + 1);
      }
      const got = await s.store.rollups.answerHistogram(w, [surveyId], ['nps', 'csat']);
      expect(
        new Map(got.map((x) => [[x.surveyId, x.questionId, x.phase, x.period, x.value].join('|'), x.n])),
        `histogram ${JSON.stringify(w)}`,
      ).toEqual(hist);

      const byResponse = new Map<string, Map<string, number>>();
      for (const a of answers) {
        const m = byResponse.get(a.response_id) ?? new Map<string, number>();
        m.set(a.question_id, Number(a.value));
        byResponse.set(a.response_id, m);
      }
      const scales = new Map<string, { n: number; st: number; stt: number; items: number[] }>();
      for (const [id, values] of byResponse) {
        const at = responses.get(id)!;
        if (!inWindow(at) || !INTEGRITY.every((it) => values.has(it.id))) continue;
        const scores = INTEGRITY.map((it) =>
          it.reverse ? REVERSE_FROM - values.get(it.id)! : values.get(it.id)!,
        );
        const total = scores.reduce((x, y) => x + y, 0);
        const k = [surveyId, phase(at), bucketOf(at, w.interval)].join('|');
        const acc = scales.get(k) ?? { n: 0, st: 0, stt: 0, items: [0, 0, 0, 0, 0, 0] };
        acc.n += 1;
        acc.st += total;
        acc.stt += total * total;
        scores.forEach((x, i) => {
          acc.items[2 * i]! += x;
          acc.items[2 * i + 1]! += x * x;
        });
        scales.set(k, acc);
      }
      const gotScales = await s.store.rollups.scaleSums(w, [surveyId], 'integrity', INTEGRITY);
      expect(
        new Map(
          gotScales.map((x) => [
            [x.surveyId, x.phase, x.period].join('|'),
            {
              n: x.n,
              st: x.total.sum,
              stt: x.total.sumSquares,
              items: x.items.flatMap((it) => [it.sum, it.sumSquares]),
            },
          ]),
        ),
        `scale ${JSON.stringify(w)}`,
      ).toEqual(scales);

      for (const audience of [null, 'employees']) {
        const counts = new Map<string, number>();
        for (const f of feedback) {
          if (!inWindow(f.created_at)) continue;
          if (w.incidentId !== null && f.incident_id !== null && f.incident_id !== w.incidentId) continue;
          if (audience !== null && f.audience !== audience) continue;
          const k = [phase(f.created_at), bucketOf(f.created_at, w.interval), f.audience, f.sentiment].join(
            '|',
          );
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        const gotFeedback = await s.store.rollups.sentimentCounts(w, audience);
        expect(
          new Map(gotFeedback.map((x) => [[x.phase, x.period, x.audience, x.sentiment].join('|'), x.n])),
          `feedback ${audience} ${JSON.stringify(w)}`,
        ).toEqual(counts);
      }
    }
  });
});
