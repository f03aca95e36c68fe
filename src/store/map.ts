/**
 * Row-value mapping shared by every repository, so both databases give back the same domain
 * values: timestamps as ISO 8601 strings in UTC with milliseconds, booleans, parsed JSON.
 */

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function ts(v: string | Date): string {
  if (v instanceof Date) return v.toISOString();
  // Amends writes canonical strings; only re-format what came from elsewhere.
  return CANONICAL.test(v) ? v : new Date(v).toISOString();
}

export function tsOrNull(v: string | Date | null | undefined): string | null {
  return v === null || v === undefined ? null : ts(v);
}

export function bool(v: boolean | number | null | undefined): boolean {
  return v === true || v === 1;
}

export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export function jsonOrNull<T>(v: unknown): T | null {
  return v === null || v === undefined ? null : json<T>(v);
}

/** Serializes a value for a JSON column (text on SQLite, jsonb on PostgreSQL). */
export function toJson(v: unknown): string {
  return JSON.stringify(v);
}

export function toJsonOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

/** Count columns come back as numbers (SQLite) or bigint strings (PostgreSQL). */
export function count(v: string | number | bigint | null | undefined): number {
  return Number(v ?? 0);
}
