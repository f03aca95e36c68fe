import { THEME_INTERVALS } from '../shared/enums.ts';
import { invalid } from './errors.ts';

/**
 * Themes over time: how many items of feedback raised each theme, per day or per ISO week, and
 * how much of it was negative. The database counts (one GROUP BY theme, bucket); this module
 * chooses the window, names the buckets and fills the ones nobody wrote in with zeros, so a chart
 * shows quiet days as quiet rather than leaving them out.
 */

export { THEME_INTERVALS };
export type ThemeInterval = (typeof THEME_INTERVALS)[number];

/** At most this many buckets per answer: a year of days, or about seven years of weeks. */
export const MAX_BUCKETS = 366;

const DAY_MS = 86_400_000;

/** A count the database gave for one theme in one bucket (bucket: `YYYY-MM-DD`, its first day). */
export interface ThemeBucketCount {
  theme: string;
  bucket: string;
  count: number;
  negative: number;
}

export interface ThemeVolume {
  theme: string;
  total: number;
  negative: number;
  /** negative / total, rounded to three decimals. */
  negativeShare: number;
  /** One entry per bucket of the window, oldest first, zeros included. */
  series: { bucket: string; count: number }[];
}

export interface ThemeWindow {
  interval: ThemeInterval;
  /** Inclusive start, canonical ISO. */
  from: string;
  /** Exclusive end, canonical ISO. */
  to: string;
  /** First day (`YYYY-MM-DD`, UTC) of each bucket the window touches, oldest first. */
  buckets: string[];
}

/** The first day (UTC) of the bucket holding `ms`: the day itself, or the Monday of its ISO week. */
export function bucketStart(ms: number, interval: ThemeInterval): string {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (interval === 'day') return new Date(day).toISOString().slice(0, 10);
  // 1970-01-01 was a Thursday: days since the epoch, shifted so Monday is 0.
  const weekday = (Math.floor(day / DAY_MS) + 3) % 7;
  return new Date(day - weekday * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The window a themes query covers. Without `to` it ends now; without `from` it starts 30 days
 * (daily) or 12 weeks (weekly) before its end. A date without a time means the start of that day
 * for `from` and the end of that day for `to`.
 * @throws AppError `validation` when `from` is not before `to`, or the window needs more than
 * MAX_BUCKETS buckets.
 */
export function themeWindow(
  input: { from?: string | undefined; to?: string | undefined; interval?: ThemeInterval | undefined },
  now: Date,
): ThemeWindow {
  const interval = input.interval ?? 'day';
  const toMs = input.to
    ? /^\d{4}-\d{2}-\d{2}$/.test(input.to)
      ? Date.parse(`${input.to}T00:00:00Z`) + DAY_MS
      : Date.parse(input.to)
    : now.getTime();
  const span = interval === 'day' ? 30 * DAY_MS : 12 * 7 * DAY_MS;
  const fromMs = input.from
    ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(input.from) ? `${input.from}T00:00:00Z` : input.from)
    : toMs - span;
  if (!(fromMs < toMs)) throw invalid('query.from', 'must be before to');
  const step = interval === 'day' ? DAY_MS : 7 * DAY_MS;
  const buckets: string[] = [];
  const firstMs = Date.parse(`${bucketStart(fromMs, interval)}T00:00:00Z`);
  for (let b = firstMs; b < toMs; b += step) {
    if (buckets.length === MAX_BUCKETS) {
      throw invalid(
        'query.from',
        `the window holds more than ${MAX_BUCKETS} ${interval}s; narrow it or count by week`,
      );
    }
    buckets.push(new Date(b).toISOString().slice(0, 10));
  }
  return { interval, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), buckets };
}

/**
 * Turns the database's counts into one volume per theme over the window's buckets, the largest
 * theme first (ties by name). Counts for a bucket outside the window are ignored.
 */
export function themeVolumes(rows: ThemeBucketCount[], window: ThemeWindow): ThemeVolume[] {
  const index = new Map(window.buckets.map((b, i) => [b, i]));
  const byTheme = new Map<string, { counts: number[]; negative: number }>();
  for (const r of rows) {
    const i = index.get(r.bucket);
    if (i === undefined) continue;
    let t = byTheme.get(r.theme);
    if (!t) {
      t = { counts: window.buckets.map(() => 0), negative: 0 };
      byTheme.set(r.theme, t);
    }
    t.counts[i]! += r.count;
    t.negative += r.negative;
  }
  return [...byTheme.entries()]
    .map(([theme, t]) => {
      const total = t.counts.reduce((a, b) => a + b, 0);
      return {
        theme,
        total,
        negative: t.negative,
        negativeShare: total === 0 ? 0 : Math.round((t.negative / total) * 1000) / 1000,
        series: window.buckets.map((bucket, i) => ({ bucket, count: t.counts[i]! })),
      };
    })
    .sort((a, b) => b.total - a.total || a.theme.localeCompare(b.theme));
}
