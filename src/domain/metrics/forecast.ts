import { invalid } from '../errors.ts';
import { assertLevel, tCdf, tQuantile } from './dist.ts';

/**
 * Recovery forecasts (research listening-and-metrics §2.7; trust-repair-science §8.4): fit the
 * recent recovery of a measure from its trough back towards its pre-incident baseline, linearly and
 * as an exponential return, and report when it is projected to be back as a range with its
 * probability — or "not recovering" when the trend does not point back.
 *
 * Everything is fitted on the Trust Repair Ratio scale u = (y − trough) / (baseline − trough), so the
 * baseline is 1, the trough 0 and "better" is always up, whichever way the measure points.
 * "Back" means u ≥ 1 − tolerance (default tolerance 0.05: 95 % of the drop repaired): an
 * exponential return never reaches the baseline exactly.
 */

/** One period's value: `t` in any time unit (e.g. weeks since the trough), `weight` e.g. n or 1/SE². */
export interface Observation {
  t: number;
  y: number;
  weight?: number;
}

/** What to forecast. */
export interface ForecastInput {
  points: readonly Observation[];
  baseline: number;
  trough: number;
  /** Share of the drop that may remain for the measure to count as back (default 0.05). */
  tolerance?: number;
  /** Probability that the range holds the true return time (default 0.8). */
  level?: number;
  /** One-sided significance the recovery trend must reach (default 0.05). */
  alpha?: number;
}

/** A fitted model with its projected return time (in the units of `t`). */
export interface Fit {
  model: 'linear' | 'exponential';
  /** Weighted residual sum of squares on the u scale. */
  sse: number;
  /** linear: u = a + b·t; exponential: u = 1 − a·e^{−b·t} (b is the rate, 1/τ). */
  a: number;
  b: number;
  /** Projected time the fitted mean reaches 1 − tolerance. */
  estimate: number;
  lower: number;
  /** null when the range is open-ended (the data cannot rule out a very late return). */
  upper: number | null;
}

/** Outcome of `forecastRecovery`. */
export type Forecast =
  | { status: 'insufficient_data'; reason: string }
  | { status: 'not_recovering'; reason: string; slope: number; p: number }
  | {
      status: 'recovering';
      /** Projected return time (of the better fit). */
      estimate: number;
      /** The range that holds the true return time with probability `probability`. */
      lower: number;
      /** null when the range is open-ended. */
      upper: number | null;
      /** True when neither fit is clearly better, so the range spans both fits' ranges. */
      modelUncertain: boolean;
      /** The better fit (smaller weighted SSE). */
      fit: Fit;
      /** The other fit, when it could be made. */
      alternative: Fit | null;
      probability: number;
      /** Slope of the linear trend on the u scale and its one-sided p-value. */
      slope: number;
      p: number;
    };

/** Defaults of `forecastRecovery`. */
export const FORECAST_DEFAULTS = { tolerance: 0.05, level: 0.8, alpha: 0.05 };

interface Prepared {
  t: number[];
  u: number[];
  w: number[];
}

function weightedLine(d: Prepared) {
  const W = d.w.reduce((a, b) => a + b, 0);
  const tBar = d.t.reduce((s, t, i) => s + d.w[i]! * t, 0) / W;
  const uBar = d.u.reduce((s, u, i) => s + d.w[i]! * u, 0) / W;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < d.t.length; i++) {
    sxx += d.w[i]! * (d.t[i]! - tBar) ** 2;
    sxy += d.w[i]! * (d.t[i]! - tBar) * (d.u[i]! - uBar);
  }
  const b = sxy / sxx;
  const a = uBar - b * tBar;
  let sse = 0;
  for (let i = 0; i < d.t.length; i++) sse += d.w[i]! * (d.u[i]! - a - b * d.t[i]!) ** 2;
  return { a, b, sse, W, tBar, sxx };
}

/**
 * Linear fit with Fieller's interval for the time the mean line reaches the target (inverse
 * prediction; Fieller 1954, Draper & Smith §3.2): all t with
 * (a + b·t − target)² ≤ q²·s²·(1/W + (t − t̄)²/Sxx), q = t(1 − (1 − level)/2, n − 2). The set is a
 * bounded interval when the slope is significant at that level, else open-ended.
 */
function linearFit(d: Prepared, target: number, level: number): Fit {
  const { a, b, sse, W, tBar, sxx } = weightedLine(d);
  const n = d.t.length;
  const s2 = sse / (n - 2);
  const q2 = tQuantile(1 - (1 - level) / 2, n - 2) ** 2;
  const c0 = a - target;
  const A = b * b - (q2 * s2) / sxx;
  const B = 2 * c0 * b + (2 * q2 * s2 * tBar) / sxx;
  const C = c0 * c0 - q2 * s2 * (1 / W + (tBar * tBar) / sxx);
  const estimate = -c0 / b;
  // The set always holds the estimate, so with A > 0 the roots are real; clip rounding below 0.
  const disc = Math.max(0, B * B - 4 * A * C);
  if (A <= 0) return { model: 'linear', sse, a, b, estimate, lower: -Infinity, upper: null };
  const r1 = (-B - Math.sqrt(disc)) / (2 * A);
  const r2 = (-B + Math.sqrt(disc)) / (2 * A);
  return { model: 'linear', sse, a, b, estimate, lower: Math.min(r1, r2), upper: Math.max(r1, r2) };
}

