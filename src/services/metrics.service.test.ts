import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import { createServices, type Services } from '../container.ts';
import { createTestDb, dialects, type TestDb } from '../../test/db.ts';
import { SYSTEM, makeIncident, makeOrg } from '../../test/factories.ts';
import { insertFeedbackBatch } from '../../test/metrics-fixtures.ts';
import type { MetricCard } from '../shared/contract/dashboard.ts';
import { adjustForMultipleComparisons, bucketOf, medianRanks } from './metrics.service.ts';

const NOW = new Date('2025-04-12T12:00:00.000Z');
const DETECTED = '2025-01-06T00:00:00.000Z'; // a Monday
const WEEK = 7 * 86_400_000;
const week = (k: number) => new Date(Date.parse(DETECTED) + k * WEEK + 2 * 86_400_000).toISOString();

describe('metrics service helpers', () => {
  it('should bucket like the SQL dialects: days, and ISO weeks from Monday', () => {
    expect(bucketOf('2025-01-12T23:59:00.000Z', 'day')).toBe('2025-01-12');
    expect(bucketOf('2025-01-12T23:59:00.000Z', 'week')).toBe('2025-01-06');
    expect(bucketOf('2025-01-06T00:00:00.000Z', 'week')).toBe('2025-01-06');
  });
  it('should give the order-statistic ranks of the median interval', () => {
    // n = 10 at 95 %: r = 2 (P(B ≤ 1) = 0.0107 ≤ 0.025 < P(B ≤ 2) = 0.0547).
    expect(medianRanks(10)).toEqual({ median: [5, 6], lower: 2, upper: 9 });
    expect(medianRanks(5)).toEqual({ median: [3], lower: 1, upper: 5 });
  });
  it('should decide significance on the Benjamini–Hochberg q across the cards, keeping the raw p', () => {
    const card = (key: string, p: number | null, rawSignificant: boolean): MetricCard => ({
      key,
      label: key,
      unit: 'share',
      betterWhen: 'higher',
      current: { value: 0.5, low: 0.4, high: 0.6, n: 100 },
      baseline: null,
      change: { estimate: 0.1, low: 0, high: 0.2, p, q: null, test: 'newcombe', significant: rawSignificant },
    });
    const cards = [
      card('a', 0.04, true),
      card('b', 0.01, true),
      card('c', 0.03, true),
      card('d', null, false),
      { ...card('e', 0, false), change: null },
      card('f', 0.5, false),
    ];
    // By hand, m = 4 (a, b, c, f): sorted 0.01, 0.03, 0.04, 0.5 → 4p/i = 0.04, 0.06, 0.0533, 0.5;
    // step-up minimum from the top: 0.04, 0.0533, 0.0533, 0.5.
    expect(adjustForMultipleComparisons(cards)).toEqual({
      method: 'benjamini_hochberg',
      fdr: 0.05,
      tests: 4,
    });
    const by = Object.fromEntries(cards.map((c) => [c.key, c.change]));
    expect(by.b).toMatchObject({ p: 0.01, q: 0.04, significant: true });
    expect(by.a!.q).toBeCloseTo(0.16 / 3, 15);
    expect(by.a).toMatchObject({ p: 0.04, significant: false });
    expect(by.c!.q).toBeCloseTo(0.16 / 3, 15);
    expect(by.c!.significant).toBe(false);
    expect(by.f).toMatchObject({ q: 0.5, significant: false });
    expect(by.d).toMatchObject({ p: null, q: null, significant: false });
    expect(by.e).toBeNull();
  });
});

describe.each(await dialects())('recovery forecasts on %s', (dialect) => {
  let db: TestDb;
  let s: Services;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn, () => NOW);
  });
  afterAll(async () => db?.drop());

  async function orgWithSeries(negativeShares: number[]) {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, { detectedAt: DETECTED });
    const bool = db.conn.dialect.bool;
    for (let k = -12; k < 0; k++) await insertFeedbackBatch(db.conn.db, org.id, week(k), 20, 2, bool);
    for (const [k, share] of negativeShares.entries()) {
      await insertFeedbackBatch(db.conn.db, org.id, week(k), 50, Math.round(share * 50), bool);
    }
    return s.metrics.dashboard(SYSTEM, org.slug, { incident: incident.slug, interval: 'week' });
  }

  it('should forecast a return for a recovering series, with a dated range and a cone', async () => {
    const d = await orgWithSeries([0.6, 0.56, 0.52, 0.48, 0.44, 0.4, 0.36, 0.32, 0.28, 0.24]);
    const neg = d.series.find((x) => x.key === 'sentiment.negative')!;
    expect(neg.baseline!.value).toBeCloseTo(0.1, 10);
    expect(neg.trough).toEqual({ t: '2025-01-06T00:00:00.000Z', value: 0.6 });
    expect(neg.forecast!.status).toBe('recovering');
    expect(neg.forecast!.date! > '2025-03-17').toBe(true);
    expect(neg.forecast!.low! <= neg.forecast!.date!).toBe(true);
    expect(neg.forecast!.probability).toBe(0.8);
    expect(neg.forecast!.cone.length).toBeGreaterThan(0);
    const card = d.cards.find((c) => c.key === 'sentiment.negative')!;
    expect(card.repair!.status).toBe('ok');
    // TRR = (current − trough)/(baseline − trough) = (0.24 − 0.6)/(0.1 − 0.6) = 0.72.
    expect(card.repair!.ratio).toBeCloseTo(0.72, 10);
  });

  it('should say "not recovering" for a flat series', async () => {
    const d = await orgWithSeries([0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]);
    const neg = d.series.find((x) => x.key === 'sentiment.negative')!;
    expect(neg.forecast!.status).toBe('not_recovering');
    expect(neg.forecast!.date).toBeNull();
    expect(neg.forecast!.cone).toEqual([]);
  });
});
