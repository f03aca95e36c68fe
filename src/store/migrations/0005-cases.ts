import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Complaints as cases, and the SLA breach alerts raised on them. Due times and breach flags are
 * derived when read (domain/case.ts), never stored. Frozen once landed: change the schema in a new
 * migration.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    // Per-organization sequence, shown as "#42".
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('feedback_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    // Only when the person consented to be contacted.
    .addColumn('requester_email', 'text')
    .addColumn('requester_name', 'text')
    .addColumn('acknowledged_at', t.timestamp)
    .addColumn('resolved_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addColumn('resolution_note', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cases_pk', ['organization_id', 'id'])
    .addUniqueConstraint('cases_number_uq', ['organization_id', 'number'])
    // One case per complaint item; NULLs (cases opened directly) are distinct on both databases.
    .addUniqueConstraint('cases_feedback_uq', ['organization_id', 'feedback_id'])
    .execute();
  await db.schema
    .createIndex('cases_status_idx')
    .on('cases')
    .columns(['organization_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('cases_incident_idx')
    .on('cases')
    .columns(['organization_id', 'incident_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('cases_assignee_idx')
    .on('cases')
    .columns(['organization_id', 'assignee_id'])
    .execute();

  await db.schema
    .createTable('case_alerts')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    // ack_breach | resolve_breach
    .addColumn('kind', 'text', (c) => c.notNull())
    // The case's reopen count when raised: a reopened case can breach again, once.
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('acked_by', 'text')
    .addColumn('acked_at', t.timestamp)
    .addPrimaryKeyConstraint('case_alerts_pk', ['organization_id', 'id'])
    .addUniqueConstraint('case_alerts_once_uq', ['organization_id', 'case_id', 'kind', 'cycle'])
    .addForeignKeyConstraint(
      'case_alerts_case_fk',
      ['organization_id', 'case_id'],
      'cases',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
}
