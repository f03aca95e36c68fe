import type { Comparisons, Forecast, MetricCard, MetricSeries } from '../contract/dashboard.ts';

/**
 * Words and numbers for the dashboard's figures, shared by the console and the board report so both
 * say the same thing the same way. Shares and ratios travel as fractions (0.62) and read as
 * percentages ("62%"); scores (NPS) as whole points; means with one decimal.
 */

type Unit = MetricCard['unit'];

const PERCENT_UNITS: ReadonlySet<Unit> = new Set(['share', 'ratio']);

/** One figure in its unit: "62%", "+12", "3.8", "14 h", "2.5 d", "4.0/wk". */
export function formatValue(unit: Unit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'share':
    case 'ratio':
      return `${Math.round(value * 100)}%`;
    case 'score':
    case 'count':
      return String(Math.round(value));
    case 'mean':
      return value.toFixed(1);
    case 'hours':
      return `${value.toFixed(value < 10 ? 1 : 0)} h`;
    case 'days':
      return `${value.toFixed(value < 10 ? 1 : 0)} d`;
    case 'per_week':
      return `${value.toFixed(1)}/wk`;
  }
}

/** A figure with its interval: "62% (55–68%)", or "n/a" when there is no estimate. */
export function formatInterval(
  unit: Unit,
  iv: { value: number | null; low: number | null; high: number | null },
): string {
  if (iv.value === null) return 'n/a';
  if (iv.low === null || iv.high === null) return formatValue(unit, iv.value);
  const low = formatValue(unit, iv.low);
  const high = formatValue(unit, iv.high);
  return PERCENT_UNITS.has(unit)
    ? `${formatValue(unit, iv.value)} (${low.replace('%', '')}–${high})`
    : `${formatValue(unit, iv.value)} (${low}–${high})`;
}

/** The size of a difference in the unit's words: "6 points", "0.4", "12 percentage points". */
export function formatDifference(unit: Unit, diff: number): string {
  const abs = Math.abs(diff);
  switch (unit) {
    case 'share':
    case 'ratio': {
      const pp = Math.round(abs * 100);
      return `${pp} percentage ${pp === 1 ? 'point' : 'points'}`;
    }
    case 'score': {
      const p = Math.round(abs);
      return `${p} ${p === 1 ? 'point' : 'points'}`;
    }
    default:
      return formatValue(unit, abs);
  }
}

/** A signed change: "+6 pp", "−0.4", "+3". Uses a true minus sign. */
export function formatSignedChange(unit: Unit, diff: number): string {
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const abs = Math.abs(diff);
  const body = PERCENT_UNITS.has(unit) ? `${Math.round(abs * 100)} pp` : formatValue(unit, abs);
  return `${sign}${body}`;
}