/** Minimizes f over log-rate in [lo, hi]: a coarse grid, then golden-section search around the best. */
function minimizeLog(f: (r: number) => number, lo: number, hi: number): { r: number; value: number } {
  const N = 40;
  const L0 = Math.log(lo);
  const step = (Math.log(hi) - L0) / N;
  let best = 0;
  let bestV = Infinity;
  for (let i = 0; i <= N; i++) {
    const v = f(Math.exp(L0 + i * step));
    if (v < bestV) {
      bestV = v;
      best = i;
    }
  }
  let x0 = L0 + Math.max(0, best - 1) * step;
  let x3 = L0 + Math.min(N, best + 1) * step;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = x3 - g * (x3 - x0);
  let x2 = x0 + g * (x3 - x0);
  let f1 = f(Math.exp(x1));
  let f2 = f(Math.exp(x2));
  for (let i = 0; i < 30; i++) {
    if (f1 < f2) {
      x3 = x2;
      x2 = x1;
      f2 = f1;
      x1 = x3 - g * (x3 - x0);
      f1 = f(Math.exp(x1));
    } else {
      x0 = x1;
      x1 = x2;
      f1 = f2;
      x2 = x0 + g * (x3 - x0);
      f2 = f(Math.exp(x2));
    }
  }
  const r = f1 < f2 ? Math.exp(x1) : Math.exp(x2);
  const value = Math.min(f1, f2);
  return value <= bestV ? { r, value } : { r: Math.exp(L0 + best * step), value: bestV };
}

/**
 * Exponential return to the known baseline, u = 1 − A·e^{−r·t}, fitted by least squares: for each
 * rate r the amplitude has the closed form A = Σw(1 − u)e^{−rt} / Σw·e^{−2rt}, so the fit is a
 * one-dimensional search over r. Return time t* = ln(A/tol)/r. Its interval is the profile-likelihood
 * set {t*: SSEₚ(t*) ≤ SSEₘᵢₙ·(1 + F(level; 1, n − 2)/(n − 2))} (Bates & Watts 1988, §6.1), where
 * SSEₚ(t*) refits r with the model written as u = 1 − tol·e^{r(t* − t)}.
 */
function exponentialFit(d: Prepared, tol: number, level: number): Fit | null {
  const n = d.t.length;
  const tMin = Math.min(...d.t);
  const span = Math.max(...d.t) - tMin;
  const lo = 1e-3 / span;
  const hi = 20 / span;
  // Times are shifted to start at 0 so e^{−rt} stays in range; shifted back at the end.
  const ts = d.t.map((t) => t - tMin);
  const amplitude = (r: number) => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-r * ts[i]!);
      num += d.w[i]! * (1 - d.u[i]!) * e;
      den += d.w[i]! * e * e;
    }
    return num / den;
  };
  const sseAt = (r: number, A: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += d.w[i]! * (d.u[i]! - 1 + A * Math.exp(-r * ts[i]!)) ** 2;
    return s;
  };
  const best = minimizeLog((r) => sseAt(r, amplitude(r)), lo, hi);
  const A = amplitude(best.r);
  if (!(A > tol)) return null;
  const estimate = Math.log(A / tol) / best.r;
  const sseMin = best.value;
  const F = tQuantile(1 - (1 - level) / 2, n - 2) ** 2;
  const threshold = sseMin * (1 + F / (n - 2)) + 1e-12;
  // Profile SSE at a fixed return time: one free parameter, the rate.
  const profile = (tStar: number) =>
    minimizeLog(
      (r) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += d.w[i]! * (d.u[i]! - 1 + tol * Math.exp(r * (tStar - ts[i]!))) ** 2;
        return s;
      },
      lo,
      hi,
    ).value;
  const bound = (dir: 1 | -1): number | null => {
    let inside = estimate;
    let stepSize = Math.max(span, 1) / 8;
    let outside: number | null = null;
    for (let i = 0; i < 40; i++) {
      const probe = inside + dir * stepSize;
      if (dir === -1 && probe < -20 * span) return -Infinity;
      if (profile(probe) > threshold) {
        outside = probe;
        break;
      }
      inside = probe;
      stepSize *= 1.6;
      if (dir === 1 && inside > 50 * span) return null;
    }
    if (outside === null) return dir === 1 ? null : -Infinity;
    let out: number = outside;
    for (let i = 0; i < 30; i++) {
      const mid = (inside + out) / 2;
      if (profile(mid) > threshold) out = mid;
      else inside = mid;
    }
    return (inside + out) / 2;
  };
  const lower = bound(-1) ?? -Infinity;
  const upper = bound(1);
  return {
    model: 'exponential',
    sse: sseMin,
    a: A * Math.exp(best.r * tMin),
    b: best.r,
    estimate: estimate + tMin,
    lower: lower + tMin,
    upper: upper === null ? null : upper + tMin,
  };
}

