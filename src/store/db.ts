import type { ConnectOptions, Connection } from './dialects/dialect.ts';
import { connectPostgres } from './dialects/postgres.ts';
import { connectSqlite } from './dialects/sqlite.ts';

export type { ConnectOptions, Connection, Dialect } from './dialects/dialect.ts';

/** Opens the database named by a `DB_URL`: `sqlite:<path>` or `postgres://…`. */
export function connect(dbUrl: string, opts: ConnectOptions = {}): Connection {
  if (dbUrl.startsWith('sqlite:')) return connectSqlite(dbUrl, opts);
  if (/^postgres(ql)?:\/\//.test(dbUrl)) return connectPostgres(dbUrl, opts);
  throw new Error(`unsupported DB_URL: ${dbUrl.split(':')[0]}: (use sqlite:<path> or postgres://…)`);
}
