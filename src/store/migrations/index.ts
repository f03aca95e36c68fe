import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { ColumnTypes, Dialect } from '../dialects/dialect.ts';
import * as m0001 from './0001-core.ts';
import * as m0002 from './0002-statements.ts';
import * as m0003 from './0003-feedback.ts';
import * as m0004 from './0004-conversations.ts';
import * as m0005 from './0005-cases.ts';
import * as m0006 from './0006-surveys.ts';
import * as m0007 from './0007-theme-rules.ts';
import * as m0008 from './0008-lessons.ts';
import * as m0009 from './0009-mentions.ts';
import * as m0010 from './0010-alerts.ts';
import * as m0011 from './0011-rollups.ts';

interface AmendsMigration {
  /** `dialect` is for migrations that fill new tables from existing rows. */
  up(db: Kysely<any>, types: ColumnTypes, dialect: Dialect): Promise<void>;
}

/** The one ordered migration history, for both databases. Append only. */
const MIGRATIONS: Record<string, AmendsMigration> = {
  '0001-core': m0001,
  '0002-statements': m0002,
  '0003-feedback': m0003,
  '0004-conversations': m0004,
  '0005-cases': m0005,
  '0006-surveys': m0006,
  '0007-theme-rules': m0007,
  '0008-lessons': m0008,
  '0009-mentions': m0009,
  '0010-alerts': m0010,
  '0011-rollups': m0011,
};

/** The names of every migration, in the order they apply. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

/** Feeds the ordered list to Kysely's Migrator with the dialect bound in. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(
        Object.entries(MIGRATIONS).map(([name, m]) => [
          name,
          { up: (db: Kysely<any>) => m.up(db, dialect.types, dialect) },
        ]),
      );
    },
  };
}
