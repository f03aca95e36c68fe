import { invalid } from '../errors.ts';
import { momentsFromSums } from './means.ts';

/**
 * Internal consistency of a multi-item scale (a trust dimension measured by 3–6 items), per wave.
 * Research: trust-repair-science §8.2 (α ≥ .70 before comparing waves).
 */

/** Below this, a dimension's items do not hang together well enough to report their mean (§8.2). */
export const ALPHA_ACCEPTABLE = 0.7;

/** Cronbach's alpha with the inputs' size and whether it reaches `ALPHA_ACCEPTABLE`. */
export interface Reliability {
  alpha: number;
  items: number;
  n: number;
  acceptable: boolean;
}

/**
 * Cronbach's alpha (Cronbach 1951): α = k/(k − 1) · (1 − Σ σ²ᵢ / σ²ₓ), where σ²ᵢ are the item
 * variances and σ²ₓ the variance of the respondents' total (sum) scores, all with the same divisor.
 * Only complete responses (every item answered) may enter. α can be negative when items disagree.
 * @returns null when the total variance is 0 (everyone gave the same total) or n < 2.
 * @throws AppError `validation` with fewer than 2 items or a negative variance.
 */
export function cronbachAlpha(
  itemVariances: readonly number[],
  totalVariance: number,
  n: number,
): Reliability | null {
  const k = itemVariances.length;
  if (k < 2) throw invalid('itemVariances', 'needs at least 2 items');
  if (itemVariances.some((v) => !(v >= 0) || !Number.isFinite(v)) || !(totalVariance >= 0)) {
    throw invalid('itemVariances', 'variances must be finite numbers ≥ 0');
  }
  if (!Number.isInteger(n) || n < 0) throw invalid('n', 'must be a whole number ≥ 0');
  if (n < 2 || totalVariance === 0) return null;
  const sumItems = itemVariances.reduce((a, b) => a + b, 0);
  const alpha = (k / (k - 1)) * (1 - sumItems / totalVariance);
  return { alpha, items: k, n, acceptable: alpha >= ALPHA_ACCEPTABLE };
}

/** Σx and Σx² over respondents, for one item or for the total score. */
export interface Sums {
  sum: number;
  sumSquares: number;
}

/**
 * Cronbach's alpha from SQL aggregates over the n complete responses: per item `SUM(x), SUM(x*x)`,
 * and for the total score t = Σ items `SUM(t), SUM(t*t)`. Same formula as `cronbachAlpha`.
 */
export function cronbachAlphaFromSums(n: number, items: readonly Sums[], total: Sums): Reliability | null {
  if (!Number.isInteger(n) || n < 0) throw invalid('n', 'must be a whole number ≥ 0');
  if (n < 2) return null;
  const variances = items.map((s) => momentsFromSums(n, s.sum, s.sumSquares)!.variance);
  return cronbachAlpha(variances, momentsFromSums(n, total.sum, total.sumSquares)!.variance, n);
}
