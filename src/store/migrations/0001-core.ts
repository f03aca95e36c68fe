import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Accounts, tenancy and the recovery spine. Every tenant table leads its key with organization_id,
 * and children reference their parent by (organization_id, id), so a row can never point into
 * another organization and the schema can be distributed by tenant later.
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  const now = t.timestamp;

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', t.json, (c) => c.notNull())
    .addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['organization_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('expires_at', now, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('last_used_at', now)
    .addColumn('revoked_at', now)
    .addPrimaryKeyConstraint('api_tokens_pk', ['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('crisis_type', 'text', (c) => c.notNull())
    .addColumn('cluster_override', t.json)
    .addColumn('violation_types', t.json, (c) => c.notNull())
    .addColumn('culpability', 'text', (c) => c.notNull())
    .addColumn('deception_involved', t.bool, (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('occurred_at', now)
    .addColumn('detected_at', now, (c) => c.notNull())
    .addColumn('disclosed_at', now)
    .addColumn('disclosed_by', 'text')
    .addColumn('affected_audiences', t.json, (c) => c.notNull())
    .addColumn('prior_similar_incidents', 'integer', (c) => c.notNull())
    .addColumn('prior_reputation', 'text', (c) => c.notNull())
    .addColumn('investigation_owner', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_changed_at', now, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('incidents_pk', ['organization_id', 'id'])
    .addUniqueConstraint('incidents_slug_uq', ['organization_id', 'slug'])
    .execute();

  await db.schema
    .createTable('root_causes')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('component', 'text', (c) => c.notNull())
    .addColumn('dimensions', t.json, (c) => c.notNull())
    .addColumn('systemic', t.bool, (c) => c.notNull())
    .addColumn('whys', t.json, (c) => c.notNull())
    .addColumn('independent_review', t.bool, (c) => c.notNull())
    .addColumn('is_public', t.bool, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('root_causes_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'root_causes_incident_fk',
      ['organization_id', 'incident_id'],
      'incidents',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('root_causes_incident_idx')
    .on('root_causes')
    .columns(['organization_id', 'incident_id'])
    .execute();

  await db.schema
    .createTable('corrective_actions')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('repair_logic', 'text', (c) => c.notNull())
    .addColumn('dimensions', t.json, (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('sponsor', 'text')
    .addColumn('due_at', now)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('started_at', now)
    .addColumn('done_at', now)
    .addColumn('verified_at', now)
    .addColumn('verification_method', 'text')
    .addColumn('verification', t.json)
    .addColumn('evidence', t.json, (c) => c.notNull())
    .addColumn('is_public', t.bool, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('corrective_actions_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'corrective_actions_incident_fk',
      ['organization_id', 'incident_id'],
      'incidents',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('corrective_actions_incident_idx')
    .on('corrective_actions')
    .columns(['organization_id', 'incident_id'])
    .execute();

  await db.schema
    .createTable('action_root_causes')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('root_cause_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_root_causes_pk', ['organization_id', 'action_id', 'root_cause_id'])
    .addForeignKeyConstraint(
      'action_root_causes_action_fk',
      ['organization_id', 'action_id'],
      'corrective_actions',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'action_root_causes_cause_fk',
      ['organization_id', 'root_cause_id'],
      'root_causes',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('commitments')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('due_at', now)
    .addColumn('original_due_at', now)
    .addColumn('owner', 'text')
    .addColumn('verification', 'text')
    .addColumn('source', 'text')
    .addColumn('manual_outcome', 'text')
    .addColumn('manual_kept_at', now)
    .addColumn('explanation', 'text')
    .addColumn('due_history', t.json, (c) => c.notNull())
    .addColumn('evidence', t.json, (c) => c.notNull())
    .addColumn('is_public', t.bool, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kept_at', now)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addColumn('updated_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('commitments_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint(
      'commitments_incident_fk',
      ['organization_id', 'incident_id'],
      'incidents',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('commitments_incident_idx')
    .on('commitments')
    .columns(['organization_id', 'incident_id'])
    .execute();

  await db.schema
    .createTable('commitment_actions')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('commitment_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commitment_actions_pk', ['organization_id', 'commitment_id', 'action_id'])
    .addForeignKeyConstraint(
      'commitment_actions_commitment_fk',
      ['organization_id', 'commitment_id'],
      'commitments',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'commitment_actions_action_fk',
      ['organization_id', 'action_id'],
      'corrective_actions',
      ['organization_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('commitment_actions_action_idx')
    .on('commitment_actions')
    .columns(['organization_id', 'action_id'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', now, (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('before', t.json)
    .addColumn('after', t.json)
    .addColumn('request_id', 'text')
    .addPrimaryKeyConstraint('audit_events_pk', ['organization_id', 'id'])
    .execute();
  await db.schema
    .createIndex('audit_events_record_idx')
    .on('audit_events')
    .columns(['organization_id', 'record_type', 'record_id'])
    .execute();
  await db.schema
    .createIndex('audit_events_incident_idx')
    .on('audit_events')
    .columns(['organization_id', 'incident_id'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('created_at', now, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['organization_id', 'principal', 'key'])
    .execute();
}
