import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Statements with versions and reviews, subscriptions and deliveries (proof of notification),
 * leadership activities, secret audience links, and the instance's own secrets. Frozen once
 * landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  const now = t.timestamp;
  const incidentFk = ['organization_id', 'incident_id'] as const;

  await db.schema
    .createTable('statements')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channels', t.json, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('first_published_at', now)
    .addColumn('last_published_at', now)
    .addColumn('scheduled_at', now)
    .addColumn('retracted_at', now)
    .addColumn('retraction_reason', 'text')
    .addColumn('next_update_by', now)
    .addColumn('links', t.json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('statements_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'statements_incident_fk',
      [...incidentFk],
      'incidents',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('statements_incident_idx')
    .on('statements')
    .columns(['organization_id', 'incident_id'])
    .execute();
  // The scheduler looks for approved statements whose time has come, across organizations.
  await db.schema
    .createIndex('statements_scheduled_idx')
    .on('statements')
    .columns(['scheduled_at'])
    .execute();

  await db.schema
    .createTable('statement_versions')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('statement_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('audiences', t.json, (c) => c.notNull())
    .addColumn('byline', 'text')
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('published_at', now)
    .addColumn('override_reason', 'text')
    .addPrimaryKeyConstraint('statement_versions_pk', ['organization_id', 'statement_id', 'number'])
    .addForeignKeyConstraint(
      'statement_versions_statement_fk',
      ['organization_id', 'statement_id'],
      'statements',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('statement_reviews')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('statement_id', 'text', (c) => c.notNull())
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('reviewer_key', 'text', (c) => c.notNull())
    .addColumn('reviewer_label', 'text', (c) => c.notNull())
    .addColumn('reviewer_role', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('statement_reviews_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'statement_reviews_statement_fk',
      ['organization_id', 'statement_id'],
      'statements',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('statement_reviews_statement_idx')
    .on('statement_reviews')
    .columns(['organization_id', 'statement_id'])
    .execute();

  // Evidence behind a culpability finding: the gate for any denial the advisor may recommend.
  await db.schema
    .alterTable('incidents')
    .addColumn('culpability_evidence', t.json, (c) => c.notNull().defaultTo('[]'))
    .execute();

  await db.schema
    .alterTable('commitments')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('promise'))
    .execute();
  await db.schema.alterTable('commitments').addColumn('source_statement_id', 'text').execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    // The incident id, or '*' for every incident of the organization (NULLs are not unique alike on both databases).
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confirm_token_hash', 'text')
    .addColumn('secret', 'text')
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('confirmed_at', now)
    .addColumn('unsubscribed_at', now)
    .addPrimaryKeyConstraint('subscriptions_pk', ['organization_id', 'id'])
    .addUniqueConstraint('subscriptions_address_uq', ['organization_id', 'channel', 'address', 'scope'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    // The idempotency key: source × version × recipient × channel. A retry can never make a second row.
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('source_version', 'integer', (c) => c.notNull())
    .addColumn('subscription_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', now, (c) => c.notNull())
    .addColumn('locked_until', now)
    .addColumn('content_hash', 'text')
    .addColumn('last_error', 'text')
    .addColumn('response', 'text')
    .addColumn('sent_at', now)
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('deliveries_pk', ['organization_id', 'id'])
    .execute();
  await db.schema
    .createIndex('deliveries_due_idx')
    .on('deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('deliveries_source_idx')
    .on('deliveries')
    .columns(['organization_id', 'source_type', 'source_id'])
    .execute();

  await db.schema
    .createTable('leadership_activities')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('leader', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('occurred_at', now, (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('is_public', t.bool, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('leadership_activities_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'leadership_activities_incident_fk',
      [...incidentFk],
      'incidents',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('audience_links')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('audience_links_pk', ['organization_id', 'incident_id', 'audience'])
    .addForeignKeyConstraint(
      'audience_links_incident_fk',
      [...incidentFk],
      'incidents',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  // Secrets the instances share (signing unsubscribe links, …), generated once.
  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .execute();
}
