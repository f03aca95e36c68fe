import { bucketOf } from '../domain/metrics/periods.ts';
import type { Organization } from '../domain/account.ts';
import { principalLabel } from '../domain/account.ts';
import { slaPolicy } from '../domain/case.ts';
import { isPending, sayDo } from '../domain/commitment.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { MetricAlert, MetricAlertDetector } from '../domain/metric-alert.ts';
import { ALERT_SWEEP_DEFAULTS, alertMessage } from '../domain/metric-alert.ts';
import {
  ALPHA_ACCEPTABLE,
  actionCompletion,
  baselineWindow,
  benjaminiHochberg,
  cronbachAlphaFromSums,
  DEFAULT_FDR,
  CUSUM_DEFAULTS,
  detectRelapse,
  type DetectorChoice,
  type Difference,
  EWMA_DEFAULTS,
  firstResponse,
  forecastRecovery,
  histogramMoments,
  leadershipVisibility,
  meanInterval,
  mixShift,
  momentsFromSums,
  monitor,
  monitorShare,
  monitorThemes,
  npsCountsOf,
  npsDifference,
  npsFromHistogram,
  poissonRate,
  proportionDifference,
  resolutionRate,
  sayDoRatio,
  slaCompliance,
  specificityRate,
  timelineRealism,
  timeToDate,
  trustRepairRatio,
  welchTest,
  wilson,
  type Fit,
  type Moments,
} from '../domain/metrics/index.ts';
import type { Question } from '../domain/survey.ts';
import { TRUST_SCALES, trustScales } from '../domain/survey.ts';
import type {
  Annotation,
  CardReliability,
  Comparisons,
  Dashboard,
  Forecast,
  MetricCard,
  MetricSeries,
} from '../shared/contract/dashboard.ts';
import { newId } from '../store/ids.ts';
import type { AnswerBucket, MetricsWindow, ScaleBucket } from '../store/metrics.repository.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { Store } from '../store/store.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { audit, authorize, authorizeWrite, cursorId } from './common.ts';
import { getIncident } from './incident.service.ts';

/** What the dashboard is asked for. */
export interface DashboardQuery {
  /** Incident id or slug; absent: the organization level. */
  incident?: string | undefined;
  /** One audience, or all of them. */
  audience?: string | undefined;
  interval: 'day' | 'week';
  /** Length of the baseline window (default 84). */
  baselineDays?: number | undefined;
}

/** Default length of the baseline window and of the organization-level period, in days. */
export const DASHBOARD_DEFAULT_DAYS = 84;
/** How far back the organization-level dashboard looks for a first incident to split on. */
export const ORG_INCIDENT_LOOKBACK_DAYS = 365;

const DAY_MS = 86_400_000;
const SWEEP: RequestContext = { principal: { kind: 'system', label: 'metric alert sweep' } };

type Phase = 'b' | 'c';
type Hist = Record<number, number>;
type Sums = { n: number; s: number; ss: number };

function addHist(h: Hist, v: number, n: number): void {
  h[v] = (h[v] ?? 0) + n;
}

function sumHist(h: Hist, pred: (v: number) => boolean): number {
  let x = 0;
  for (const [k, n] of Object.entries(h)) if (pred(Number(k))) x += n;
  return x;
}

function histN(h: Hist): number {
  return sumHist(h, () => true);
}

export { bucketOf };

function iv(
  e: { estimate: number; lower: number; upper: number } | null,
  n: number,
  scale = 1,
): MetricCard['current'] {
  return e
    ? { value: e.estimate * scale, low: e.lower * scale, high: e.upper * scale, n }
    : { value: null, low: null, high: null, n };
}

function change(
  d: Difference | null,
  test: 'newcombe' | 'adjusted_wald' | 'welch_t',
  scale = 1,
): MetricCard['change'] {
  if (!d) return null;
  return {
    estimate: d.estimate * scale,
    low: d.lower * scale,
    high: d.upper * scale,
    p: d.p,
    q: null, // set across all cards by adjustForMultipleComparisons
    test,
    significant: d.significant,
  };
}

/**
 * Many cards are tested against the baseline at once, so their `significant` rests on the
 * Benjamini–Hochberg adjusted p-value (`q`) across every card of this dashboard that has a p-value,
 * at the false discovery rate `fdr` (default 0.05); the raw `p` stays beside it. Mutates the cards'
 * `change` in place and says how many tests the adjustment spanned.
 */
export function adjustForMultipleComparisons(cards: MetricCard[], fdr = DEFAULT_FDR): Comparisons {
  const ps = cards.map((c) =>
    c.change && c.change.p !== null && Number.isFinite(c.change.p) ? c.change.p : null,
  );
  const qs = benjaminiHochberg(ps);
  cards.forEach((c, i) => {
    if (!c.change) return;
    const q = qs[i] ?? null;
    c.change.q = q;
    c.change.significant = q !== null && q <= fdr;
  });
  return { method: 'benjamini_hochberg', fdr, tests: ps.filter((p) => p !== null).length };
}

/** "baseline α = 0.82 (0.74–0.88), n = 40": one wave's reliability, for the card's note. */
function reliabilityWords(r: CardReliability): string {
  return `${r.wave} α = ${r.alpha.toFixed(2)} (${r.low.toFixed(2)} to ${r.high.toFixed(2)}), n = ${r.n}`;
}

/** Ranks (1-based) of the median and of its distribution-free 95 % interval for n sorted values. */
export function medianRanks(n: number, level = 0.95): { median: number[]; lower: number; upper: number } {
  const median = n % 2 ? [(n + 1) / 2] : [n / 2, n / 2 + 1];
  const alphaHalf = (1 - level) / 2;
  const logHalfN = n * Math.log(0.5);
  let logC = 0;
  let cdf = 0;
  let r = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    cdf += Math.exp(logC + logHalfN);
    if (cdf <= alphaHalf) r = k + 1;
    else break;
  }
  return r === 0 ? { median, lower: 1, upper: n } : { median, lower: r, upper: n - r + 1 };
}

