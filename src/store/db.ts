import type { Connection } from './dialects/dialect.ts';
import { connectPostgres } from './dialects/postgres.ts';
import { connectSqlite } from './dialects/sqlite.ts';

export type { Connection, Dialect } from './dialects/dialect.ts';

/** Opens the database named by a `DB_URL`: `sqlite:<path>` or `postgres://…`. */
export function connect(dbUrl: string): Connection {
  if (dbUrl.startsWith('sqlite:')) return connectSqlite(dbUrl);
  if (/^postgres(ql)?:\/\//.test(dbUrl)) return connectPostgres(dbUrl);
  throw new Error(`unsupported DB_URL: ${dbUrl.split(':')[0]}: (use sqlite:<path> or postgres://…)`);
}
