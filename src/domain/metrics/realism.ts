import { invalid } from '../errors.ts';

/**
 * Timeline realism (DESIGN "Patience and realistic timelines"): does a commitment promise a
 * duration that this organization has almost never achieved for similar actions? Compares the
 * promised duration with the empirical distribution of how long similar completed actions really
 * took (same kind, same organization; chosen by the caller).
 */

/** Defaults: flag below the 5th percentile of history, and only with at least 10 similar actions. */
export const REALISM_DEFAULTS = { flagBelow: 0.05, minHistory: 10 };

/** Verdict on one promised duration. */
export type Realism =
  | { status: 'insufficient_history'; n: number; minHistory: number }
  | {
      status: 'ok';
      n: number;
      /**
       * Mid-rank empirical percentile of the promise among past durations, 0…1:
       * (#{h < promised} + ½·#{h = promised}) / n. 0.03 means only 3 % of similar actions were faster.
       */
      percentile: number;
      /** percentile < flagBelow: faster than nearly all history. */
      unrealistic: boolean;
      /** Quantiles of past durations (linear interpolation, Hyndman & Fan type 7). */
      median: number;
      p80: number;
      p95: number;
    };

/**
 * Sample quantile with linear interpolation between order statistics (Hyndman & Fan 1996, type 7;
 * the default of R and NumPy): h = (n − 1)·p, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎) on 0-based sorted x.
 * @throws AppError `validation` for an empty sample or p outside [0, 1].
 */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw invalid('values', 'must not be empty');
  if (!(p >= 0 && p <= 1)) throw invalid('p', 'must be between 0 and 1');
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

/**
 * Is a promised duration realistic against how long similar actions took here?
 * `history` holds the durations (any unit, same as `promised`; e.g. days from creation to done) of
 * similar completed actions. With fewer than `minHistory` of them there is no verdict.
 * @throws AppError `validation` for negative or non-finite durations.
 */
export function timelineRealism(
  promised: number,
  history: readonly number[],
  options: Partial<typeof REALISM_DEFAULTS> = {},
): Realism {
  const { flagBelow, minHistory } = { ...REALISM_DEFAULTS, ...options };
  if (!(promised >= 0) || !Number.isFinite(promised)) throw invalid('promised', 'must be a duration ≥ 0');
  if (history.some((h) => !(h >= 0) || !Number.isFinite(h)))
    throw invalid('history', 'durations must be ≥ 0');
  if (!(flagBelow > 0 && flagBelow < 1)) throw invalid('flagBelow', 'must be between 0 and 1');
  const n = history.length;
  if (n < minHistory || n === 0) return { status: 'insufficient_history', n, minHistory };
  let below = 0;
  let equal = 0;
  for (const h of history) {
    if (h < promised) below++;
    else if (h === promised) equal++;
  }
  const percentile = (below + equal / 2) / n;
  return {
    status: 'ok',
    n,
    percentile,
    unrealistic: percentile < flagBelow,
    median: quantile(history, 0.5),
    p80: quantile(history, 0.8),
    p95: quantile(history, 0.95),
  };
}

/** Days between two ISO timestamps (end − start). @throws AppError `validation` for bad timestamps. */
export function durationDays(start: string, end: string): number {
  const a = Date.parse(start);
  const b = Date.parse(end);
  if (Number.isNaN(a) || Number.isNaN(b)) throw invalid('date', 'must be ISO timestamps');
  return (b - a) / 86_400_000;
}
