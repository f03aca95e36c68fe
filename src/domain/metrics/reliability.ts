import { invalid } from '../errors.ts';
import { assertLevel, fQuantile } from './dist.ts';
import { momentsFromSums } from './means.ts';
import { DEFAULT_LEVEL, type Interval } from './proportions.ts';

/**
 * Internal consistency of a multi-item scale (a trust dimension measured by 3–6 items), per wave.
 * Research: trust-repair-science §8.2 (α ≥ .70 before comparing waves).
 */

/** Below this, a dimension's items do not hang together well enough to report their mean (§8.2). */
export const ALPHA_ACCEPTABLE = 0.7;

/**
 * Cronbach's alpha with Feldt's interval (`lower`, `upper` at `level`), the inputs' size and whether
 * the point estimate reaches `ALPHA_ACCEPTABLE`.
 */
export interface Reliability {
  alpha: number;
  lower: number;
  upper: number;
  level: number;
  items: number;
  n: number;
  acceptable: boolean;
}

/**
 * Feldt's confidence interval for Cronbach's alpha (Feldt 1965; Feldt, Woodruff & Salih 1987,
 * p. 95, formula 6). Under the two-way (respondents × items) model, (1 − α)/(1 − α̂) follows
 * F(n − 1, (n − 1)(k − 1)), so with γ = 1 − level:
 *
 *   lower = 1 − (1 − α̂)·F(1 − γ/2; n − 1, (n − 1)(k − 1))
 *   upper = 1 − (1 − α̂)·F(γ/2;     n − 1, (n − 1)(k − 1))
 *
 * The upper bound never exceeds 1; the lower bound is unbounded below (a negative α̂ or a handful of
 * respondents gives a very wide interval, which is the honest answer). α̂ = 1 gives [1, 1].
 * @throws AppError `validation` when α̂ > 1 or not finite, n < 2 or k < 2 (not whole numbers), or a
 * level outside (0, 1).
 */
export function feldtInterval(alpha: number, n: number, k: number, level = DEFAULT_LEVEL): Interval {
  assertLevel(level);
  if (!Number.isFinite(alpha) || alpha > 1) throw invalid('alpha', 'must be a finite number ≤ 1');
  if (!Number.isInteger(n) || n < 2) throw invalid('n', 'must be a whole number ≥ 2');
  if (!Number.isInteger(k) || k < 2) throw invalid('k', 'must be a whole number ≥ 2');
  const d1 = n - 1;
  const d2 = (n - 1) * (k - 1);
  const gamma = 1 - level;
  return {
    estimate: alpha,
    lower: 1 - (1 - alpha) * fQuantile(1 - gamma / 2, d1, d2),
    upper: 1 - (1 - alpha) * fQuantile(gamma / 2, d1, d2),
    level,
  };
}

/**
 * Cronbach's alpha (Cronbach 1951): α = k/(k − 1) · (1 − Σ σ²ᵢ / σ²ₓ), where σ²ᵢ are the item
 * variances and σ²ₓ the variance of the respondents' total (sum) scores, all with the same divisor.
 * Only complete responses (every item answered) may enter. α can be negative when items disagree.
 * The interval is Feldt's (`feldtInterval`) at `level`.
 * @returns null when the total variance is 0 (everyone gave the same total) or n < 2.
 * @throws AppError `validation` with fewer than 2 items or a negative variance.
 */
export function cronbachAlpha(
  itemVariances: readonly number[],
  totalVariance: number,
  n: number,
  level = DEFAULT_LEVEL,
): Reliability | null {
  const k = itemVariances.length;
  if (k < 2) throw invalid('itemVariances', 'needs at least 2 items');
  if (itemVariances.some((v) => !(v >= 0) || !Number.isFinite(v)) || !(totalVariance >= 0)) {
    throw invalid('itemVariances', 'variances must be finite numbers ≥ 0');
  }
  if (!Number.isInteger(n) || n < 0) throw invalid('n', 'must be a whole number ≥ 0');
  if (n < 2 || totalVariance === 0) return null;
  const sumItems = itemVariances.reduce((a, b) => a + b, 0);
  // Cauchy–Schwarz bounds α by 1; rounding in the sums can overshoot it by an ulp or two.
  const alpha = Math.min(1, (k / (k - 1)) * (1 - sumItems / totalVariance));
  const { lower, upper } = feldtInterval(alpha, n, k, level);
  return { alpha, lower, upper, level, items: k, n, acceptable: alpha >= ALPHA_ACCEPTABLE };
}

/** Σx and Σx² over respondents, for one item or for the total score. */
export interface Sums {
  sum: number;
  sumSquares: number;
}

/**
 * Cronbach's alpha from SQL aggregates over the n complete responses: per item `SUM(x), SUM(x*x)`,
 * and for the total score t = Σ items `SUM(t), SUM(t*t)`. Same formula and interval as `cronbachAlpha`.
 */
export function cronbachAlphaFromSums(
  n: number,
  items: readonly Sums[],
  total: Sums,
  level = DEFAULT_LEVEL,
): Reliability | null {
  if (!Number.isInteger(n) || n < 0) throw invalid('n', 'must be a whole number ≥ 0');
  if (n < 2) return null;
  const variances = items.map((s) => momentsFromSums(n, s.sum, s.sumSquares)!.variance);
  return cronbachAlpha(variances, momentsFromSums(n, total.sum, total.sumSquares)!.variance, n, level);
}
