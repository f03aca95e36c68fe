import { invalid } from '../errors.ts';
import { meanInterval, type MeanEstimate, type Moments } from './means.ts';
import {
  assertCount,
  DEFAULT_LEVEL,
  nps,
  type Interval,
  type NpsCounts,
  type NpsEstimate,
  type ProportionEstimate,
  wilson,
} from './proportions.ts';

/**
 * Survey and perception metrics: CSAT, NPS, CES, trust dimensions and the Trust Repair Ratio,
 * sentiment shares, net sentiment and share of voice. Inputs are counts per answer value (a
 * histogram) or moments, so SQL does the aggregation. Research: listening-and-metrics §2–§3,
 * trust-repair-science §8.
 */

/** Counts per answer value: `counts[v]` is how many people answered v (keys are the scale values). */
export type Histogram = Readonly<Record<number, number>>;

function histogramTotal(h: Histogram, min: number, max: number): number {
  let n = 0;
  for (const [key, count] of Object.entries(h)) {
    const v = Number(key);
    if (!Number.isInteger(v) || v < min || v > max)
      throw invalid('counts', `answer ${key} is outside ${min}–${max}`);
    assertCount(`counts.${key}`, count);
    n += count;
  }
  return n;
}

function countWhere(h: Histogram, pred: (v: number) => boolean): number {
  let x = 0;
  for (const [key, count] of Object.entries(h)) if (pred(Number(key))) x += count;
  return x;
}

/** Moments of a histogram, exact (no rounding of the answers). */
export function histogramMoments(h: Histogram): Moments | null {
  let n = 0;
  let sum = 0;
  for (const [key, count] of Object.entries(h)) {
    n += count;
    sum += Number(key) * count;
  }
  if (n === 0) return null;
  const mean = sum / n;
  let ss = 0;
  for (const [key, count] of Object.entries(h)) ss += count * (Number(key) - mean) ** 2;
  return { n, mean, variance: n < 2 ? 0 : ss / (n - 1) };
}

/**
 * CSAT top-2-box on a 1–`points` scale (default 5): the share answering in the top two values, with
 * a Wilson interval (research §2.2). Binary CSAT (good/bad) is `wilson(good, good + bad)`.
 * @returns null with no answers.
 */
export function csatTop2Box(counts: Histogram, points = 5, level = DEFAULT_LEVEL): ProportionEstimate | null {
  if (!Number.isInteger(points) || points < 3) throw invalid('points', 'a CSAT scale has at least 3 points');
  const n = histogramTotal(counts, 1, points);
  return wilson(
    countWhere(counts, (v) => v >= points - 1),
    n,
    level,
  );
}

/**
 * NPS from a histogram of 0–10 answers (promoters 9–10, passives 7–8, detractors 0–6), with the
 * adjusted-Wald interval of `nps`.
 */
export function npsFromHistogram(counts: Histogram, level = DEFAULT_LEVEL): NpsEstimate | null {
  histogramTotal(counts, 0, 10);
  return nps(npsCountsOf(counts), level);
}

/** Promoter, passive and detractor counts of a 0–10 histogram. */
export function npsCountsOf(counts: Histogram): NpsCounts {
  return {
    promoters: countWhere(counts, (v) => v >= 9),
    passives: countWhere(counts, (v) => v === 7 || v === 8),
    detractors: countWhere(counts, (v) => v <= 6),
  };
}

/**
 * A Customer Effort Score instrument. Versions are never mixed (research §2.3):
 * - `ces1` (CEB 2010): "how much effort…", 1–5, **lower is better**;
 * - `ces2` (Dixon, Toman & DeLisi 2013): "made it easy…", agreement 1–7 (or 1–5), **higher is better**.
 */
export interface CesScale {
  version: 'ces1' | 'ces2';
  points: 5 | 7;
}

/** CES summary for one instrument: the mean with a t interval and the "easy" share with Wilson. */
export interface CesEstimate {
  scale: CesScale;
  mean: MeanEstimate | null;
  /**
   * Share of answers on the "easy" side: ces2 — agreeing (5–7 on 7 points, 4–5 on 5 points);
   * ces1 — low effort (1–2).
   */
  easy: ProportionEstimate | null;
  n: number;
}

