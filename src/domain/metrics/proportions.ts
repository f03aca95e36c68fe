import { invalid } from '../errors.ts';
import { twoSidedNormalP, zFor } from './dist.ts';

/**
 * Proportions and their intervals: Wilson (single share), adjusted Wald (NPS), Newcombe's hybrid
 * score interval (difference of two shares), the two-proportion z test and a score interval for a
 * Poisson rate. All take counts, so callers aggregate in SQL and never load responses.
 * Research: listening-and-metrics §2.1, §2.2, §2.5.
 */

/** A point estimate with a two-sided interval at `level` (e.g. 0.95). */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
}

/** A share x/n with its interval. */
export interface ProportionEstimate extends Interval {
  x: number;
  n: number;
}

/** The default confidence level of every interval. */
export const DEFAULT_LEVEL = 0.95;

/** @throws AppError `validation` unless `value` is an integer ≥ 0. */
export function assertCount(path: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw invalid(path, 'must be a whole number ≥ 0');
}

function assertShare(x: number, n: number): void {
  assertCount('x', x);
  assertCount('n', n);
  if (x > n) throw invalid('x', 'cannot exceed n');
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Wilson score interval for x successes out of n (Wilson 1927; Newcombe 1998 method 3):
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)
 *
 * It stays inside [0, 1], always contains p̂, and keeps near-nominal coverage for small n.
 * Example (research §2.2): 41/50 → 0.692 to 0.902.
 * @returns null when n = 0 (nothing to estimate).
 * @throws AppError `validation` for negative or fractional counts, or x > n.
 */
export function wilson(x: number, n: number, level = DEFAULT_LEVEL): ProportionEstimate | null {
  assertShare(x, n);
  const z = zFor(level);
  if (n === 0) return null;
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact ends at 0 and n, and guard rounding so the interval always holds p̂.
  const lower = x === 0 ? 0 : Math.min(p, clamp(centre - half, 0, 1));
  const upper = x === n ? 1 : Math.max(p, clamp(centre + half, 0, 1));
  return { estimate: p, lower, upper, level, x, n };
}

/** Answer counts of a 0–10 "how likely to recommend" question. */
export interface NpsCounts {
  /** Answers 9–10. */
  promoters: number;
  /** Answers 7–8. */
  passives: number;
  /** Answers 0–6. */
  detractors: number;
}

/** NPS (−100…100) with its interval and the counts it came from. */
export interface NpsEstimate extends Interval {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Standard error of the point estimate, in NPS points: 100·√((p + d − (p − d)²)/n). */
  se: number;
}

function npsParts(c: NpsCounts) {
  assertCount('promoters', c.promoters);
  assertCount('passives', c.passives);
  assertCount('detractors', c.detractors);
  const n = c.promoters + c.passives + c.detractors;
  return { n, p: n ? c.promoters / n : 0, d: n ? c.detractors / n : 0 };
}

/** Variance of one coded answer (+1 promoter, 0 passive, −1 detractor) given the two shares. */
const npsVar = (p: number, d: number) => Math.max(0, p + d - (p - d) ** 2);

/** The adjusted-Wald centre and standard error (on the −1…1 scale): n + 3, ¾ promoter, ¾ detractor. */
function adjusted(c: NpsCounts, n: number) {
  const na = n + 3;
  const pa = (c.promoters + 0.75) / na;
  const da = (c.detractors + 0.75) / na;
  return { centre: pa - da, se: Math.sqrt(npsVar(pa, da) / na) };
}

/**
 * Net Promoter Score with the adjusted-Wald interval (Rocks 2016, *The American Statistician*;
 * MeasuringU): NPS = 100·(p − d); the interval is Wald on the adjusted counts — add 3 to n and ¾ to
 * the promoter and detractor counts — then clipped to −100…100. For n < 5 at extreme splits the
 * adjusted interval can miss the observed NPS; it is then widened to include it, so the interval
 * always contains the estimate. Example (research §2.1): 180/120/100 → NPS 20, SE 4.06,
 * 95 % interval 11.9 to 27.8.
 * @returns null when there are no answers.
 */
export function nps(c: NpsCounts, level = DEFAULT_LEVEL): NpsEstimate | null {
  const { n, p, d } = npsParts(c);
  const z = zFor(level);
  if (n === 0) return null;
  const estimate = p - d;
  const a = adjusted(c, n);
  const lower = Math.min(estimate, clamp(a.centre - z * a.se, -1, 1));
  const upper = Math.max(estimate, clamp(a.centre + z * a.se, -1, 1));
  return {
    estimate: 100 * estimate,
    lower: 100 * lower,
    upper: 100 * upper,
    level,
    n,
    ...c,
    se: 100 * Math.sqrt(npsVar(p, d) / n),
  };
}

/** A difference between two periods (current − baseline) with an interval and a two-sided test. */
export interface Difference extends Interval {
  /** Test statistic (z, or t for means). */
  statistic: number;
  /** Two-sided p-value of "no difference". */
  p: number;
  /** p < 1 − level: the change is statistically significant at the interval's level. */
  significant: boolean;
}

