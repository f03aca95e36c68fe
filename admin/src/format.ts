/** Display helpers. Due dates are calendar dates in UTC (the API stores a due date as the end of that day). */

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function formatDue(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : '—';
}

/** A machine-readable value for <time dateTime>. */
export function isoDate(iso: string): string {
  return iso.slice(0, 10);
}

export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? 'n/a' : `${Math.round(ratio * 100)}%`;
}

export const SEVERITY_LABELS: Record<number, string> = {
  1: 'Minor',
  2: 'Low',
  3: 'Moderate',
  4: 'High',
  5: 'Critical',
};

export const SEVERITY_OPTIONS = Object.entries(SEVERITY_LABELS).map(([value, name]) => ({
  value,
  label: `${value} · ${name}`,
}));

export function formatSeverity(severity: number): string {
  return `${severity} · ${SEVERITY_LABELS[severity] ?? 'Unknown'}`;
}

/** The value of a datetime-local input for a timestamp, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local input's value as an ISO timestamp, or null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** Shortens long text for one-line mentions. */
export function truncate(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
