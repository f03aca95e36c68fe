import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test/db.ts';
import { body, createTestApp, orgWithTokens, problem, type TestApp } from '../../../test/app.ts';
import { SYSTEM, makeIncident } from '../../../test/factories.ts';
import {
  insertAction,
  insertCommitment,
  insertFeedback,
  insertInstrument,
  insertResponse,
  insertSurvey,
} from '../../../test/metrics-fixtures.ts';
import { DashboardSchema, type Dashboard, type MetricCard } from '../../shared/contract/dashboard.ts';

const NOW = new Date('2025-04-12T12:00:00.000Z');
const DETECTED = '2025-03-01T00:00:00.000Z';
const day = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86_400_000).toISOString();

// Ten baseline and ten post-incident respondents (hand-computed figures below).
const NPS_BASE = [10, 10, 9, 9, 9, 8, 7, 6, 5, 10]; // 6 promoters, 2 passives, 2 detractors → +40
const NPS_NOW = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]; // 2 promoters, 2 passives, 6 detractors → −40
const CSAT_BASE = [5, 5, 4, 4, 4, 4, 3, 2, 5, 4]; // top-2: 8/10
const CSAT_NOW = [5, 4, 3, 3, 2, 2, 1, 1, 2, 3]; // top-2: 2/10
const CES_BASE = [6, 6, 5, 7, 5, 6, 4, 6, 5, 7];
const CES_NOW = [3, 2, 4, 3, 5, 2, 3, 4, 2, 3];
// Integrity items in1, in2 and in4 (reverse-keyed: scored 8 − x).
const INTEGRITY_BASE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [5 + (i % 3), 5 + (i % 2), 3 - (i % 3)]);
const INTEGRITY_NOW = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [2 + (i % 3), 2 + (i % 2), 6 - (i % 3)]);

function card(d: Dashboard, key: string): MetricCard {
  const c = d.cards.find((x) => x.key === key);
  if (!c) throw new Error(`no card ${key}`);
  return c;
}

function meanVar(xs: number[]) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { m, v: xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) };
}