interface QuestionRef {
  surveyIds: string[];
  items: { id: string; reverse: boolean }[];
}

/**
 * The measurement service: the dashboard (cards against the pre-incident baseline, series with
 * baseline band, trough and forecast, annotations, timeline realism, open alerts) and the early
 * warnings (the alert sweep, listing and acknowledgement). Aggregates come from
 * MetricsRepository in SQL; statistics from domain/metrics. Definitions: docs/metrics.md.
 */
export class MetricsService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The dashboard of an incident or of the organization, for one audience or all.
   * @throws AppError `not_found` (organization, incident) or `validation` (bad baselineDays).
   */
  async dashboard(ctx: RequestContext, orgSlug: string, q: DashboardQuery): Promise<Dashboard> {
    const store = this.deps.store;
    const { org } = await authorize(store, ctx, orgSlug, 'incident:read');
    const baselineDays = q.baselineDays ?? DASHBOARD_DEFAULT_DAYS;
    if (!Number.isInteger(baselineDays) || baselineDays < 1 || baselineDays > 3650) {
      throw invalid('query.baselineDays', 'must be a whole number of days from 1 to 3650');
    }
    const incident = q.incident ? await getIncident(store, org, q.incident) : null;
    const audience = q.audience ?? null;
    const nowDate = this.deps.clock();
    const now = nowDate.toISOString();

    // Windows: the baseline [from, split) and the period [split, now).
    let split: string;
    if (incident) {
      // Perception can only move once someone knows: the split is detection, not the (often much
      // earlier, silent) occurrence — a survey taken while a leak was still unknown is a baseline.
      split = incident.detectedAt;
    } else {
      const lookback = new Date(nowDate.getTime() - ORG_INCIDENT_LOOKBACK_DAYS * DAY_MS).toISOString();
      split =
        (await store.metrics.firstIncidentDetected(org.id, lookback, now)) ??
        new Date(nowDate.getTime() - DASHBOARD_DEFAULT_DAYS * DAY_MS).toISOString();
    }
    if (split > now) split = now;
    const baseline = baselineWindow(split, { days: baselineDays });
    const w: MetricsWindow = {
      organizationId: org.id,
      incidentId: incident?.id ?? null,
      from: baseline.from,
      split: baseline.to,
      to: now,
      interval: q.interval,
      openEnd: true,
    };
    const splitBucket = bucketOf(w.split, q.interval);

    const surveys = await store.metrics.surveys(org.id, w.incidentId, audience);
    const versions = [
      ...new Map(surveys.map((s) => [`${s.instrumentId}:${s.instrumentVersion}`, s])).values(),
    ].map((s) => ({ instrumentId: s.instrumentId, number: s.instrumentVersion }));
    const questionLists = await store.metrics.instrumentQuestions(org.id, versions);
    const byType: Record<'nps' | 'csat' | 'ces', Set<string>> = {
      nps: new Set(),
      csat: new Set(),
      ces: new Set(),
    };
    const scales = new Map<string, QuestionRef>(); // `${dimension}|${version}` → items
    const qType = new Map<string, 'nps' | 'csat' | 'ces'>(); // `${surveyId}|${questionId}`
    for (const v of questionLists) {
      const ids = surveys
        .filter((s) => s.instrumentId === v.instrumentId && s.instrumentVersion === v.number)
        .map((s) => s.id);
      const questions = (v.questions as Question[]) ?? [];
      for (const question of questions) {
        if (question.type === 'nps' || question.type === 'csat' || question.type === 'ces') {
          byType[question.type].add(question.id);
          for (const id of ids) qType.set(`${id}|${question.id}`, question.type);
        }
      }
      // The same scales the rollups were written with (domain trustScales).
      for (const scale of trustScales(questions)) {
        scales.set(`${scale.dimension}|${v.instrumentId}:${v.number}`, {
          surveyIds: ids,
          items: scale.items,
        });
      }
    }
    const surveyIds = surveys.map((s) => s.id);
    const questionIds = [...byType.nps, ...byType.csat, ...byType.ces];

    const caseFilter = (from: string, to: string, incidentId: string | null) => ({
      ...(incidentId ? { incidentId } : {}),
      from,
      to,
    });
    const policy = slaPolicy(org.settings);
    const [histogram, scaleRows, sentiment, volume, caseNow, caseBase, leadership, audiences] =
      await Promise.all([
        store.rollups.answerHistogram(w, surveyIds, questionIds),
        Promise.all(
          [...scales.entries()].map(async ([key, ref]) => {
            const dimension = key.split('|')[0]!;
            return {
              dimension,
              ref,
              rows: await store.rollups.scaleSums(w, ref.surveyIds, dimension, ref.items),
            };
          }),
        ),
        store.rollups.sentimentCounts(w, audience),
        store.metrics.caseVolume(w),
        // The dashboard's median comes with its interval from resolutionHoursAtRanks below.
        store.cases.metrics(org.id, caseFilter(w.split, w.to, w.incidentId), policy, now, { median: false }),
        store.cases.metrics(org.id, caseFilter(w.from, w.split, null), policy, now, { median: false }),
        store.metrics.leadershipCounts(w, audience),
        store.metrics.audiences(org.id, w.incidentId),
      ]);

    const cards: MetricCard[] = [];
    const series: MetricSeries[] = [];

    // Respondent mix per audience (for the mix-shift flag): respondents ≈ answers to the
    // most-answered single-value question of each survey.
    const audienceOf = new Map(surveys.map((s) => [s.id, s.audience]));
    const mix: Record<Phase, Record<string, number>> = { b: {}, c: {} };
    {
      const perSurveyQ = new Map<string, number>();
      for (const r of histogram) {
        const k = `${r.phase}|${r.surveyId}|${r.questionId}`;
        perSurveyQ.set(k, (perSurveyQ.get(k) ?? 0) + r.n);
      }
      const perSurvey = new Map<string, number>();
      for (const [k, n] of perSurveyQ) {
        const [phase, sid] = k.split('|') as [Phase, string];
        const key = `${phase}|${sid}`;
        perSurvey.set(key, Math.max(perSurvey.get(key) ?? 0, n));
      }
      for (const [k, n] of perSurvey) {
        const [phase, sid] = k.split('|') as [Phase, string];
        const a = audienceOf.get(sid) ?? 'unknown';
        mix[phase][a] = (mix[phase][a] ?? 0) + n;
      }
    }
    const shift = audience === null ? mixShift(mix.b, mix.c) : null;
    const mixShifted = shift?.shifted ?? false;

    // ---- Single-value survey questions: NPS, CSAT, CES.
    const histOf = (type: 'nps' | 'csat' | 'ces', rows: AnswerBucket[]) => {
      const out = { b: {} as Hist, c: {} as Hist, periods: new Map<string, Hist>() };
      for (const r of rows) {
        if (qType.get(`${r.surveyId}|${r.questionId}`) !== type) continue;
        addHist(out[r.phase], r.value, r.n);
        const p = out.periods.get(r.period) ?? {};
        addHist(p, r.value, r.n);
        out.periods.set(r.period, p);
      }
      return out;
    };
    const npsH = histOf('nps', histogram);
    if (byType.nps.size > 0) {
      const cur = npsFromHistogram(npsH.c);
      const base = npsFromHistogram(npsH.b);
      const diff =
        histN(npsH.c) > 0 && histN(npsH.b) > 0
          ? npsDifference(npsCountsOf(npsH.c), npsCountsOf(npsH.b))
          : null;
      const s = this.series(
        'nps',
        'Net Promoter Score',
        'score',
        'higher',
        npsH.periods,
        (h) => {
          const e = npsFromHistogram(h);
          return e && { ...e, n: e.n };
        },
        base,
        splitBucket,
        q.interval,
      );
      series.push(s);
      cards.push({
        key: 'nps',
        label: 'Net Promoter Score',
        unit: 'score',
        betterWhen: 'higher',
        current: iv(cur, histN(npsH.c)),
        baseline: base ? iv(base, histN(npsH.b)) : null,
        change: change(diff, 'adjusted_wald'),
        repair: this.repair(s, true),
        mixShift: mixShifted,
      });
    }
    const csatH = histOf('csat', histogram);
    if (byType.csat.size > 0) {
      const top = (h: Hist) => sumHist(h, (v) => v >= 4);
      const cur = wilson(top(csatH.c), histN(csatH.c));
      const base = wilson(top(csatH.b), histN(csatH.b));
      const s = this.series(
        'csat',
        'CSAT (top-2-box)',
        'share',
        'higher',
        csatH.periods,
        (h) => wilson(top(h), histN(h)),
        base,
        splitBucket,
        q.interval,
      );
      series.push(s);
      cards.push({
        key: 'csat',
        label: 'CSAT (top-2-box)',
        unit: 'share',
        betterWhen: 'higher',
        current: iv(cur, histN(csatH.c)),
        baseline: base ? iv(base, histN(csatH.b)) : null,
        change: change(
          histN(csatH.c) && histN(csatH.b)
            ? proportionDifference(top(csatH.c), histN(csatH.c), top(csatH.b), histN(csatH.b))
            : null,
          'newcombe',
        ),
        repair: this.repair(s, true),
        mixShift: mixShifted,
      });
    }
    const cesH = histOf('ces', histogram);
    if (byType.ces.size > 0) {
      const mom = (h: Hist) => histogramMoments(h);
      const mi = (h: Hist) => {
        const m = mom(h);
        return m ? meanInterval(m) : null;
      };
      const cm = mom(cesH.c);
      const bm = mom(cesH.b);
      const base = mi(cesH.b);
      const s = this.series(
        'ces',
        'Customer effort (CES 2.0, 1–7)',
        'mean',
        'higher',
        cesH.periods,
        mi,
        base,
        splitBucket,
        q.interval,
      );
      series.push(s);
      cards.push({
        key: 'ces',
        label: 'Customer effort (CES 2.0, 1–7)',
        unit: 'mean',
        betterWhen: 'higher',
        current: iv(mi(cesH.c), histN(cesH.c)),
        baseline: base ? iv(base, histN(cesH.b)) : null,
        change: change(cm && bm ? welchTest(cm, bm) : null, 'welch_t'),
        repair: this.repair(s, true),
        mixShift: mixShifted,
        note: 'Agreement that the organization made it easy (CES 2.0, higher is better); never mixed with CES 1.0.',
      });
    }

    // ---- Trust dimensions: respondent means of their items, with Cronbach's alpha per wave.
    const waveOf = new Map(surveys.map((s) => [s.id, s.wave]));
    for (const dimension of TRUST_SCALES) {
      const groups = scaleRows.filter((g) => g.dimension === dimension);
      if (groups.length === 0) continue;
      const phase: Record<Phase, Sums> = { b: { n: 0, s: 0, ss: 0 }, c: { n: 0, s: 0, ss: 0 } };
      const periods = new Map<string, Sums>();
      const reliability: CardReliability[] = [];
      for (const g of groups) {
        const k = g.ref.items.length;
        const perSurvey = new Map<string, ScaleBucket[]>();
        for (const r of g.rows) {
          const add = (t: Sums) => {
            t.n += r.n;
            t.s += r.total.sum / k;
            t.ss += r.total.sumSquares / (k * k);
          };
          add(phase[r.phase]);
          const p = periods.get(r.period) ?? { n: 0, s: 0, ss: 0 };
          add(p);
          periods.set(r.period, p);
          perSurvey.set(r.surveyId, [...(perSurvey.get(r.surveyId) ?? []), r]);
        }
        if (k >= 2) {
          for (const [sid, rows] of perSurvey) {
            const n = rows.reduce((a, r) => a + r.n, 0);
            const items = g.ref.items.map((_, i) => ({
              sum: rows.reduce((a, r) => a + r.items[i]!.sum, 0),
              sumSquares: rows.reduce((a, r) => a + r.items[i]!.sumSquares, 0),
            }));
            const total = {
              sum: rows.reduce((a, r) => a + r.total.sum, 0),
              sumSquares: rows.reduce((a, r) => a + r.total.sumSquares, 0),
            };
            const rel = cronbachAlphaFromSums(n, items, total);
            if (rel) {
              reliability.push({
                wave: waveOf.get(sid) ?? sid,
                alpha: rel.alpha,
                low: rel.lower,
                high: rel.upper,
                level: rel.level,
                n: rel.n,
                items: rel.items,
                acceptable: rel.acceptable,
              });
            }
          }
        }
      }
      const momentsOfSums = (t: Sums): Moments | null => momentsFromSums(t.n, t.s, t.ss);
      const meanOf = (t: Sums) => {
        const m = momentsOfSums(t);
        return m ? meanInterval(m) : null;
      };
      const label = `Trust: ${dimension.replace('_', ' ')}`;
      const better = dimension === 'distrust' ? 'lower' : 'higher';
      const base = meanOf(phase.b);
      const cm = momentsOfSums(phase.c);
      const bm = momentsOfSums(phase.b);
      const periodHist = new Map([...periods].map(([p, t]) => [p, t]));
      const s = this.series(
        `trust.${dimension}`,
        label,
        'mean',
        better,
        periodHist,
        meanOf,
        base,
        splitBucket,
        q.interval,
      );
      series.push(s);
      const lowAlpha = reliability.some((r) => !r.acceptable);
      cards.push({
        key: `trust.${dimension}`,
        label,
        unit: 'mean',
        betterWhen: better,
        current: iv(meanOf(phase.c), phase.c.n),
        baseline: base ? iv(base, phase.b.n) : null,
        change: change(cm && bm ? welchTest(cm, bm) : null, 'welch_t'),
        repair: this.repair(s, better === 'higher'),
        mixShift: mixShifted,
        reliability,
        note:
          (reliability.length
            ? `Cronbach's alpha by wave, with Feldt's 95% interval: ${reliability.map(reliabilityWords).join('; ')}.`
            : 'Cronbach’s alpha: not enough complete responses.') +
          (lowAlpha
            ? ` Below ${ALPHA_ACCEPTABLE}, the items do not hang together well enough to compare waves.`
            : ''),
      });
    }

    // ---- Feedback sentiment: negative share among analysed items.
    {
      const neg: Record<Phase, { x: number; n: number }> = { b: { x: 0, n: 0 }, c: { x: 0, n: 0 } };
      const periods = new Map<string, { x: number; n: number }>();
      for (const r of sentiment) {
        if (r.sentiment === null) continue;
        const isNeg = r.sentiment === 'negative' ? r.n : 0;
        neg[r.phase].x += isNeg;
        neg[r.phase].n += r.n;
        const p = periods.get(r.period) ?? { x: 0, n: 0 };
        p.x += isNeg;
        p.n += r.n;
        periods.set(r.period, p);
      }
      const base = wilson(neg.b.x, neg.b.n);
      const s = this.series(
        'sentiment.negative',
        'Negative feedback share',
        'share',
        'lower',
        periods,
        (t) => wilson(t.x, t.n),
        base,
        splitBucket,
        q.interval,
      );
      series.push(s);
      cards.push({
        key: 'sentiment.negative',
        label: 'Negative feedback share',
        unit: 'share',
        betterWhen: 'lower',
        current: iv(wilson(neg.c.x, neg.c.n), neg.c.n),
        baseline: base ? iv(base, neg.b.n) : null,
        change: change(
          neg.c.n && neg.b.n ? proportionDifference(neg.c.x, neg.c.n, neg.b.x, neg.b.n) : null,
          'newcombe',
        ),
        repair: this.repair(s, false),
        note: 'Share of analysed feedback items labelled negative (mixed and neutral count in the denominator).',
      });
    }
    // Mentions (volume, net sentiment, share of voice) join here when the mentions feature lands.

    // ---- Complaints (cases): volume series, resolution rate, median time to resolve, SLA compliance.
    {
      const periods = new Map<string, number>();
      for (const r of volume) periods.set(r.period, (periods.get(r.period) ?? 0) + r.n);
      const basePeriods = Math.max(1, Math.ceil(baselineDays / (q.interval === 'day' ? 1 : 7)));
      const baseCount = volume.filter((r) => r.phase === 'b').reduce((a, r) => a + r.n, 0);
      const baseRate = poissonRate(baseCount, basePeriods);
      series.push(
        this.series(
          'complaints.volume',
          'Complaints opened',
          'count',
          'lower',
          periods,
          (n) => ({ estimate: n, lower: n, upper: n, n }),
          baseRate,
          splitBucket,
          q.interval,
        ),
      );
      const rc = caseNow.counts;
      const rb = caseBase.counts;
      const resCur = resolutionRate(rc.resolved, rc.opened);
      const resBase = resolutionRate(rb.resolved, rb.opened);
      cards.push({
        key: 'cases.resolution_rate',
        label: 'Complaint resolution rate',
        unit: 'share',
        betterWhen: 'higher',
        current: iv(resCur, rc.opened),
        baseline: resBase ? iv(resBase, rb.opened) : null,
        change: change(
          rc.opened && rb.opened
            ? proportionDifference(rc.resolved, rc.opened, rb.resolved, rb.opened)
            : null,
          'newcombe',
        ),
        note: 'Cases opened in the period that are resolved.',
      });
      const mCur = rc.met + rc.breached;
      const mBase = rb.met + rb.breached;
      cards.push({
        key: 'cases.sla_compliance',
        label: 'SLA compliance',
        unit: 'share',
        betterWhen: 'higher',
        current: iv(slaCompliance(rc.met, mCur), mCur),
        baseline: mBase ? iv(slaCompliance(rb.met, mBase), mBase) : null,
        change: change(mCur && mBase ? proportionDifference(rc.met, mCur, rb.met, mBase) : null, 'newcombe'),
      });
      const median = async (incidentId: string | null, from: string, to: string, n: number) => {
        if (n === 0) return { value: null, low: null, high: null, n: 0 };
        const ranks = medianRanks(n);
        const v = await store.metrics.resolutionHoursAtRanks(org.id, incidentId, from, to, [
          ...ranks.median,
          ranks.lower,
          ranks.upper,
        ]);
        const m = ranks.median.length === 2 ? (v[0]! + v[1]!) / 2 : v[0]!;
        const [lo, hi] = v.slice(ranks.median.length);
        return { value: m, low: lo!, high: hi!, n };
      };
      const medCur = await median(w.incidentId, w.split, w.to, rc.resolved);
      const medBase = await median(null, w.from, w.split, rb.resolved);
      cards.push({
        key: 'cases.median_time_to_resolve',
        label: 'Median time to resolve',
        unit: 'hours',
        betterWhen: 'lower',
        current: medCur,
        baseline: rb.resolved ? medBase : null,
        change: null,
        note: `Resolved cases only; ${rc.open} still open (censored). Interval: distribution-free, from order statistics.`,
      });
    }

    // ---- Commitments, actions, first response, leadership (incident level).
    const annotations: Annotation[] = [];
    const realism: Dashboard['realism'] = [];
    if (incident) {
      const commitments = await store.metrics.commitments(org.id, incident.id, audience);
      const sd = sayDo(commitments, now);
      cards.push({
        key: 'say_do',
        label: 'Say–do ratio',
        unit: 'share',
        betterWhen: 'higher',
        current: iv(sayDoRatio(sd.keptOnTime, sd.due), sd.due),
        baseline: null,
        change: null,
        note: `Commitments kept on time ÷ due: ${sd.keptOnTime} of ${sd.due} (${sd.keptLate} late, ${sd.broken} broken, ${sd.overdue} overdue).`,
      });
      cards.push({
        key: 'commitments.specificity',
        label: 'Commitment specificity',
        unit: 'share',
        betterWhen: 'higher',
        current: iv(specificityRate(sd.specific, sd.total), sd.total),
        baseline: null,
        change: null,
        note: 'Commitments with a date, an owner and a verification.',
      });
      const actions = await store.metrics.actionMilestones(org.id, incident.id);
      const dueActions = actions.filter((a) => a.status !== 'dropped' && a.dueAt !== null && a.dueAt < now);
      const doneOfDue = dueActions.filter((a) => a.status === 'done' || a.status === 'verified').length;
      const ahead = actions.filter(
        (a) => a.doneAt !== null && a.dueAt !== null && a.dueAt >= now && a.status !== 'dropped',
      ).length;
      const completion = actionCompletion(doneOfDue, dueActions.length, ahead);
      cards.push({
        key: 'actions.completion',
        label: 'Action completion against plan',
        unit: 'share',
        betterWhen: 'higher',
        current: iv(completion.onPlan, dueActions.length),
        baseline: null,
        change: null,
        note: `${doneOfDue} of ${dueActions.length} actions due by now are done; ${ahead} finished ahead of plan.`,
      });
      const fr = firstResponse(incident.detectedAt, incident.disclosedAt, incident.disclosedBy);
      cards.push({
        key: 'first_response.hours',
        label: 'Hours to first response',
        unit: 'hours',
        betterWhen: 'lower',
        current: {
          value: fr.hoursToFirstResponse,
          low: fr.hoursToFirstResponse,
          high: fr.hoursToFirstResponse,
          n: fr.hoursToFirstResponse === null ? 0 : 1,
        },
        baseline: null,
        change: null,
        note:
          fr.disclosedFirst === null
            ? 'Not disclosed yet.'
            : fr.disclosedFirst
              ? 'The organization disclosed first.'
              : 'Someone else disclosed first.',
      });
      const engaged = leadership.filter((r) => r.phase === 'c').reduce((a, r) => a + r.n, 0);
      const vis = w.split < w.to ? leadershipVisibility(engaged, w.split, w.to) : null;
      cards.push({
        key: 'leadership.per_week',
        label: 'Leadership engagements per week',
        unit: 'per_week',
        betterWhen: 'higher',
        current: iv(vis, engaged),
        baseline: null,
        change: null,
      });

      // Annotations, in time order.
      if (incident.disclosedAt) {
        annotations.push({
          at: incident.disclosedAt,
          kind: 'disclosed',
          label: 'Incident disclosed',
          ref: incident.id,
        });
      }
      for (const st of await store.metrics.publishedStatements(org.id, incident.id)) {
        if (st.at) annotations.push({ at: st.at, kind: 'statement_published', label: st.label, ref: st.id });
      }
      for (const a of actions) {
        if (a.doneAt) annotations.push({ at: a.doneAt, kind: 'action_done', label: a.title, ref: a.id });
        if (a.verifiedAt)
          annotations.push({ at: a.verifiedAt, kind: 'action_verified', label: a.title, ref: a.id });
      }
      for (const c of commitments) {
        if (c.status === 'kept_on_time' && c.keptAt)
          annotations.push({ at: c.keptAt, kind: 'commitment_kept', label: c.text, ref: c.id });
        if (c.status === 'kept_late' && c.keptAt)
          annotations.push({ at: c.keptAt, kind: 'commitment_kept_late', label: c.text, ref: c.id });
        if (c.status === 'broken')
          annotations.push({ at: c.updatedAt, kind: 'commitment_broken', label: c.text, ref: c.id });
      }

      // Timeline realism of open commitments against this organization's completed actions.
      const history = await store.metrics.completedActionDays(org.id);
      for (const c of commitments) {
        if (!isPending(c)) continue;
        if (!c.dueAt) {
          realism.push({
            commitmentId: c.id,
            text: c.text,
            dueAt: null,
            status: c.status,
            promisedDays: null,
            percentile: null,
            history: history.length,
            flag: 'insufficient_history',
            explanation: 'No due date: nothing to compare.',
          });
          continue;
        }
        const promised = Math.max(0, (Date.parse(c.dueAt) - Date.parse(c.createdAt)) / DAY_MS);
        const r = timelineRealism(promised, history);
        realism.push({
          commitmentId: c.id,
          text: c.text,
          dueAt: c.dueAt,
          status: c.status,
          promisedDays: promised,
          percentile: r.status === 'ok' ? r.percentile : null,
          history: r.n,
          flag:
            r.status === 'insufficient_history'
              ? 'insufficient_history'
              : r.unrealistic
                ? 'optimistic'
                : 'ok',
          explanation:
            r.status === 'insufficient_history'
              ? `Only ${r.n} completed actions to compare with (at least ${r.minHistory} needed).`
              : `Promises ${promised.toFixed(1)} days; ${(r.percentile * 100).toFixed(0)} % of ${r.n} past actions here were faster (median ${r.median.toFixed(1)}, 80th percentile ${r.p80.toFixed(1)} days).`,
        });
      }
    }

    const alertPage = await store.metrics.listAlerts(
      org.id,
      { incidentId: undefined, acknowledged: false },
      { limit: 100 },
    );
    const alerts = alertPage.items
      .filter((a) => a.incidentId === null || a.incidentId === incident?.id)
      .filter((a) => !incident || a.raisedAt >= w.split)
      .map((a) => alertView(a));
    for (const a of alerts) annotations.push({ at: a.raisedAt, kind: 'alert', label: a.message, ref: a.id });
    annotations.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind.localeCompare(b.kind)));
    const comparisons = adjustForMultipleComparisons(cards);

    return {
      organization: { slug: org.slug, name: org.name },
      incident: incident
        ? {
            id: incident.id,
            slug: incident.slug,
            title: incident.title,
            stage: incident.stage,
            detectedAt: incident.detectedAt,
            disclosedAt: incident.disclosedAt,
          }
        : null,
      audience,
      audiences,
      interval: q.interval,
      baseline: { from: baseline.from, to: baseline.to },
      period: { from: w.split, to: w.to },
      cards,
      comparisons,
      series,
      annotations,
      alerts,
      realism,
      generatedAt: now,
    };
  }

  /** A series with its baseline band, its trough since the split and the recovery forecast. */
  private series<T>(
    key: string,
    label: string,
    unit: MetricSeries['unit'],
    betterWhen: 'higher' | 'lower',
    periods: Map<string, T>,
    estimate: (t: T) => { estimate: number; lower: number; upper: number; n?: number; x?: number } | null,
    base: { estimate: number; lower: number; upper: number } | null,
    splitBucket: string,
    interval: 'day' | 'week',
  ): MetricSeries {
    const points = [...periods.keys()].sort().map((p) => {
      const e = estimate(periods.get(p)!);
      const n = e?.n ?? 0;
      return {
        t: `${p}T00:00:00.000Z`,
        value: e ? e.estimate : null,
        low: e ? e.lower : null,
        high: e ? e.upper : null,
        n,
      };
    });
    const after = points.filter((p) => p.t.slice(0, 10) >= splitBucket && p.value !== null);
    let trough: MetricSeries['trough'] = null;
    for (const p of after) {
      const worse =
        trough === null || (betterWhen === 'higher' ? p.value! < trough.value : p.value! > trough.value);
      if (worse) trough = { t: p.t, value: p.value! };
    }
    const baseline = base ? { value: base.estimate, low: base.lower, high: base.upper } : null;
    let forecast: Forecast | null = null;
    if (baseline && trough) {
      forecast = forecastFor(after, baseline.value, trough, betterWhen, interval === 'day' ? 1 : 7);
    }
    return { key, label, unit, betterWhen, points, baseline, trough, forecast };
  }

  /** Trust Repair Ratio of a series: latest value against baseline and trough. */
  private repair(s: MetricSeries, higherIsBetter: boolean): MetricCard['repair'] {
    if (!s.baseline || !s.trough) return null;
    const last = [...s.points].reverse().find((p) => p.value !== null);
    if (!last) return null;
    const r = trustRepairRatio(s.baseline.value, s.trough.value, last.value!, { higherIsBetter });
    return { ratio: r.ratio, status: r.status };
  }

  // -------------------------------------------------------------------------------------------
  // Alerts

  /** The organization's metric alerts, newest first. */
  async listAlerts(
    ctx: RequestContext,
    orgSlug: string,
    filter: { incident?: string | undefined; acknowledged?: boolean | undefined },
    page: PageRequest,
  ): Promise<Page<MetricAlert>> {
    const store = this.deps.store;
    const { org } = await authorize(store, ctx, orgSlug, 'incident:read');
    const incidentId = filter.incident ? (await getIncident(store, org, filter.incident)).id : undefined;
    return store.metrics.listAlerts(
      org.id,
      { incidentId, acknowledged: filter.acknowledged },
      { ...page, afterId: cursorId(page.cursor) },
    );
  }

  /**
   * Acknowledges a metric alert: someone has it in hand. Twice keeps the first; an e-mail or
   * webhook not yet sent for it is cancelled by the delivery worker.
   * @throws AppError `not_found`.
   */
  async ackAlert(ctx: RequestContext, orgSlug: string, id: string): Promise<MetricAlert> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'alert:ack');
      const alert = await tx.metrics.findAlert(org.id, id);
      if (!alert) throw notFound('alert');
      const now = this.deps.clock().toISOString();
      if (await tx.metrics.ackAlert(org.id, id, principalLabel(ctx.principal).label, now)) {
        await audit(tx, ctx, org, now, {
          action: 'alert_acknowledged',
          recordType: 'metric_alert',
          recordId: id,
          incidentId: alert.incidentId,
          before: alert,
          after: { acknowledgedAt: now },
        });
      }
      return (await tx.metrics.findAlert(org.id, id))!;
    });
  }

  /**
   * The early-warning sweep over complete days up to `at`: for every organization with recent
   * feedback or cases, EWMA and CUSUM on daily complaint volume, negative-sentiment share and
   * per-theme volume (the first `baselineDays` days are the baseline), and relapse detection for
   * themes linked to done actions. Each new alarm is stored once (organization × incident × metric
   * × detector × day) and queues an e-mail to the owners and admins and a signed webhook to each
   * active webhook subscription, in the same transaction.
   * @returns how many alerts were raised.
   */
  async raiseMetricAlerts(at: Date = this.deps.clock()): Promise<number> {
    const store = this.deps.store;
    const { baselineDays, monitoredDays } = ALERT_SWEEP_DEFAULTS;
    const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
    const days = baselineDays + monitoredDays;
    const from = new Date(today - days * DAY_MS).toISOString();
    const to = new Date(today).toISOString();
    const dayKeys = Array.from({ length: days }, (_, i) =>
      new Date(today - (days - i) * DAY_MS).toISOString().slice(0, 10),
    );
    const index = new Map(dayKeys.map((d, i) => [d, i]));
    const detectors: DetectorChoice[] = [
      { method: 'ewma', ...EWMA_DEFAULTS },
      { method: 'cusum', ...CUSUM_DEFAULTS },
    ];
    let raised = 0;
    for (const orgId of await store.metrics.activeOrganizations(from)) {
      const org = await store.accounts.findOrganizationById(orgId);
      if (!org) continue;
      const w: MetricsWindow = {
        organizationId: org.id,
        incidentId: null,
        from,
        split: from,
        to,
        interval: 'day',
      };
      const candidates: Omit<
        MetricAlert,
        'id' | 'organizationId' | 'message' | 'raisedAt' | 'acknowledgedAt' | 'acknowledgedBy'
      >[] = [];
      const zeros = () => new Array<number>(days).fill(0);

      // Complaint volume.
      const volume = zeros();
      for (const r of await store.metrics.caseVolume(w)) {
        const i = index.get(r.period);
        if (i !== undefined) volume[i]! += r.n;
      }
      if (volume.some((v) => v > 0)) {
        for (const d of detectors) {
          const m = monitor(volume, baselineDays, d, poissonLevel(volume.slice(0, baselineDays)));
          for (const i of m.alarms)
            candidates.push({
              incidentId: null,
              metric: 'complaints.volume',
              detector: d.method,
              period: dayKeys[i]!,
              value: volume[i]!,
              threshold: m.baseline.mean,
            });
        }
      }

      // Negative-sentiment share.
      const negatives = zeros();
      const totals = zeros();
      for (const r of await store.rollups.sentimentCounts(w, null)) {
        const i = index.get(r.period);
        if (i === undefined || r.sentiment === null) continue;
        totals[i]! += r.n;
        if (r.sentiment === 'negative') negatives[i]! += r.n;
      }
      for (const d of detectors) {
        const m = monitorShare(negatives, totals, baselineDays, d);
        if (!m) continue;
        for (const i of m.alarms)
          candidates.push({
            incidentId: null,
            metric: 'sentiment.negative',
            detector: d.method,
            period: dayKeys[i]!,
            value: negatives[i]! / Math.max(1, totals[i]!),
            threshold: m.p0,
          });
      }

      // Per-theme volume and relapse of themes whose action is done.
      const links = await store.metrics.themesOfDoneActions(org.id);
      const earliestDone = links.reduce((a, l) => (l.doneAt < a ? l.doneAt : a), from);
      const themeFrom = new Date(
        Math.max(Date.parse(bucketOf(earliestDone, 'day')), today - ORG_INCIDENT_LOOKBACK_DAYS * DAY_MS),
      ).toISOString();
      const longDays = Math.round((today - Date.parse(themeFrom)) / DAY_MS);
      const longKeys = Array.from({ length: longDays }, (_, i) =>
        new Date(Date.parse(themeFrom) + i * DAY_MS).toISOString().slice(0, 10),
      );
      const longIndex = new Map(longKeys.map((d, i) => [d, i]));
      const themes: Record<string, number[]> = {};
      for (const r of await store.metrics.themeVolumes(org.id, themeFrom, to, 'day')) {
        const i = longIndex.get(r.period);
        if (i === undefined) continue;
        (themes[r.theme] ??= new Array<number>(longDays).fill(0))[i]! += r.n;
      }
      const recent: Record<string, number[]> = {};
      for (const [theme, s] of Object.entries(themes)) {
        const tail = s.slice(longDays - days);
        if (tail.some((v) => v > 0)) recent[theme] = tail;
      }
      for (const d of detectors) {
        const alarms = monitorThemes(recent, baselineDays, d);
        for (const [theme, idx] of Object.entries(alarms)) {
          const base = recent[theme]!.slice(0, baselineDays);
          const mean = base.reduce((a, b) => a + b, 0) / baselineDays;
          for (const i of idx)
            candidates.push({
              incidentId: null,
              metric: `theme.${theme}`,
              detector: d.method,
              period: dayKeys[i]!,
              value: recent[theme]![i]!,
              threshold: mean,
            });
        }
      }
      for (const l of links) {
        const series = themes[l.theme];
        const doneIndex = longIndex.get(bucketOf(l.doneAt, 'day'));
        if (!series || doneIndex === undefined) continue;
        const r = detectRelapse(series, doneIndex);
        if (r.relapsed && r.index !== null)
          candidates.push({
            incidentId: null,
            metric: `theme.${l.theme}`,
            detector: 'relapse',
            period: longKeys[r.index]!,
            value: series[r.index]!,
            threshold: r.referenceRate,
          });
      }
      if (candidates.length === 0) continue;
      raised += await store.transaction((tx) => this.storeAlerts(tx, org, candidates, at.toISOString()));
    }
    return raised;
  }

  private async storeAlerts(
    tx: Store,
    org: Organization,
    candidates: Omit<
      MetricAlert,
      'id' | 'organizationId' | 'message' | 'raisedAt' | 'acknowledgedAt' | 'acknowledgedBy'
    >[],
    now: string,
  ): Promise<number> {
    const members = await tx.accounts.listMembers(org.id);
    const emails = [
      ...new Set(members.filter((m) => m.role === 'owner' || m.role === 'admin').map((m) => m.user.email)),
    ];
    const hooks = (await tx.deliveries.listSubscriptions(org.id, 'webhook')).filter(
      (s) => s.status === 'active',
    );
    let n = 0;
    let bumped = false;
    for (const c of candidates) {
      const alert: MetricAlert = {
        ...c,
        organizationId: org.id,
        id: newId(),
        message: alertMessage(c),
        raisedAt: now,
        acknowledgedAt: null,
        acknowledgedBy: null,
      };
      if (!bumped) {
        await tx.accounts.bumpDataVersion(org.id);
        bumped = true;
      }
      if (!(await tx.metrics.insertAlert(alert))) continue;
      n += 1;
      const base = {
        organizationId: org.id,
        sourceType: 'metric_alert' as const,
        sourceId: alert.id,
        sourceVersion: 1,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        contentHash: null,
        lastError: null,
        response: null,
        sentAt: null,
        createdAt: now,
        updatedAt: now,
      };
      for (const email of emails) {
        await tx.deliveries.insertDelivery({
          ...base,
          id: `metric_alert:${alert.id}:${email}`,
          subscriptionId: null,
          channel: 'email',
          recipient: email,
        });
      }
      for (const h of hooks) {
        if (h.incidentId !== null && h.incidentId !== alert.incidentId) continue;
        await tx.deliveries.insertDelivery({
          ...base,
          id: `metric_alert:${alert.id}:${h.id}:webhook`,
          subscriptionId: h.id,
          channel: 'webhook',
          recipient: h.address,
        });
      }
      await audit(tx, SWEEP, org, now, {
        action: 'metric_alert_raised',
        recordType: 'metric_alert',
        recordId: alert.id,
        incidentId: alert.incidentId,
        after: {
          metric: alert.metric,
          detector: alert.detector,
          period: alert.period,
          value: alert.value,
          threshold: alert.threshold,
          recipients: emails,
        },
      });
    }
    return n;
  }
}

