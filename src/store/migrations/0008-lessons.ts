import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/** Lessons learned per incident, with the root causes they come from. Frozen once landed. */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('lessons')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('learned', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('root_cause_ids', t.json, (c) => c.notNull())
    .addColumn('follow_up', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('lessons_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'lessons_incident_fk',
      ['organization_id', 'incident_id'],
      'incidents',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('lessons_incident_idx')
    .on('lessons')
    .columns(['organization_id', 'incident_id', 'created_at'])
    .execute();
}