describe.each(await dialects())('dashboard API on %s', (dialect) => {
  let t: TestApp;
  let headers: Awaited<ReturnType<typeof orgWithTokens>>['headers'];
  let orgSlug: string;
  let incidentSlug: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, () => NOW);
    const o = await orgWithTokens(t.services, ['owner', 'viewer', 'analyst']);
    headers = o.headers;
    orgSlug = o.org.slug;
    const s = t.services;
    const db = t.db.conn.db;
    const bool = t.db.conn.dialect.bool;
    const incident = await makeIncident(s, orgSlug, {
      detectedAt: DETECTED,
      disclosedAt: day(DETECTED, 0.5),
      disclosedBy: 'organization',
    });
    incidentSlug = incident.slug;
    const orgId = o.org.id;
    const instrument = await insertInstrument(db, orgId, bool);
    const base = await insertSurvey(
      db,
      orgId,
      instrument,
      { incidentId: null, audience: 'customers', wave: 'baseline' },
      bool,
    );
    const post = await insertSurvey(
      db,
      orgId,
      instrument,
      { incidentId: incident.id, audience: 'customers', wave: 'post_incident' },
      bool,
    );
    for (let i = 0; i < 10; i++) {
      const [a, b, c] = INTEGRITY_BASE[i]!;
      await insertResponse(
        db,
        orgId,
        base,
        day('2025-02-01T10:00:00.000Z', i),
        {
          nps: NPS_BASE[i]!,
          csat: CSAT_BASE[i]!,
          ces: CES_BASE[i]!,
          in1: a!,
          in2: b!,
          in4: c!,
        },
        bool,
      );
      const [d, e, f] = INTEGRITY_NOW[i]!;
      await insertResponse(
        db,
        orgId,
        post,
        day('2025-03-05T10:00:00.000Z', i),
        {
          nps: NPS_NOW[i]!,
          csat: CSAT_NOW[i]!,
          ces: CES_NOW[i]!,
          in1: d!,
          in2: e!,
          in4: f!,
        },
        bool,
      );
    }
    // Feedback: 4 of 20 negative before, 12 of 20 after.
    for (let i = 0; i < 20; i++) {
      await insertFeedback(
        db,
        orgId,
        { at: day('2025-01-20T09:00:00.000Z', i), sentiment: i < 4 ? 'negative' : 'positive' },
        bool,
      );
      await insertFeedback(
        db,
        orgId,
        {
          at: day('2025-03-02T09:00:00.000Z', i),
          sentiment: i < 12 ? 'negative' : 'neutral',
          incidentId: incident.id,
        },
        bool,
      );
    }
    // Another organization's feedback never counts.
    const other = await orgWithTokens(s, ['owner']);
    await insertFeedback(db, other.org.id, { at: day(DETECTED, 3), sentiment: 'negative' }, bool);

    // History: 12 completed actions that took 30–41 days; a promise of 2 days is optimistic.
    for (let i = 0; i < 12; i++) {
      await insertAction(
        db,
        orgId,
        incident.id,
        {
          createdAt: '2024-06-01T00:00:00.000Z',
          doneAt: day('2024-06-01T00:00:00.000Z', 30 + i),
          dueAt: day('2024-06-01T00:00:00.000Z', 60),
          title: `Old ${i}`,
        },
        bool,
      );
    }
    await insertAction(
      db,
      orgId,
      incident.id,
      {
        createdAt: day(DETECTED, 1),
        doneAt: day(DETECTED, 20),
        dueAt: day(DETECTED, 25),
        title: 'Rotate keys',
      },
      bool,
    );
    await insertCommitment(
      db,
      orgId,
      incident.id,
      { text: 'Fixed in two days', createdAt: day(DETECTED, 40), dueAt: day(DETECTED, 42), status: 'open' },
      bool,
    );
    await insertCommitment(
      db,
      orgId,
      incident.id,
      { text: 'Audit within 60 days', createdAt: day(DETECTED, 1), dueAt: day(DETECTED, 61), status: 'open' },
      bool,
    );
    await insertCommitment(
      db,
      orgId,
      incident.id,
      {
        text: 'Notify all customers',
        createdAt: day(DETECTED, 1),
        dueAt: day(DETECTED, 10),
        status: 'kept_on_time',
        keptAt: day(DETECTED, 5),
      },
      bool,
    );
  });
  afterAll(async () => t?.close());

  const get = (url: string, h = headers.viewer) => t.app.inject({ url, headers: h });

  it('should answer the documented shape with the hand-computed figures', async () => {
    const res = await get(`/api/v1/orgs/${orgSlug}/incidents/${incidentSlug}/dashboard?interval=week`);
    expect(res.statusCode, res.body).toBe(200);
    const d = body<Dashboard>(res);
    expect(() => DashboardSchema.parse(d)).not.toThrow();
    expect(d.baseline).toEqual({ from: day(DETECTED, -84), to: DETECTED });
    expect(d.period.from).toBe(DETECTED);
    expect(d.audiences).toEqual(['customers']);

    const nps = card(d, 'nps');
    expect(nps.current.value).toBeCloseTo(-40, 10);
    expect(nps.baseline!.value).toBeCloseTo(40, 10);
    expect(nps.current.n).toBe(10);
    expect(nps.change!.test).toBe('adjusted_wald');
    expect(nps.change!.estimate).toBeCloseTo(-80, 10);
    // Adjusted Wald by hand: n + 3 = 13, promoters 2.75, detractors 6.75 → centre −30.77, SE 100·√((p+d−(p−d)²)/13).
    const p = 2.75 / 13;
    const dd = 6.75 / 13;
    const se = 100 * Math.sqrt((p + dd - (p - dd) ** 2) / 13);
    expect(nps.current.low).toBeCloseTo(Math.max(-100, 100 * (p - dd) - 1.959964 * se), 3);
    expect(nps.current.high).toBeCloseTo(100 * (p - dd) + 1.959964 * se, 3);

    const csat = card(d, 'csat');
    expect(csat.current.value).toBeCloseTo(0.2, 10);
    expect(csat.baseline!.value).toBeCloseTo(0.8, 10);
    // Wilson 2/10 by hand: centre (0.2 + z²/20)/(1 + z²/10), half z√(0.016 + z²/400)/(1 + z²/10).
    const z = 1.959963985;
    const centre = (0.2 + (z * z) / 20) / (1 + (z * z) / 10);
    const half = (z * Math.sqrt(0.016 + (z * z) / 400)) / (1 + (z * z) / 10);
    expect(csat.current.low).toBeCloseTo(centre - half, 6);
    expect(csat.current.high).toBeCloseTo(centre + half, 6);
    expect(csat.change!.test).toBe('newcombe');
    expect(csat.change!.estimate).toBeCloseTo(-0.6, 10);
    expect(csat.change!.significant).toBe(true);
    // Pooled z: p̄ = 0.5, SE = √(0.25·0.2) → z = −2.683, p = 0.0073.
    expect(csat.change!.p).toBeCloseTo(0.00729, 4);

    const ces = card(d, 'ces');
    expect(ces.current.value).toBeCloseTo(meanVar(CES_NOW).m, 10);
    expect(ces.change!.test).toBe('welch_t');

    const integrity = card(d, 'trust.integrity');
    const scores = (rows: number[][]) => rows.map(([a, b, c]) => (a! + b! + (8 - c!)) / 3);
    const now = meanVar(scores(INTEGRITY_NOW));
    const before = meanVar(scores(INTEGRITY_BASE));
    expect(integrity.current.value).toBeCloseTo(now.m, 10);
    expect(integrity.baseline!.value).toBeCloseTo(before.m, 10);
    // Welch by hand.
    const welchT = (now.m - before.m) / Math.sqrt(now.v / 10 + before.v / 10);
    expect(integrity.change!.estimate).toBeCloseTo(now.m - before.m, 10);
    expect(integrity.change!.significant).toBe(Math.abs(welchT) > 2.2);
    expect(integrity.note).toMatch(
      /Cronbach's alpha by wave, with Feldt's 95% interval: .*baseline α = 0\.63 \(-0\.08 to 0\.90\), n = 10/,
    );
    expect(integrity.note).toMatch(/Below 0\.7/);
    // Alpha with the reverse-keyed item as 8 − x, and Feldt's interval, by SciPy 1.17.1 (both waves
    // have the same spread): X = the 10 × 3 rows, C = numpy.cov(X, rowvar=False),
    // a = 3/2·(1 − trace(C)/sum(C)); 1 − (1 − a)·scipy.stats.f.ppf(0.975 | 0.025, 9, 18).
    expect(integrity.reliability!.map((r) => r.wave).sort()).toEqual(['baseline', 'post_incident']);
    for (const r of integrity.reliability!) {
      expect(r.alpha).toBeCloseTo(0.6298932384341637, 10);
      expect(r.low).toBeCloseTo(-0.08408433909188417, 8);
      expect(r.high).toBeCloseTo(0.9000111655029132, 8);
      expect(r).toMatchObject({ level: 0.95, n: 10, items: 3, acceptable: false });
    }

    const negative = card(d, 'sentiment.negative');
    expect(negative.current.value).toBeCloseTo(0.6, 10);
    expect(negative.current.n).toBe(20);
    expect(negative.baseline!.value).toBeCloseTo(0.2, 10);
    expect(negative.change!.significant).toBe(true);

    // Benjamini–Hochberg across every card with a p-value, by hand: sorted p₍ᵢ₎, q₍ᵢ₎ = min over
    // j ≥ i of m·p₍ⱼ₎/j; `significant` is q ≤ 0.05 and the raw p stays beside it.
    const tested = d.cards.filter((c) => c.change?.p !== null && c.change?.p !== undefined);
    const m = tested.length;
    expect(m).toBeGreaterThanOrEqual(5);
    expect(d.comparisons).toEqual({ method: 'benjamini_hochberg', fdr: 0.05, tests: m });
    const sorted = [...tested].sort((x, y) => x.change!.p! - y.change!.p!);
    sorted.forEach((c, i) => {
      const q = Math.min(1, ...sorted.slice(i).map((o, j) => (m * o.change!.p!) / (i + j + 1)));
      expect(c.change!.q, c.key).toBeCloseTo(Math.max(q, c.change!.p!), 12);
      expect(c.change!.significant, c.key).toBe(c.change!.q! <= 0.05);
    });
    expect(csat.change!.q).toBeGreaterThan(csat.change!.p!);

    const first = card(d, 'first_response.hours');
    expect(first.current.value).toBeCloseTo(12, 10);
    expect(first.note).toMatch(/organization disclosed first/);
    const sayDo = card(d, 'say_do');
    // Kept on time: 1; due: that one and the two-day promise now past its date.
    expect(sayDo.current.value).toBe(0.5);
    expect(sayDo.current.n).toBe(2);
  });

  it('should mark disclosure, actions and commitments in time order', async () => {
    const d = body<Dashboard>(await get(`/api/v1/orgs/${orgSlug}/incidents/${incidentSlug}/dashboard`));
    const kinds = d.annotations.map((a) => a.kind);
    expect(kinds).toContain('disclosed');
    expect(kinds).toContain('action_done');
    expect(kinds).toContain('commitment_kept');
    const times = d.annotations.map((a) => a.at);
    expect([...times].sort()).toEqual(times);
  });

  it('should flag an over-optimistic promise against the organization’s history', async () => {
    const d = body<Dashboard>(await get(`/api/v1/orgs/${orgSlug}/incidents/${incidentSlug}/dashboard`));
    const fast = d.realism.find((r) => r.text === 'Fixed in two days')!;
    expect(fast.flag).toBe('optimistic');
    expect(fast.history).toBe(13);
    expect(fast.percentile).toBe(0);
    const slow = d.realism.find((r) => r.text === 'Audit within 60 days')!;
    expect(slow.flag).toBe('ok');
  });

  it('should serve the organization level and honour baselineDays', async () => {
    const org = await get(`/api/v1/orgs/${orgSlug}/dashboard?interval=day`);
    expect(org.statusCode).toBe(200);
    const d = body<Dashboard>(org);
    expect(d.incident).toBeNull();
    expect(d.baseline.to).toBe(DETECTED);
    const short = body<Dashboard>(
      await get(`/api/v1/orgs/${orgSlug}/incidents/${incidentSlug}/dashboard?baselineDays=14`),
    );
    expect(short.baseline.from).toBe(day(DETECTED, -14));
    // The baseline responses (February 1–10) fall outside a 14-day window.
    expect(card(short, 'nps').baseline).toBeNull();
  });

  it('should refuse bad queries with 400 and hide other organizations behind 404', async () => {
    for (const q of ['interval=month', 'baselineDays=0', 'baselineDays=abc', 'baselineDays=99999']) {
      const res = await get(`/api/v1/orgs/${orgSlug}/incidents/${incidentSlug}/dashboard?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
    expect((await get(`/api/v1/orgs/${orgSlug}/incidents/nope/dashboard`)).statusCode).toBe(404);
    const other = await orgWithTokens(t.services, ['owner']);
    const res = await get(`/api/v1/orgs/${orgSlug}/incidents/${incidentSlug}/dashboard`, other.headers.owner);
    expect(res.statusCode).toBe(404);
    expect(problem(res).status).toBe(404);
    const theirIncident = await makeIncident(t.services, other.org.slug);
    const cross = await get(`/api/v1/orgs/${orgSlug}/incidents/${theirIncident.slug}/dashboard`);
    expect(cross.statusCode).toBe(404);
    void SYSTEM;
  });
});