/** Baseline level of a count series; a Poisson sd √max(mean, 1) when the baseline has no spread. */
function poissonLevel(base: number[]): { mean: number; sd: number } | undefined {
  const mean = base.reduce((a, b) => a + b, 0) / base.length;
  const variance = base.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, base.length - 1);
  return variance > 0 ? undefined : { mean, sd: Math.sqrt(Math.max(mean, 1)) };
}

/** The wire shape of an alert. */
export function alertView(a: MetricAlert): Dashboard['alerts'][number] {
  const { organizationId: _o, ...fields } = a;
  return fields;
}

function fitted(fit: Fit, t: number): number {
  return fit.model === 'linear' ? fit.a + fit.b * t : 1 - fit.a * Math.exp(-fit.b * t);
}

/**
 * The forecast of a series after its trough: `forecastRecovery` on the periods from the trough on
 * (time in periods since the trough, weighted by n), turned into dates and a cone. The cone runs
 * from the last period to the projected return: the middle line is the better fit, the edges reach
 * the baseline at the ends of the range (a straight path in the TRR scale), so it is as wide as the
 * range of return dates says.
 */
function forecastFor(
  after: { t: string; value: number | null; n: number }[],
  baseline: number,
  trough: { t: string; value: number },
  betterWhen: 'higher' | 'lower',
  unitDays: number,
): Forecast {
  const drop = betterWhen === 'higher' ? baseline - trough.value : trough.value - baseline;
  const empty = { model: null, date: null, low: null, high: null, probability: null, cone: [] };
  if (!(drop > 0))
    return { status: 'no_drop', ...empty, explanation: 'No drop below the baseline since the incident.' };
  const t0 = Date.parse(trough.t);
  const pts = after
    .filter((p) => p.t >= trough.t && p.value !== null)
    .map((p) => ({ t: (Date.parse(p.t) - t0) / (unitDays * DAY_MS), y: p.value!, weight: Math.max(1, p.n) }));
  const u = (y: number) => (y - trough.value) / (baseline - trough.value);
  const y = (uu: number) => trough.value + uu * (baseline - trough.value);
  const last = pts[pts.length - 1];
  if (last && pts.length > 1 && u(last.y) >= 0.95) {
    return {
      status: 'recovered',
      ...empty,
      date: after.find((p) => p.t === new Date(t0 + last.t * unitDays * DAY_MS).toISOString())?.t ?? null,
      explanation: 'Back within 5 % of the drop from the baseline.',
    };
  }
  const f = forecastRecovery({ points: pts, baseline, trough: trough.value });
  if (f.status === 'insufficient_data')
    return { status: 'insufficient_data', ...empty, explanation: f.reason };
  if (f.status === 'not_recovering')
    return {
      status: 'not_recovering',
      ...empty,
      explanation: `Not recovering: ${f.reason} (slope p = ${f.p.toFixed(3)}).`,
    };
  const tLast = last!.t;
  const end = f.upper ?? Math.max(f.estimate, tLast) * 2;
  const cone: Forecast['cone'] = [];
  if (end > tLast) {
    const uLast = Math.min(1, fitted(f.fit, tLast));
    const path = (tt: number, reach: number) =>
      reach <= tLast ? 0.95 : Math.min(0.95, uLast + ((0.95 - uLast) * (tt - tLast)) / (reach - tLast));
    for (let i = 0; i <= 8; i++) {
      const tt = tLast + ((end - tLast) * i) / 8;
      const mid = y(Math.min(1, fitted(f.fit, tt)));
      const slow = y(path(tt, end));
      const fast = y(path(tt, Math.max(f.lower, tLast)));
      cone.push({
        t: timeToDate(trough.t, tt, unitDays)!,
        value: mid,
        low: Math.min(slow, fast, mid),
        high: Math.max(slow, fast, mid),
      });
    }
  }
  return {
    status: 'recovering',
    model: f.fit.model,
    date: timeToDate(trough.t, f.estimate, unitDays),
    low: timeToDate(trough.t, f.lower, unitDays),
    high: timeToDate(trough.t, f.upper, unitDays),
    probability: f.probability,
    cone,
    explanation: `${f.fit.model === 'linear' ? 'Linear' : 'Exponential'} return to the baseline${f.modelUncertain ? ' (neither model clearly better: the range spans both)' : ''}; ${Math.round(f.probability * 100)} % range${f.upper === null ? ', open-ended' : ''}.`,
  };
}

export type { MetricAlertDetector };
