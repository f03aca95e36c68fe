import { invalid } from '../errors.ts';
import { tFor, twoSidedTP } from './dist.ts';
import { DEFAULT_LEVEL, type Difference, type Interval } from './proportions.ts';

/**
 * Means from sufficient statistics: a t interval for one mean and Welch's t test for a change
 * between two periods. SQL gives `COUNT(x), SUM(x), SUM(x*x)` per group; `momentsFromSums` turns
 * them into a mean and sample variance. Research: listening-and-metrics §2.3, §2.5.
 */

/** Sample size, mean and unbiased sample variance (divisor n − 1; 0 when n < 2). */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/** A mean with its t interval, standard deviation and standard error. */
export interface MeanEstimate extends Interval {
  n: number;
  sd: number;
  se: number;
}

function assertMoments(m: Moments, path = 'moments'): void {
  if (!Number.isInteger(m.n) || m.n < 0) throw invalid(`${path}.n`, 'must be a whole number ≥ 0');
  if (!Number.isFinite(m.mean)) throw invalid(`${path}.mean`, 'must be a finite number');
  if (!(m.variance >= 0) || !Number.isFinite(m.variance)) throw invalid(`${path}.variance`, 'must be ≥ 0');
}

/**
 * Moments from SQL aggregates: mean = Σx/n, variance = (Σx² − (Σx)²/n)/(n − 1). The subtraction
 * loses precision when the mean is huge relative to the spread; rating scales (1–10) are far from
 * that. Small negative results of rounding are clipped to 0.
 * @returns null when n = 0.
 */
export function momentsFromSums(n: number, sum: number, sumSquares: number): Moments | null {
  if (!Number.isInteger(n) || n < 0) throw invalid('n', 'must be a whole number ≥ 0');
  if (!Number.isFinite(sum) || !Number.isFinite(sumSquares)) throw invalid('sum', 'must be finite numbers');
  if (n === 0) return null;
  const mean = sum / n;
  const variance = n < 2 ? 0 : Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
  return { n, mean, variance };
}

/** Moments of raw values by Welford's one-pass algorithm (Welford 1962); for tests and small inputs. */
export function momentsOf(values: readonly number[]): Moments | null {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) throw invalid('values', 'must be finite numbers');
    n++;
    const delta = v - mean;
    mean += delta / n;
    m2 += delta * (v - mean);
  }
  if (n === 0) return null;
  return { n, mean, variance: n < 2 ? 0 : m2 / (n - 1) };
}

/**
 * Merges the moments of two disjoint groups (Chan, Golub & LeVeque 1979), e.g. days into weeks:
 * M2 = M2a + M2b + δ²·na·nb/n with δ = mean_b − mean_a.
 */
export function combineMoments(a: Moments, b: Moments): Moments {
  assertMoments(a, 'a');
  assertMoments(b, 'b');
  const n = a.n + b.n;
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const delta = b.mean - a.mean;
  const mean = a.mean + (delta * b.n) / n;
  const m2 = a.variance * (a.n - 1) + b.variance * (b.n - 1) + (delta * delta * a.n * b.n) / n;
  return { n, mean, variance: n < 2 ? 0 : m2 / (n - 1) };
}

/**
 * Mean with a t interval: x̄ ± t(1 − α/2, n − 1)·s/√n (Student 1908).
 * @returns null when n < 2 (no spread to estimate from).
 */
export function meanInterval(m: Moments, level = DEFAULT_LEVEL): MeanEstimate | null {
  assertMoments(m);
  if (m.n < 2) return null;
  const sd = Math.sqrt(m.variance);
  const se = sd / Math.sqrt(m.n);
  const half = tFor(level, m.n - 1) * se;
  return { estimate: m.mean, lower: m.mean - half, upper: m.mean + half, level, n: m.n, sd, se };
}

/** Welch's test result: `Difference` plus the standard error and the Welch–Satterthwaite df. */
export interface WelchResult extends Difference {
  se: number;
  df: number;
}

/**
 * Welch's unequal-variance t test and interval for current − baseline (Welch 1947):
 * SE = √(s₁²/n₁ + s₂²/n₂), t = (x̄₁ − x̄₂)/SE, df = SE⁴ / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1))
 * (Welch–Satterthwaite), interval (x̄₁ − x̄₂) ± t(1 − α/2, df)·SE. When both samples have no spread,
 * the difference is certain: p = 0 if the means differ, 1 if not.
 * @returns null when either sample has fewer than 2 observations.
 */
export function welchTest(current: Moments, baseline: Moments, level = DEFAULT_LEVEL): WelchResult | null {
  assertMoments(current, 'current');
  assertMoments(baseline, 'baseline');
  if (current.n < 2 || baseline.n < 2) return null;
  const v1 = current.variance / current.n;
  const v2 = baseline.variance / baseline.n;
  const diff = current.mean - baseline.mean;
  const se = Math.sqrt(v1 + v2);
  if (se === 0) {
    const p = diff === 0 ? 1 : 0;
    const statistic = diff === 0 ? 0 : Math.sign(diff) * Infinity;
    const df = current.n + baseline.n - 2;
    return {
      estimate: diff,
      lower: diff,
      upper: diff,
      level,
      statistic,
      p,
      significant: p < 1 - level,
      se,
      df,
    };
  }
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (current.n - 1) + v2 ** 2 / (baseline.n - 1));
  const statistic = diff / se;
  const p = twoSidedTP(statistic, df);
  const half = tFor(level, df) * se;
  return {
    estimate: diff,
    lower: diff - half,
    upper: diff + half,
    level,
    statistic,
    p,
    significant: p < 1 - level,
    se,
    df,
  };
}
