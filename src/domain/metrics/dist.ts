import fQuantileImpl from '@stdlib/stats-base-dists-f-quantile';
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import { invalid } from '../errors.ts';

/**
 * Distribution functions used by the metrics. Normal, Student t and the F quantile come from the
 * per-function @stdlib packages (accurate to double precision; research listening-and-metrics §4.4). The
 * chi-square tail, for which no package is installed, uses the exact finite series for integer
 * degrees of freedom (Abramowitz & Stegun 1964, 26.4.4–26.4.5), built on the @stdlib normal.
 */

/** Φ(x), the standard normal distribution function. */
export function normalCdf(x: number): number {
  return normalCdfImpl(x, 0, 1);
}

/** Φ⁻¹(p), the standard normal quantile. */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** P(T ≤ x) for Student's t with `df` degrees of freedom (any real df > 0, e.g. Welch's). */
export function tCdf(x: number, df: number): number {
  return tCdfImpl(x, df);
}

/** The p-quantile of Student's t with `df` degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

/**
 * The p-quantile of the F distribution with `d1` and `d2` degrees of freedom (Feldt's interval for
 * Cronbach's alpha).
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  return fQuantileImpl(p, d1, d2);
}

/** z for a two-sided interval at `level`, e.g. 1.959964 for 0.95. */
export function zFor(level: number): number {
  assertLevel(level);
  return normalQuantile(1 - (1 - level) / 2);
}

/** t for a two-sided interval at `level` with `df` degrees of freedom. */
export function tFor(level: number, df: number): number {
  assertLevel(level);
  return tQuantile(1 - (1 - level) / 2, df);
}

/** Two-sided p-value of a standard normal statistic: 2·(1 − Φ(|z|)). */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom. */
export function twoSidedTP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/**
 * Upper tail P(X > x) of the chi-square distribution with an integer number of degrees of freedom ν.
 *
 * - even ν (A&S 26.4.5): Q = e^{−x/2} · Σ_{r=0}^{ν/2−1} (x/2)^r / r!
 * - odd ν (A&S 26.4.4): Q = 2·(1 − Φ(√x)) + 2·φ(√x) · Σ_{r=1}^{(ν−1)/2} x^{(2r−1)/2} / (1·3·…·(2r−1))
 *
 * Terms are summed in log space so large x and ν neither overflow nor underflow early.
 * @throws AppError `validation` when ν is not a positive integer or x is negative or not finite.
 */
export function chiSquareSf(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw invalid('df', 'must be a positive integer');
  if (!(x >= 0) || !Number.isFinite(x)) throw invalid('x', 'must be a finite number ≥ 0');
  if (x === 0) return 1;
  let sum = 0;
  if (df % 2 === 0) {
    const half = x / 2;
    let logTerm = -half; // r = 0
    for (let r = 0; r < df / 2; r++) {
      if (r > 0) logTerm += Math.log(half) - Math.log(r);
      sum += Math.exp(logTerm);
    }
    return Math.min(1, sum);
  }
  const s = Math.sqrt(x);
  // log φ(√x) = −x/2 − ½·ln(2π); first series term r = 1 is √x.
  let logTerm = -x / 2 - 0.5 * Math.log(2 * Math.PI) + Math.log(s);
  for (let r = 1; r <= (df - 1) / 2; r++) {
    if (r > 1) logTerm += Math.log(x) - Math.log(2 * r - 1);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, 2 * normalCdf(-s) + 2 * sum);
}

/** @throws AppError `validation` unless 0 < level < 1. */
export function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw invalid('level', 'must be between 0 and 1 (e.g. 0.95)');
}
