import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Metric alerts (early warnings): one row per organization × incident × metric × detector ×
 * period, so the sweep raises each alarm once however often it runs. `incident_id` is '' for
 * organization-level alerts (a NULL would make every row distinct under the unique key).
 * Also indexes the columns the dashboard aggregates filter and group by. Frozen once landed.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('metric_alerts')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    // e.g. complaints.volume, sentiment.negative, theme.<name>
    .addColumn('metric', 'text', (c) => c.notNull())
    // ewma | cusum | relapse
    .addColumn('detector', 'text', (c) => c.notNull())
    // Start of the period that alarmed (YYYY-MM-DD).
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('threshold', 'real', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raised_at', t.timestamp, (c) => c.notNull())
    .addColumn('acknowledged_at', t.timestamp)
    .addColumn('acknowledged_by', 'text')
    .addPrimaryKeyConstraint('metric_alerts_pk', ['organization_id', 'id'])
    .addUniqueConstraint('metric_alerts_once_uq', [
      'organization_id',
      'incident_id',
      'metric',
      'detector',
      'period',
    ])
    .execute();

  // Time-ranged aggregates: feedback and cases by creation time, responses by submission time.
  await db.schema
    .createIndex('feedback_created_idx')
    .on('feedback')
    .columns(['organization_id', 'created_at', 'incident_id', 'audience', 'sentiment'])
    .execute();
  await db.schema
    .createIndex('cases_created_idx')
    .on('cases')
    .columns(['organization_id', 'created_at', 'incident_id', 'resolved_at'])
    .execute();
  await db.schema
    .createIndex('survey_responses_submitted_idx')
    .on('survey_responses')
    .columns(['organization_id', 'survey_id', 'submitted_at', 'id'])
    .execute();
}
