import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Surveys: instruments and their frozen versions, waves, recipients, responses and answers.
 * Answers are one row per response × question (× ticked option), with a numeric value column, so
 * per-question aggregates over a million responses are plain indexed GROUP BYs. Segment attributes
 * are copied onto each response as rows, so breakdowns need no JSON functions and no link back to
 * the recipient (which anonymous waves do not keep). Frozen once landed.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('survey_instruments')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_instruments_pk', ['organization_id', 'id'])
    .addUniqueConstraint('survey_instruments_key_uq', ['organization_id', 'key'])
    .execute();

  await db.schema
    .createTable('survey_instrument_versions')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('questions', t.json, (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_instrument_versions_pk', ['organization_id', 'instrument_id', 'number'])
    .addForeignKeyConstraint(
      'survey_instrument_versions_instrument_fk',
      ['organization_id', 'instrument_id'],
      'survey_instruments',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  // One wave of one instrument version to one audience.
  await db.schema
    .createTable('surveys')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('wave', 'text', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'integer', (c) => c.notNull())
    .addColumn('anonymous', t.bool, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens_at', t.timestamp)
    .addColumn('closes_at', t.timestamp)
    .addColumn('edit_window_minutes', 'integer', (c) => c.notNull())
    .addColumn('reminder_hours', t.json, (c) => c.notNull())
    .addColumn('opened_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('surveys_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'surveys_instrument_version_fk',
      ['organization_id', 'instrument_id', 'instrument_version'],
      'survey_instrument_versions',
      ['organization_id', 'instrument_id', 'number'],
    )
    .execute();
  await db.schema
    .createIndex('surveys_instrument_idx')
    .on('surveys')
    .columns(['organization_id', 'instrument_id', 'instrument_version'])
    .execute();
  await db.schema
    .createIndex('surveys_incident_idx')
    .on('surveys')
    .columns(['organization_id', 'incident_id', 'wave'])
    .execute();

  await db.schema
    .createTable('survey_recipients')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('segments', t.json, (c) => c.notNull())
    .addColumn('invited_at', t.timestamp)
    .addColumn('reminded_at', t.timestamp)
    // How many reminder steps have been queued (0: none yet).
    .addColumn('reminder_step', 'integer', (c) => c.notNull())
    .addColumn('responded_at', t.timestamp)
    .addPrimaryKeyConstraint('survey_recipients_pk', ['organization_id', 'id'])
    .addUniqueConstraint('survey_recipients_email_uq', ['organization_id', 'survey_id', 'email'])
    .addForeignKeyConstraint(
      'survey_recipients_survey_fk',
      ['organization_id', 'survey_id'],
      'surveys',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  // One response per recipient: the key is the recipient id, or its keyed hash in anonymous waves.
  await db.schema
    .createTable('survey_responses')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('respondent_key', 'text', (c) => c.notNull())
    .addColumn('contact_consent', t.bool, (c) => c.notNull())
    .addColumn('submitted_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('editable_until', t.timestamp, (c) => c.notNull())
    .addColumn('edits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_responses_pk', ['organization_id', 'id'])
    .addUniqueConstraint('survey_responses_respondent_uq', ['organization_id', 'survey_id', 'respondent_key'])
    .addForeignKeyConstraint(
      'survey_responses_survey_fk',
      ['organization_id', 'survey_id'],
      'surveys',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('survey_response_segments')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_response_segments_pk', [
      'organization_id',
      'survey_id',
      'key',
      'response_id',
    ])
    .addForeignKeyConstraint(
      'survey_response_segments_response_fk',
      ['organization_id', 'response_id'],
      'survey_responses',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('response_id', 'text', (c) => c.notNull())
    // The ticked option of a choice question; '' for every other type.
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('value', 'real')
    .addColumn('text', 'text')
    .addPrimaryKeyConstraint('survey_answers_pk', [
      'organization_id',
      'survey_id',
      'question_id',
      'response_id',
      'choice',
    ])
    .addForeignKeyConstraint(
      'survey_answers_response_fk',
      ['organization_id', 'response_id'],
      'survey_responses',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  // Per-question aggregates read this index alone (count, sum, distribution of value).
  await db.schema
    .createIndex('survey_answers_value_idx')
    .on('survey_answers')
    .columns(['organization_id', 'survey_id', 'question_id', 'value', 'choice'])
    .execute();
  await db.schema
    .createIndex('survey_answers_response_idx')
    .on('survey_answers')
    .columns(['organization_id', 'response_id'])
    .execute();
}
