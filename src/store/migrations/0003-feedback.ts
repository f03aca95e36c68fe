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
  // Themes as rows (written by analysis): volumes per theme and "everyone who raised X" are joins.
  await db.schema
    .createTable('feedback_themes')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('feedback_id', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_themes_pk', ['organization_id', 'feedback_id', 'theme'])
    .addForeignKeyConstraint(
      'feedback_themes_feedback_fk',
      ['organization_id', 'feedback_id'],
      'feedback',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('feedback_themes_theme_idx')
    .on('feedback_themes')
    .columns(['organization_id', 'theme'])
    .execute();

  // What people said, linked to what was done about it: single items, or a whole theme of an incident.
  await db.schema
    .createTable('action_feedback_links')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    // 'item:<feedback id>' or 'theme:<name>'.
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('action_feedback_links_pk', ['organization_id', 'action_id', 'target'])
    .addForeignKeyConstraint(
      'action_feedback_links_action_fk',
      ['organization_id', 'action_id'],
      'corrective_actions',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createIndex('feedback_unanalysed_idx')
    .on('feedback')
    .column('created_at')
    .where(sql.ref('analysed_at'), 'is', null)
    .execute();
}