/** The key that identifies a CES scale; two summaries are comparable only when it is equal. */
export function cesScaleKey(s: CesScale): string {
  return `${s.version}/${s.points}`;
}

/**
 * CES for one instrument version from a histogram of its answers.
 * @throws AppError `validation` for answers outside the scale or an unknown scale.
 */
export function ces(scale: CesScale, counts: Histogram, level = DEFAULT_LEVEL): CesEstimate {
  if (
    !(scale.version === 'ces1' || scale.version === 'ces2') ||
    !(scale.points === 5 || scale.points === 7)
  ) {
    throw invalid('scale', 'must be ces1 or ces2 on 5 or 7 points');
  }
  const n = histogramTotal(counts, 1, scale.points);
  const m = histogramMoments(counts);
  const easyCut =
    scale.version === 'ces1' ? (v: number) => v <= 2 : (v: number) => v > (scale.points + 1) / 2;
  return {
    scale,
    mean: m ? meanInterval(m, level) : null,
    easy: wilson(countWhere(counts, easyCut), n, level),
    n,
  };
}

/**
 * Refuses to compare two CES results measured on different scale versions (never mixed).
 * @throws AppError `validation` when the scales differ.
 */
export function assertSameCesScale(a: CesScale, b: CesScale): void {
  if (cesScaleKey(a) !== cesScaleKey(b)) {
    throw invalid(
      'scale',
      `CES ${cesScaleKey(a)} and ${cesScaleKey(b)} are different instruments; compare like with like`,
    );
  }
}

/** The trust dimensions measured per wave (trust-repair-science §8.1). */
export const TRUST_DIMENSIONS = [
  'ability',
  'benevolence',
  'integrity',
  'distrust',
  'behavioural_integrity',
] as const;
export type TrustDimension = (typeof TRUST_DIMENSIONS)[number];

/** Whether a higher score is better; distrust is the one where lower is better. */
export function higherIsBetter(d: TrustDimension): boolean {
  return d !== 'distrust';
}

/** Outcome of the Trust Repair Ratio. */
export type TrustRepair =
  | { status: 'ok'; ratio: number; direction: 'higher_is_better' | 'lower_is_better' }
  /** The trough is not worse than the baseline by more than `minDrop`: there is nothing to repair. */
  | { status: 'no_drop'; ratio: null; direction: 'higher_is_better' | 'lower_is_better' };

/**
 * Trust Repair Ratio (trust-repair-science §8.4): TRR = (current − trough) / (baseline − trough).
 * 0 = no repair, 1 = complete repair (back to the pre-incident level); it is negative when things got
 * worse than the trough and above 1 when the measure overshot the baseline. The formula is the same
 * whichever way the scale points (for distrust the trough is a peak); `higherIsBetter` only decides
 * whether there was a drop. Undefined (`no_drop`) when the trough is not worse than the baseline by
 * more than `minDrop` (default 0): a zero or reversed denominator.
 */
export function trustRepairRatio(
  baseline: number,
  trough: number,
  current: number,
  options: { higherIsBetter?: boolean; minDrop?: number } = {},
): TrustRepair {
  for (const [k, v] of Object.entries({ baseline, trough, current })) {
    if (!Number.isFinite(v)) throw invalid(k, 'must be a finite number');
  }
  const up = options.higherIsBetter ?? true;
  const direction = up ? 'higher_is_better' : 'lower_is_better';
  const drop = up ? baseline - trough : trough - baseline;
  if (!(drop > (options.minDrop ?? 0))) return { status: 'no_drop', ratio: null, direction };
  return { status: 'ok', ratio: (current - trough) / (baseline - trough), direction };
}

/** A trust dimension's wave result: the mean with its interval. */
export function trustDimensionMean(m: Moments, level = DEFAULT_LEVEL): MeanEstimate | null {
  return meanInterval(m, level);
}

/** Counts of feedback or mentions by sentiment label. `mixed` is optional (counted as its own class). */
export interface SentimentCounts {
  positive: number;
  neutral: number;
  negative: number;
  mixed?: number;
}

/** Each sentiment class's share of all labelled items, with a Wilson interval. */
export interface SentimentShares {
  n: number;
  positive: ProportionEstimate | null;
  neutral: ProportionEstimate | null;
  negative: ProportionEstimate | null;
  mixed: ProportionEstimate | null;
}

