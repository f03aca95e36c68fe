import { invalid } from '../errors.ts';
import {
  assertCount,
  DEFAULT_LEVEL,
  type Interval,
  poissonRate,
  type ProportionEstimate,
  type RateEstimate,
  wilson,
} from './proportions.ts';
import { assertLevel } from './dist.ts';

/**
 * Operational recovery metrics: complaint resolution rate, median time to resolve, SLA compliance,
 * time to first response and who disclosed first, leadership visibility, action completion against
 * plan, and the say–do ratio and commitment specificity with intervals. Counts come from SQL; only
 * the median needs the durations themselves. Research: trust-repair-science §8.4.
 */

/** Resolved complaints ÷ all complaints received in the period, with a Wilson interval. */
export function resolutionRate(
  resolved: number,
  received: number,
  level = DEFAULT_LEVEL,
): ProportionEstimate | null {
  return wilson(resolved, received, level);
}

/** Complaints resolved within their SLA ÷ complaints whose SLA has run out or that were resolved. */
export function slaCompliance(
  withinSla: number,
  measured: number,
  level = DEFAULT_LEVEL,
): ProportionEstimate | null {
  return wilson(withinSla, measured, level);
}

/**
 * Say–do ratio (Simons 2002; trust-repair-science §8.4): commitments kept on time ÷ commitments due,
 * with a Wilson interval; `domain/commitment.ts#sayDo` produces the counts.
 */
export function sayDoRatio(
  keptOnTime: number,
  due: number,
  level = DEFAULT_LEVEL,
): ProportionEstimate | null {
  return wilson(keptOnTime, due, level);
}

/** Commitment specificity: commitments with a date, an owner and a verification ÷ all, with Wilson. */
export function specificityRate(
  specific: number,
  total: number,
  level = DEFAULT_LEVEL,
): ProportionEstimate | null {
  return wilson(specific, total, level);
}

/**
 * Action completion against plan at a moment: of the actions the plan said would be finished by now
 * (due date passed, not dropped), the share that is done or verified — with Wilson. `aheadOfPlan`
 * counts actions finished before they were due, reported apart so they cannot mask late ones.
 */
export function actionCompletion(
  doneOfDue: number,
  due: number,
  aheadOfPlan = 0,
  level = DEFAULT_LEVEL,
): { onPlan: ProportionEstimate | null; aheadOfPlan: number } {
  assertCount('aheadOfPlan', aheadOfPlan);
  return { onPlan: wilson(doneOfDue, due, level), aheadOfPlan };
}

/** A median with a distribution-free interval from order statistics. */
export interface MedianEstimate extends Interval {
  n: number;
  /** The interval's actual coverage (≥ level), exact for continuous data. */
  coverage: number;
}

/**
 * Median with the distribution-free order-statistic interval (e.g. Conover, *Practical
 * Nonparametric Statistics*, §3.2): with B ~ Binomial(n, ½), take the largest r with P(B < r) ≤ α/2;
 * the interval is [x₍ᵣ₎, x₍ₙ₋ᵣ₊₁₎], coverage 1 − 2·P(B < r). For n ≤ 5 at 95 % no such r exists and
 * the interval is the whole sample range. Median: the middle value, or the mean of the two middle
 * values. Use it for time to resolve (resolved cases only; open cases are censored and reported by
 * count alongside).
 * @returns null when there are no values.
 */
export function medianWithInterval(values: readonly number[], level = DEFAULT_LEVEL): MedianEstimate | null {
  assertLevel(level);
  if (values.some((v) => !Number.isFinite(v))) throw invalid('values', 'must be finite numbers');
  const n = values.length;
  if (n === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const median = n % 2 ? xs[(n - 1) / 2]! : (xs[n / 2 - 1]! + xs[n / 2]!) / 2;
  // Cumulative binomial(n, ½) in log space: P(B ≤ k).
  const alphaHalf = (1 - level) / 2;
  const logHalfN = n * Math.log(0.5);
  let logC = 0;
  let cdf = 0;
  let r = 0; // largest r (1-based rank) with P(B ≤ r − 1) ≤ α/2; 0 means none
  for (let k = 0; k < n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    cdf += Math.exp(logC + logHalfN);
    if (cdf <= alphaHalf) r = k + 1;
    else break;
  }
  if (r === 0)
    return { estimate: median, lower: xs[0]!, upper: xs[n - 1]!, level, n, coverage: 1 - 2 * 0.5 ** n };
  // P(B < r) = P(B ≤ r − 1), recomputed for the reported coverage.
  let tail = 0;
  let lc = 0;
  for (let k = 0; k < r; k++) {
    if (k > 0) lc += Math.log(n - k + 1) - Math.log(k);
    tail += Math.exp(lc + logHalfN);
  }
  return { estimate: median, lower: xs[r - 1]!, upper: xs[n - r]!, level, n, coverage: 1 - 2 * tail };
}

/** Who made the incident known first (mirrors the incident's `disclosedBy`). */
export interface FirstResponse {
  /** Hours from detection to the first public acknowledgment; null while nothing is disclosed. */
  hoursToFirstResponse: number | null;
  /** True when the organization itself disclosed first ("stealing thunder"; Arpan & Roskos-Ewoldsen 2005). */
  disclosedFirst: boolean | null;
}

/**
 * Time to first response = disclosedAt − detectedAt, in hours, and whether the organization disclosed
 * first (trust-repair-science §8.4).
 * @throws AppError `validation` for unparseable timestamps or a disclosure before detection.
 */
export function firstResponse(
  detectedAt: string,
  disclosedAt: string | null,
  disclosedBy: string | null,
): FirstResponse {
  const d = Date.parse(detectedAt);
  if (Number.isNaN(d)) throw invalid('detectedAt', 'must be an ISO timestamp');
  if (disclosedAt === null)
    return {
      hoursToFirstResponse: null,
      disclosedFirst: disclosedBy === null ? null : disclosedBy === 'organization',
    };
  const s = Date.parse(disclosedAt);
  if (Number.isNaN(s)) throw invalid('disclosedAt', 'must be an ISO timestamp');
  if (s < d) throw invalid('disclosedAt', 'must not be before detectedAt');
  return {
    hoursToFirstResponse: (s - d) / 3_600_000,
    disclosedFirst: disclosedBy === null ? null : disclosedBy === 'organization',
  };
}

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * Leadership visibility: engagements per week for one audience over [from, to), with the Poisson
 * score interval of `poissonRate`.
 * @returns null for an empty period.
 */
export function leadershipVisibility(
  engagements: number,
  from: string,
  to: string,
  level = DEFAULT_LEVEL,
): RateEstimate | null {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) throw invalid('period', 'from and to must be ISO timestamps');
  if (b < a) throw invalid('period', 'to must not be before from');
  return poissonRate(engagements, (b - a) / WEEK_MS, level);
}