/**
 * Projects when a measure returns to its baseline.
 *
 * 1. Needs at least 4 points with distinct times and a baseline different from the trough.
 * 2. Trend test: weighted least-squares slope of u on t; one-sided t test with n − 2 df. When the slope
 *    does not point back towards the baseline, or p ≥ alpha, the answer is `not_recovering`.
 * 3. Both fits are made — linear (Fieller interval) and exponential return (profile interval). The
 *    better fit is the one with the smaller weighted residual sum of squares (both have two free
 *    parameters, so this is also the choice by AIC or BIC) and gives the estimate.
 * 4. The range is the better fit's interval when that fit is clearly better — the other's SSE exceeds
 *    SSEₘᵢₙ·(1 + F(level; 1, n − 2)/(n − 2)), the same bound as the profile interval — and otherwise
 *    the union of both fits' intervals (`modelUncertain`): picking a model on noisy data and then
 *    trusting its interval alone covers the true date far less often than stated.
 * 5. The range holds the true return time with probability `level`; `upper` null means open-ended.
 *    Times before the data mean it is already back.
 */
export function forecastRecovery(input: ForecastInput): Forecast {
  const { tolerance, level, alpha } = { ...FORECAST_DEFAULTS, ...dropUndefined(input) };
  assertLevel(level);
  if (!(tolerance > 0 && tolerance < 1)) throw invalid('tolerance', 'must be between 0 and 1');
  if (!(alpha > 0 && alpha < 1)) throw invalid('alpha', 'must be between 0 and 1');
  const { baseline, trough, points } = input;
  if (!Number.isFinite(baseline) || !Number.isFinite(trough))
    throw invalid('baseline', 'baseline and trough must be finite');
  points.forEach((p, i) => {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.y))
      throw invalid(`points.${i}`, 't and y must be finite numbers');
    if (p.weight !== undefined && !(p.weight > 0 && Number.isFinite(p.weight))) {
      throw invalid(`points.${i}.weight`, 'must be a finite number > 0');
    }
  });
  if (baseline === trough)
    return { status: 'insufficient_data', reason: 'the trough equals the baseline: nothing to recover' };
  if (points.length < 4) return { status: 'insufficient_data', reason: 'at least 4 periods are needed' };
  const d: Prepared = {
    t: points.map((p) => p.t),
    u: points.map((p) => (p.y - trough) / (baseline - trough)),
    w: points.map((p) => p.weight ?? 1),
  };
  if (new Set(d.t).size < 3)
    return { status: 'insufficient_data', reason: 'at least 3 distinct times are needed' };
  const n = d.t.length;
  const line = weightedLine(d);
  const se = Math.sqrt(line.sse / (n - 2) / line.sxx);
  const p = se === 0 ? (line.b > 0 ? 0 : 1) : 1 - tCdf(line.b / se, n - 2);
  if (!(line.b > 0) || !(p < alpha)) {
    const reason =
      line.b > 0
        ? 'the upward trend is not statistically significant'
        : 'the trend does not point back to the baseline';
    return { status: 'not_recovering', reason, slope: line.b, p };
  }
  const target = 1 - tolerance;
  const linear = linearFit(d, target, level);
  const exponential = exponentialFit(d, tolerance, level);
  const useExp = exponential !== null && exponential.sse < linear.sse;
  const fit = useExp ? exponential : linear;
  const alternative = useExp ? linear : exponential;
  const F = tQuantile(1 - (1 - level) / 2, n - 2) ** 2;
  const decisive = alternative === null || fit.sse * (1 + F / (n - 2)) < alternative.sse;
  const range = decisive
    ? { estimate: fit.estimate, lower: fit.lower, upper: fit.upper }
    : {
        estimate: fit.estimate,
        lower: Math.min(fit.lower, alternative.lower),
        upper:
          fit.upper === null || alternative.upper === null ? null : Math.max(fit.upper, alternative.upper),
      };
  return {
    status: 'recovering',
    ...range,
    modelUncertain: !decisive,
    fit,
    alternative,
    probability: level,
    slope: line.b,
    p,
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Converts a forecast time to an ISO date: `origin` + t·`unitDays` days.
 * @returns null for an open end; −∞ maps to null too.
 */
export function timeToDate(origin: string, t: number | null, unitDays = 1): string | null {
  const o = Date.parse(origin);
  if (Number.isNaN(o)) throw invalid('origin', 'must be an ISO timestamp');
  if (t === null || !Number.isFinite(t)) return null;
  return new Date(o + t * unitDays * 86_400_000).toISOString();
}
