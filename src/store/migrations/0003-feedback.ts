import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Feedback from every channel. Rows not yet analysed are the analysis queue (a partial index
 * keeps finding them cheap). Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('ratings', t.json, (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('consent', t.bool, (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('source_id', 'text')
    .addColumn('client_hash', 'text')
    .addColumn('redacted', t.bool, (c) => c.notNull())
    .addColumn('sentiment', 'text')
    .addColumn('sentiment_score', 'real')
    .addColumn('language', 'text')
    .addColumn('themes', t.json, (c) => c.notNull())
    .addColumn('analysed_at', t.timestamp)
    .addColumn('loop_closed_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_pk', ['organization_id', 'id'])
    // NULL sources are distinct on both databases: only imported items are de-duplicated.
    .addUniqueConstraint('feedback_source_uq', ['organization_id', 'source', 'source_id'])
    .execute();
  await db.schema
    .createIndex('feedback_incident_idx')
    .on('feedback')
    .columns(['organization_id', 'incident_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('feedback_unanalysed_idx')
    .on('feedback')
    .column('created_at')
    .where(sql.ref('analysed_at'), 'is', null)
    .execute();
}
