import { Migrator } from 'kysely';
import type { Connection } from './dialects/dialect.ts';
import { migrationProvider } from './migrations/index.ts';

/**
 * Applies every pending migration. Safe to run from several processes at once: Kysely takes a
 * lock (an advisory lock on PostgreSQL).
 * @returns the names of the migrations applied now.
 * @throws Error naming the migration that failed.
 */
export async function migrateToLatest(conn: Connection): Promise<string[]> {
  const migrator = new Migrator({
    db: conn.db,
    provider: migrationProvider(conn.dialect),
    migrationTableName: 'amends_migrations',
    migrationLockTableName: 'amends_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
