import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * An organization's own theme rules. An organization with none uses the built-in defaults; its
 * first change copies the defaults in, so renames and merges work on the rules it sees.
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('theme_rules')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('terms', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('theme_rules_pk', ['organization_id', 'name'])
    .execute();
}
