import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Conversation notes (one-on-one and group conversations staff held with stakeholders), and the
 * link from each concern raised there, stored as a feedback item, back to its conversation.
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('conversations')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    // 'one_on_one' | 'group'
    .addColumn('kind', 'text', (c) => c.notNull())
    // The stakeholder met one-on-one, or the group's name.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('attendees', t.json, (c) => c.notNull())
    .addColumn('held_at', t.timestamp, (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversations_pk', ['organization_id', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_incident_idx')
    .on('conversations')
    .columns(['organization_id', 'incident_id', 'id'])
    .execute();

  await db.schema.alterTable('feedback').addColumn('conversation_id', 'text').execute();
  await db.schema
    .createIndex('feedback_conversation_idx')
    .on('feedback')
    .columns(['organization_id', 'conversation_id'])
    .execute();
}