/**
 * Change in NPS between two independent samples, current − baseline, in NPS points. Test: z = D /
 * √(SE₁² + SE₂²) with the plain standard errors (research §2.5: 180/120/100 vs 150/130/140 → D = 17.6,
 * z = 3.07, p ≈ 0.002). Interval: the difference of the two adjusted-Wald centres ± z·√(SEa₁² + SEa₂²)
 * (Rocks 2016), widened if needed to contain D.
 * @returns null when either sample is empty.
 */
export function npsDifference(
  current: NpsCounts,
  baseline: NpsCounts,
  level = DEFAULT_LEVEL,
): Difference | null {
  const c = npsParts(current);
  const b = npsParts(baseline);
  const z = zFor(level);
  if (c.n === 0 || b.n === 0) return null;
  const diff = c.p - c.d - (b.p - b.d);
  const se = Math.sqrt(npsVar(c.p, c.d) / c.n + npsVar(b.p, b.d) / b.n);
  const ac = adjusted(current, c.n);
  const ab = adjusted(baseline, b.n);
  const centre = ac.centre - ab.centre;
  const seA = Math.sqrt(ac.se ** 2 + ab.se ** 2);
  const statistic = se === 0 ? (diff === 0 ? 0 : Math.sign(diff) * Infinity) : diff / se;
  const p = twoSidedNormalP(statistic);
  return {
    estimate: 100 * diff,
    lower: 100 * Math.min(diff, clamp(centre - z * seA, -2, 2)),
    upper: 100 * Math.max(diff, clamp(centre + z * seA, -2, 2)),
    level,
    statistic,
    p,
    significant: p < 1 - level,
  };
}

/**
 * Newcombe's hybrid score interval for p₁ − p₂ (Newcombe 1998, *Statistics in Medicine* 17:873,
 * method 10), built from the two Wilson intervals (l, u):
 *
 *   lower = D − √((p̂₁ − l₁)² + (u₂ − p̂₂)²),  upper = D + √((u₁ − p̂₁)² + (p̂₂ − l₂)²)
 *
 * with the pooled two-proportion z test (z = D / √(p̄(1−p̄)(1/n₁ + 1/n₂))) for the p-value; when
 * p̄ is 0 or 1 nothing differs and p = 1. Example (Newcombe Table II): 56/70 vs 48/80 → 0.0524 to
 * 0.3339. Here p₁ is the current period and p₂ the baseline.
 * @returns null when either n is 0.
 */
export function proportionDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = DEFAULT_LEVEL,
): Difference | null {
  const a = wilson(x1, n1, level);
  const b = wilson(x2, n2, level);
  if (!a || !b) return null;
  const d = a.estimate - b.estimate;
  const lower = d - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2);
  const upper = d + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2);
  const { z, p } = twoProportionZTest(x1, n1, x2, n2);
  return {
    estimate: d,
    lower: Math.max(-1, lower),
    upper: Math.min(1, upper),
    level,
    statistic: z,
    p,
    significant: p < 1 - level,
  };
}

/**
 * Pooled two-proportion z test of p₁ = p₂ (e.g. Agresti, *Categorical Data Analysis*, §3.1):
 * z = (p̂₁ − p̂₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)), p̄ = (x₁ + x₂)/(n₁ + n₂); two-sided p = 2(1 − Φ(|z|)).
 * z² equals Pearson's chi-square on the 2×2 table.
 * @throws AppError `validation` for bad counts or an empty sample.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  assertShare(x1, n1);
  assertShare(x2, n2);
  if (n1 === 0 || n2 === 0) throw invalid('n', 'both samples need at least one observation');
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: twoSidedNormalP(z) };
}

/** A rate: events per unit of exposure (e.g. engagements per week), with its interval. */
export interface RateEstimate extends Interval {
  events: number;
  exposure: number;
}

/**
 * Score interval for a Poisson rate (events x over exposure T; e.g. Barker 2002, "A comparison of
 * nine confidence intervals for a Poisson parameter"): (x + z²/2 ± z·√(x + z²/4)) / T. Like Wilson's,
 * it is never negative and gives a non-zero upper bound when x = 0.
 * @returns null when exposure is 0.
 * @throws AppError `validation` for a negative or fractional count or a negative exposure.
 */
export function poissonRate(events: number, exposure: number, level = DEFAULT_LEVEL): RateEstimate | null {
  assertCount('events', events);
  if (!(exposure >= 0) || !Number.isFinite(exposure)) throw invalid('exposure', 'must be a number ≥ 0');
  const z = zFor(level);
  if (exposure === 0) return null;
  const half = z * Math.sqrt(events + (z * z) / 4);
  const centre = events + (z * z) / 2;
  return {
    estimate: events / exposure,
    lower: events === 0 ? 0 : Math.min(events, centre - half) / exposure,
    upper: Math.max(events, centre + half) / exposure,
    level,
    events,
    exposure,
  };
}