/** Whether a change goes the way the measure is better: `undefined` when it is flat. */
export function isImprovement(betterWhen: 'higher' | 'lower', diff: number): boolean | undefined {
  if (diff === 0) return undefined;
  return betterWhen === 'higher' ? diff > 0 : diff < 0;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "3 March 2026" (UTC calendar date). */
export function formatDay(iso: string, withYear = true): string {
  const d = new Date(iso);
  const base = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${base} ${d.getUTCFullYear()}` : base;
}

/** "3 Mar" for axis ticks. */
export function formatTick(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)}`;
}

/** "between 3 and 19 March", "between 28 February and 19 March", with years only when they differ. */
export function formatDateRange(low: string, high: string): string {
  const a = new Date(low);
  const b = new Date(high);
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return `between ${formatDay(low)} and ${formatDay(high)}`;
  if (a.getUTCMonth() === b.getUTCMonth()) {
    if (a.getUTCDate() === b.getUTCDate()) return `on ${formatDay(low, false)}`;
    return `between ${a.getUTCDate()} and ${formatDay(high, false)}`;
  }
  return `between ${formatDay(low, false)} and ${formatDay(high, false)}`;
}

/**
 * The forecast in one sentence: "NPS is projected back to its baseline between 3 and 19 March
 * (80%)." — or a plain "not recovering" when the trend does not point back.
 */
export function forecastSentence(label: string, forecast: Forecast | null): string {
  if (!forecast) return `${label} has no forecast.`;
  switch (forecast.status) {
    case 'recovering': {
      const prob = forecast.probability === null ? '' : ` (${Math.round(forecast.probability * 100)}%)`;
      if (forecast.low && forecast.high) {
        return `${label} is projected back to its baseline ${formatDateRange(forecast.low, forecast.high)}${prob}.`;
      }
      if (forecast.date)
        return `${label} is projected back to its baseline around ${formatDay(forecast.date)}${prob}.`;
      return `${label} is recovering, but no return date can be projected yet.`;
    }
    case 'recovered':
      return `${label} is back at its baseline.`;
    case 'not_recovering':
      return `${label} is not recovering: its recent trend does not point back to the baseline.`;
    case 'insufficient_data':
      return `There is not enough data yet to forecast ${label}.`;
    case 'no_drop':
      return `${label} did not fall below its baseline.`;
  }
}

/**
 * What a chart shows, in words, for its `<desc>` and for readers of the report: the latest figure
 * with its interval, the change against the baseline, the trough and the forecast.
 */
export function describeSeries(series: MetricSeries): string {
  const parts: string[] = [];
  const known = series.points.filter((p) => p.value !== null);
  const last = known[known.length - 1];
  const first = known[0];
  if (!last || !first) return `${series.label}: no data in this period.`;
  parts.push(
    `${series.label} was ${formatInterval(series.unit, last)} in the period starting ${formatDay(last.t)}`,
  );
  if (first !== last) {
    const trend = last.value! - first.value!;
    const dir = trend === 0 ? 'unchanged' : trend > 0 ? 'up' : 'down';
    parts[0] += `, ${dir}${trend === 0 ? '' : ` ${formatDifference(series.unit, trend)}`} since ${formatDay(first.t)}`;
  }
  if (series.baseline) {
    const diff = last.value! - series.baseline.value;
    const rel = diff === 0 ? 'level with' : diff > 0 ? 'above' : 'below';
    const size = diff === 0 ? '' : `${formatDifference(series.unit, diff)} `;
    parts.push(
      `That is ${size}${rel} the baseline of ${formatInterval(series.unit, series.baseline)}` +
        (diff === 0 ? '' : isImprovement(series.betterWhen, diff) ? ' (better)' : ' (worse)'),
    );
  }
  if (series.trough) {
    parts.push(
      `The worst point (trough) was ${formatValue(series.unit, series.trough.value)} on ${formatDay(series.trough.t)}`,
    );
  }
  if (series.forecast) parts.push(forecastSentence(series.label, series.forecast).replace(/\.$/, ''));
  return `${parts.join('. ')}.`;
}

/** A card's change against its baseline, ready to show: arrow, signed size with interval, verdict. */
export interface ChangeWords {
  /** ↑, ↓ or → (flat). */
  arrow: string;
  /** "−19 (−27 to −11)". */
  text: string;
  /**
   * "significant" or "not significant": on the Benjamini–Hochberg adjusted p-value across the
   * dashboard's cards, at its false discovery rate (5%).
   */
  significance: 'significant' | 'not significant';
  /** Whether the change goes the way the measure is better; undefined when flat. */
  better: boolean | undefined;
  /** The whole thing in one phrase for screen readers and the report: "down 19 points, significant". */
  sentence: string;
  /** The raw and adjusted p-values: "p = 0.0073, adjusted q = 0.018"; empty without a test. */
  pValues: string;
}

/** A p-value named `name`, to two significant figures: "p = 0.0073", "q = 0.31", "p < 0.001". */
export function formatP(p: number, name = 'p'): string {
  if (p < 0.001) return `${name} < 0.001`;
  return `${name} = ${Number(p.toPrecision(2))}`;
}

/**
 * How the cards' significance was decided, in one sentence for the console and the report:
 * "Significance is adjusted for 7 comparisons (Benjamini–Hochberg, false discovery rate 5%); the
 * intervals of the changes are not."
 */
export function comparisonsSentence(c: Comparisons): string {
  if (c.tests === 0) return 'No change against the baseline could be tested yet.';
  const fdr = `${Math.round(c.fdr * 100)}%`;
  if (c.tests === 1) return `One change is tested, at the ${fdr} level.`;
  return `Significance is adjusted for ${c.tests} comparisons (Benjamini–Hochberg, false discovery rate ${fdr}); the intervals of the changes are not.`;
}

/** Words for a card's change against its baseline, or undefined when there is none. */
export function describeChange(card: MetricCard): ChangeWords | undefined {
  const c = card.change;
  if (!c) return undefined;
  const arrow = c.estimate > 0 ? '↑' : c.estimate < 0 ? '↓' : '→';
  const significance = c.significant ? 'significant' : 'not significant';
  const text = `${formatSignedChange(card.unit, c.estimate)} (${formatSignedChange(card.unit, c.low)} to ${formatSignedChange(
    card.unit,
    c.high,
  )})`;
  const dir = c.estimate > 0 ? 'up' : c.estimate < 0 ? 'down' : 'unchanged';
  const size = c.estimate === 0 ? '' : ` ${formatDifference(card.unit, c.estimate)}`;
  return {
    arrow,
    text,
    significance,
    better: isImprovement(card.betterWhen, c.estimate),
    sentence: `${dir}${size} against the baseline, ${significance}`,
    pValues: c.p === null ? '' : `${formatP(c.p)}${c.q === null ? '' : `, adjusted ${formatP(c.q, 'q')}`}`,
  };
}
