const DAY_MS = 86_400_000;

/** `YYYY-MM-DDTHH:MM…Z`, as the store writes timestamps: its day and hour can be read off the text. */
function isUtcIso(s: string): boolean {
  return (
    s.length >= 17 &&
    s.charCodeAt(s.length - 1) === 90 /* Z */ &&
    s.charCodeAt(10) === 84 /* T */ &&
    s.charCodeAt(4) === 45
  );
}

/** The period (`YYYY-MM-DD`, UTC) holding a timestamp or day: the day, or the Monday of its ISO week. */
export function bucketOf(iso: string, interval: 'day' | 'week'): string {
  if (interval === 'day' && isUtcIso(iso)) return iso.slice(0, 10);
  const d = new Date(iso);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (interval === 'day') return new Date(day).toISOString().slice(0, 10);
  const dow = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  return new Date(day - dow * DAY_MS).toISOString().slice(0, 10);
}

const HOUR_MS = 3_600_000;

/** The hour (`YYYY-MM-DDTHH`, UTC) holding a timestamp: a rollup's hourly bucket. */
export function hourOf(iso: string): string {
  if (isUtcIso(iso)) return iso.slice(0, 13);
  return new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13);
}

/** The start (ISO timestamp) of a rollup bucket: a day `YYYY-MM-DD` or an hour `YYYY-MM-DDTHH`. */
export function bucketStart(bucket: string): string {
  return bucket.length === 10 ? `${bucket}T00:00:00.000Z` : `${bucket}:00:00.000Z`;
}

type Range = { from: string; to: string };

/** Splits [from, to) into the whole units (days or hours) inside it and the partial pieces at its ends. */
function wholeUnits(from: string, to: string, unit: number): { whole: Range | null; partial: Range[] } {
  if (!(from < to)) return { whole: null, partial: [] };
  const f = Date.parse(from);
  const t = Date.parse(to);
  const a = Math.ceil(f / unit) * unit;
  const b = Math.floor(t / unit) * unit;
  if (!(a < b)) return { whole: null, partial: [{ from, to }] };
  const iso = (ms: number) => new Date(ms).toISOString();
  const partial: Range[] = [];
  if (f < a) partial.push({ from, to: iso(a) });
  if (b < t) partial.push({ from: iso(b), to });
  return { whole: { from: iso(a), to: iso(b) }, partial };
}

/** How to read [from, to) from daily and hourly rollups and the raw rows. */
export interface ReadPlan {
  /** Whole days, as [first, end) `YYYY-MM-DD`. */
  days: Range[];
  /** Whole hours of the partial days, as [first, end) `YYYY-MM-DDTHH`. */
  hours: Range[];
  /** What is left (partial hours), as ISO timestamps: read from the raw rows. */
  raw: Range[];
}

/**
 * Plans the reading of [from, to): whole days from the daily rollup, the whole hours of the days
 * cut at the ends from the hourly rollup, and the partial hours from the raw rows. With `openEnd`
 * (`to` is the present), the current hour is read whole from the hourly rollup — nothing is
 * stamped after the present — so a window ending now costs no raw rows at its end, however many
 * people are answering this hour.
 */
export function readPlan(from: string, to: string, openEnd = false): ReadPlan {
  const plan: ReadPlan = { days: [], hours: [], raw: [] };
  const d = wholeUnits(from, to, 86_400_000);
  if (d.whole) plan.days.push({ from: d.whole.from.slice(0, 10), to: d.whole.to.slice(0, 10) });
  for (const piece of d.partial) {
    const h = wholeUnits(piece.from, piece.to, HOUR_MS);
    if (h.whole) plan.hours.push({ from: hourOf(h.whole.from), to: hourOf(h.whole.to) });
    for (const p of h.partial) {
      if (openEnd && p.to === to && p.from === bucketStart(hourOf(to))) {
        plan.hours.push({
          from: hourOf(p.from),
          to: hourOf(new Date(Date.parse(p.from) + HOUR_MS).toISOString()),
        });
      } else {
        plan.raw.push(p);
      }
    }
  }
  return plan;
}
