import type { Kysely } from 'kysely';
import type { ColumnTypes, Dialect } from '../dialects/dialect.ts';
import { rebuildRollups } from '../rollup.repository.ts';

/**
 * Rollups for the dashboard: counts of survey answers per value, sums of trust-scale scores, and
 * feedback per sentiment, one row per organization × grain (day or hour) × bucket × key × slot.
 * The dashboard reads whole days from the daily rows, the whole hours of the days its windows cut
 * from the hourly rows, and only the partial hours from the raw rows, so it answers in
 * milliseconds over millions of responses. Writers add to a `slot` picked from the
 * record's id, so concurrent writers on PostgreSQL rarely wait on the same row; readers sum the
 * slots. Existing rows are rolled up here by the same rebuild the store offers (a pure function of
 * the raw rows, so rerunning it later gives the same rollups). Frozen once landed.
 */
export async function up(db: Kysely<any>, _t: ColumnTypes, dialect: Dialect): Promise<void> {
  // Answers with a numeric value (NPS, CSAT, CES, agreement items) per value.
  await db.schema
    .createTable('survey_answer_rollups')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    // 'd': bucket is the day (YYYY-MM-DD, UTC) of the submission; 'h': its hour (YYYY-MM-DDTHH).
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_answer_rollups_pk', [
      'organization_id',
      'survey_id',
      'question_id',
      'grain',
      'bucket',
      'value',
      'slot',
    ])
    .addForeignKeyConstraint(
      'survey_answer_rollups_survey_fk',
      ['organization_id', 'survey_id'],
      'surveys',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  // Trust scales over complete responses: item '' holds the total score, item <question id> the
  // item's score (reverse-keyed items as 8 − x); n, Σ and Σ² each.
  await db.schema
    .createTable('survey_scale_rollups')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    // Double precision on PostgreSQL (its real is 4 bytes): sums of squares grow past 2^24 in a busy day.
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('sum_sq', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_scale_rollups_pk', [
      'organization_id',
      'survey_id',
      'dimension',
      'grain',
      'bucket',
      'item',
      'slot',
    ])
    .addForeignKeyConstraint(
      'survey_scale_rollups_survey_fk',
      ['organization_id', 'survey_id'],
      'surveys',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  // Feedback per incident ('' for none), audience and sentiment ('' until analysed).
  await db.schema
    .createTable('feedback_rollups')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('sentiment', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_rollups_pk', [
      'organization_id',
      'grain',
      'bucket',
      'incident_id',
      'audience',
      'sentiment',
      'slot',
    ])
    .execute();

  await rebuildRollups(db, dialect, null);
}
