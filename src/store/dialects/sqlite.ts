import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database as Tables } from '../tables.ts';
import type { ConnectOptions, Connection, Dialect } from './dialect.ts';

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  types: { timestamp: 'text', json: 'text', bool: 'integer' },
  bool: (v) => (v ? 1 : 0),
  ilike: 'like',
  isUniqueViolation: (e) =>
    (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  isForeignKeyViolation: (e) => (e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  skipLocked: false,
  typed: (value) => sql`${value}`,
  // 'weekday 1' moves forward to the next Monday unless already on one: six days back first.
  dateBucket: (column, interval) =>
    interval === 'day'
      ? sql<string>`date(${sql.ref(column)})`
      : sql<string>`date(${sql.ref(column)}, '-6 days', 'weekday 1')`,
  hourBucket: (column) => sql<string>`strftime('%Y-%m-%dT%H', ${sql.ref(column)})`,
};

/**
 * Two adjustments between Kysely and better-sqlite3:
 * - Kysely prepares every query anew; preparing costs more than running a small query, so reuse
 *   prepared statements by their SQL text (queries are parameterized, so the set is small).
 * - Transactions begin IMMEDIATE: a deferred transaction that reads, then writes, must upgrade its
 *   lock, and SQLite answers SQLITE_BUSY at once in that case instead of waiting. Taking the write
 *   lock at BEGIN makes a second process (the CLI beside the server) wait its busy timeout instead.
 */
function adapt(database: Database.Database): SqliteDatabase {
  const statements = new LRUCache<string, SqliteStatement>({ max: 500 });
  return {
    close: () => database.close(),
    prepare(text) {
      const sql = text === 'begin' ? 'begin immediate' : text;
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Opens an SQLite file (created with its folder if missing) in WAL mode with foreign keys on and a
 * busy timeout, so a second process waits instead of failing. `sqlite::memory:` opens a private
 * in-memory database.
 */
export function connectSqlite(url: string, opts: ConnectOptions = {}): Connection {
  const path = url.slice('sqlite:'.length);
  const memory = path === ':memory:' || path === '';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const database = new Database(memory ? ':memory:' : path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({
    dialect: new SqliteDialect({ database: adapt(database) }),
    ...(opts.onQuery ? { log: (e) => opts.onQuery!(e.query.sql, e.queryDurationMillis) } : {}),
  });
  return { db, dialect: sqliteDialect, describe: `sqlite ${memory ? '(in memory)' : resolve(path)}` };
}