/** Sentiment shares with Wilson intervals (research §4.3: report the negative rate with an interval). */
export function sentimentShares(c: SentimentCounts, level = DEFAULT_LEVEL): SentimentShares {
  const mixed = c.mixed ?? 0;
  for (const [k, v] of Object.entries({ ...c, mixed })) assertCount(k, v);
  const n = c.positive + c.neutral + c.negative + mixed;
  return {
    n,
    positive: wilson(c.positive, n, level),
    neutral: wilson(c.neutral, n, level),
    negative: wilson(c.negative, n, level),
    mixed: wilson(mixed, n, level),
  };
}

/**
 * How net sentiment is defined; vendors differ, so the definition is stored with the metric
 * (research §3.3):
 * - `all`: (positive − negative) / all mentions × 100, neutral and mixed in the denominator;
 *   interval: adjusted Wald as for NPS (positive ↔ promoter, negative ↔ detractor);
 * - `polar`: (positive − negative) / (positive + negative) × 100 = (2q − 1)·100 with q the positive
 *   share among polar mentions; interval: Wilson on q, transformed;
 * - `positive_ratio`: positive / (positive + negative) × 100 (e.g. SentiOne's Brand Health Index);
 *   interval: Wilson.
 */
export type NetSentimentDefinition = 'all' | 'polar' | 'positive_ratio';

/** The default net sentiment definition. */
export const DEFAULT_NET_SENTIMENT: NetSentimentDefinition = 'all';

/** Net sentiment on a 0–100 or −100…100 scale, with its interval and definition. */
export interface NetSentiment extends Interval {
  definition: NetSentimentDefinition;
  n: number;
}

/** Net sentiment under the chosen definition (see `NetSentimentDefinition`). @returns null when n = 0. */
export function netSentiment(
  c: SentimentCounts,
  definition: NetSentimentDefinition = DEFAULT_NET_SENTIMENT,
  level = DEFAULT_LEVEL,
): NetSentiment | null {
  const shares = sentimentShares(c, level);
  if (definition === 'all') {
    const r = nps(
      { promoters: c.positive, passives: c.neutral + (c.mixed ?? 0), detractors: c.negative },
      level,
    );
    return r && { estimate: r.estimate, lower: r.lower, upper: r.upper, level, definition, n: shares.n };
  }
  if (definition !== 'polar' && definition !== 'positive_ratio') {
    throw invalid('definition', 'must be all, polar or positive_ratio');
  }
  const w = wilson(c.positive, c.positive + c.negative, level);
  if (!w) return null;
  const f = definition === 'polar' ? (q: number) => 100 * (2 * q - 1) : (q: number) => 100 * q;
  return { estimate: f(w.estimate), lower: f(w.lower), upper: f(w.upper), level, definition, n: w.n };
}

/** Share of voice: the organization's share of all mentions in a fixed peer panel. */
export interface ShareOfVoice {
  own: ProportionEstimate | null;
  /** Each named peer's share of the same total. */
  peers: Record<string, number>;
  total: number;
}

/**
 * Share of voice (research §3.3) = own mentions / (own + all named peers' mentions), with a Wilson
 * interval. Reach- or engagement-weighted volumes go to `weightedShareOfVoice` instead — weights
 * break the binomial model, so that variant has no interval. Keep the peer panel fixed across
 * periods: changing it breaks the trend line.
 */
export function shareOfVoice(
  own: number,
  peers: Readonly<Record<string, number>>,
  level = DEFAULT_LEVEL,
): ShareOfVoice {
  assertCount('own', own);
  let total = own;
  for (const [name, v] of Object.entries(peers)) {
    assertCount(`peers.${name}`, v);
    total += v;
  }
  const shares: Record<string, number> = {};
  for (const [name, v] of Object.entries(peers)) shares[name] = total ? v / total : 0;
  return { own: wilson(own, total, level), peers: shares, total };
}

/** Share of voice on weighted volume (reach, impressions): a plain ratio, no interval. */
export function weightedShareOfVoice(own: number, peers: Readonly<Record<string, number>>): number | null {
  const values = [own, ...Object.values(peers)];
  if (values.some((v) => !(v >= 0) || !Number.isFinite(v))) throw invalid('weights', 'must be numbers ≥ 0');
  const total = values.reduce((a, b) => a + b, 0);
  return total === 0 ? null : own / total;
}
