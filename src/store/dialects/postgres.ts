import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database as Tables } from '../tables.ts';
import type { ConnectOptions, Connection, Dialect } from './dialect.ts';

export const postgresDialect: Dialect = {
  name: 'postgres',
  types: { timestamp: 'timestamptz', json: 'jsonb', bool: 'boolean' },
  bool: (v) => v,
  ilike: 'ilike',
  isUniqueViolation: (e) => (e as { code?: string }).code === '23505',
  isForeignKeyViolation: (e) => (e as { code?: string }).code === '23503',
  skipLocked: true,
  typed: (value, type) =>
    type === 'integer'
      ? sql`cast(${value} as integer)`
      : type === 'timestamp'
        ? sql`cast(${value} as timestamptz)`
        : sql`cast(${value} as text)`,
  // date_trunc('week') starts weeks on Monday (ISO); read in UTC whatever the session's time zone.
  dateBucket: (column, interval) =>
    sql<string>`to_char(date_trunc(${sql.lit(interval)}, ${sql.ref(column)} at time zone 'UTC'), 'YYYY-MM-DD')`,
  hourBucket: (column) =>
    sql<string>`to_char(date_trunc('hour', ${sql.ref(column)} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24')`,
};

/** Opens a pooled PostgreSQL connection. */
export function connectPostgres(url: string, opts: ConnectOptions = {}, poolSize = 10): Connection {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool }),
    ...(opts.onQuery ? { log: (e) => opts.onQuery!(e.query.sql, e.queryDurationMillis) } : {}),
  });
  const u = new URL(url);
  return { db, dialect: postgresDialect, describe: `postgres ${u.hostname}:${u.port || 5432}${u.pathname}` };
}
