import { sql } from 'kysely';
import type { Expression, RawBuilder } from 'kysely';
import type { Dialect } from './dialect.ts';

/**
 * Seconds since the Unix epoch of a timestamp expression, as a number with a fraction, so
 * durations between two columns can be compared and aggregated in SQL. SQLite keeps timestamps as
 * ISO 8601 text (which julianday() reads, `Z` included); PostgreSQL as timestamptz.
 */
export function epochSeconds(dialect: Dialect, e: Expression<unknown>): RawBuilder<number> {
  return dialect.name === 'sqlite'
    ? sql<number>`((julianday(${e}) - 2440587.5) * 86400.0)`
    : sql<number>`extract(epoch from ${e})`;
}
