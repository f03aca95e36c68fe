import { invalid } from '../errors.ts';
import { chiSquareSf } from './dist.ts';
import { assertCount } from './proportions.ts';

/**
 * Comparing a period with the pre-incident baseline: the baseline window, the respondent-mix
 * shift flag and the Benjamini–Hochberg adjustment across many changes tested at once. The change tests themselves are `proportionDifference` (Newcombe interval + z test),
 * `npsDifference` and `welchTest`. Research: listening-and-metrics §2.5.
 */

/** How the baseline window before an incident is chosen. */
export interface BaselineConfig {
  /** Length of the window in days (default 84: twelve weeks, research §2.6 suggests 8–12 weeks). */
  days: number;
  /** Days left out just before the incident, e.g. when it began before it was detected (default 0). */
  gapDays: number;
}

/** The default baseline window: the 84 days before the incident. */
export const DEFAULT_BASELINE: BaselineConfig = { days: 84, gapDays: 0 };

const DAY_MS = 86_400_000;

/**
 * The baseline window [from, to) ending `gapDays` before `incidentStart` (the dashboard passes
 * the incident's `detectedAt`) and lasting `days`.
 * @throws AppError `validation` for a bad timestamp or non-positive length.
 */
export function baselineWindow(
  incidentStart: string,
  config: Partial<BaselineConfig> = {},
): { from: string; to: string } {
  const { days, gapDays } = { ...DEFAULT_BASELINE, ...config };
  const t = Date.parse(incidentStart);
  if (Number.isNaN(t)) throw invalid('incidentStart', 'must be an ISO timestamp');
  if (!(days > 0) || !(gapDays >= 0)) throw invalid('baseline', 'days must be > 0 and gapDays ≥ 0');
  const to = t - gapDays * DAY_MS;
  return { from: new Date(to - days * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

/** Result of the respondent-mix check. */
export interface MixShift {
  /** Pearson chi-square statistic of homogeneity (2 × k table). */
  chiSquare: number;
  df: number;
  p: number;
  /** Total-variation distance between the two mixes: ½·Σ|aᵢ − bᵢ|, 0…1. */
  tvd: number;
  /** p < alpha and tvd ≥ minTvd: a shift that is both real and large enough to bias a comparison. */
  shifted: boolean;
}

/** Defaults of the mix-shift flag: significance 0.05 and a total-variation distance of at least 0.1. */
export const MIX_SHIFT_DEFAULTS = { alpha: 0.05, minTvd: 0.1 };

/**
 * Did the respondent mix (counts per segment — audience, affected/unaffected, channel) shift between
 * the baseline and the current period? Both a chi-square test of homogeneity on the 2 × k table
 * (Pearson 1900; df = k − 1 over segments present in either period; p from `chiSquareSf`) and the
 * total-variation distance between the two share vectors. Flags when the shift is significant **and**
 * material (TVD ≥ 0.1 by default): with thousands of answers the test alone flags negligible
 * shifts, and with a handful the distance alone flags noise. When it flags, compare per segment or
 * reweight to the baseline mix (research §2.5).
 * @returns null when either period has no respondents.
 */
export function mixShift(
  baseline: Readonly<Record<string, number>>,
  current: Readonly<Record<string, number>>,
  options: Partial<typeof MIX_SHIFT_DEFAULTS> = {},
): MixShift | null {
  const { alpha, minTvd } = { ...MIX_SHIFT_DEFAULTS, ...options };
  const keys = [...new Set([...Object.keys(baseline), ...Object.keys(current)])];
  for (const k of keys) {
    assertCount(`baseline.${k}`, baseline[k] ?? 0);
    assertCount(`current.${k}`, current[k] ?? 0);
  }
  const nb = keys.reduce((s, k) => s + (baseline[k] ?? 0), 0);
  const nc = keys.reduce((s, k) => s + (current[k] ?? 0), 0);
  if (nb === 0 || nc === 0) return null;
  const present = keys.filter((k) => (baseline[k] ?? 0) + (current[k] ?? 0) > 0);
  const n = nb + nc;
  let chiSquare = 0;
  let tvd = 0;
  for (const k of present) {
    const b = baseline[k] ?? 0;
    const c = current[k] ?? 0;
    const col = b + c;
    const eb = (nb * col) / n;
    const ec = (nc * col) / n;
    chiSquare += (b - eb) ** 2 / eb + (c - ec) ** 2 / ec;
    tvd += Math.abs(b / nb - c / nc) / 2;
  }
  const df = present.length - 1;
  const p = df === 0 ? 1 : chiSquareSf(chiSquare, df);
  return { chiSquare, df, p, tvd, shifted: p < alpha && tvd >= minTvd };
}

/** The false discovery rate the dashboard controls across its cards (Benjamini & Hochberg 1995). */
export const DEFAULT_FDR = 0.05;

/**
 * Benjamini–Hochberg adjusted p-values (q-values) for a family of tests (Benjamini & Hochberg 1995;
 * the step-up form of `p.adjust(p, 'BH')` in R and `scipy.stats.false_discovery_control`):
 * with the m p-values sorted ascending, q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j). Rejecting every
 * hypothesis with q ≤ FDR is the BH procedure at that FDR (p₍ᵢ₎ ≤ i·FDR/m for the largest such i), and
 * controls the expected share of false discoveries for independent or positively dependent tests.
 * `null` entries (no test) keep their place, come back `null` and do not count in m.
 * @throws AppError `validation` when a p-value is not a number in [0, 1].
 */
export function benjaminiHochberg(ps: readonly (number | null)[]): (number | null)[] {
  const tested: { p: number; at: number }[] = [];
  ps.forEach((p, at) => {
    if (p === null) return;
    if (!(p >= 0 && p <= 1)) throw invalid(`p.${at}`, 'must be a number from 0 to 1');
    tested.push({ p, at });
  });
  const out: (number | null)[] = ps.map(() => null);
  const m = tested.length;
  tested.sort((a, b) => a.p - b.p || a.at - b.at);
  let running = 1;
  for (let i = m - 1; i >= 0; i--) {
    const t = tested[i]!;
    running = Math.min(running, (m * t.p) / (i + 1));
    // m·p/m can round one ulp below p; an adjusted p-value is never smaller than the raw one.
    out[t.at] = Math.max(t.p, running);
  }
  return out;
}
