import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ColumnTypes } from '../dialects/dialect.ts';

/**
 * Mentions (public perception: press, blogs, forums, social posts about the organization or a named
 * peer) and the RSS/Atom feeds polled for them. Unanalysed mentions are the analysis queue.
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('mention_feeds')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    // 'self' or 'peer:<name>': whose mentions the feed carries.
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_polled_at', t.timestamp)
    .addColumn('last_success_at', t.timestamp)
    .addColumn('next_poll_at', t.timestamp, (c) => c.notNull())
    .addColumn('locked_until', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('enabled', t.bool, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('mention_feeds_pk', ['organization_id', 'id'])
    .addUniqueConstraint('mention_feeds_url_uq', ['organization_id', 'url', 'subject'])
    .execute();
  // The poller's question, across organizations: which enabled feeds are due?
  await db.schema.createIndex('mention_feeds_due_idx').on('mention_feeds').column('next_poll_at').execute();

  await db.schema
    .createTable('mentions')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    // The feed's id for feed items, the import's name for imports.
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('author', 'text')
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('published_at', t.timestamp, (c) => c.notNull())
    .addColumn('reach', 'real')
    .addColumn('language', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('sentiment_score', 'real')
    .addColumn('analysed_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('mentions_pk', ['organization_id', 'id'])
    .addUniqueConstraint('mentions_source_uq', [
      'organization_id',
      'source_kind',
      'source_name',
      'external_id',
    ])
    .execute();
  // Per-period aggregation by subject (summary, share of voice).
  await db.schema
    .createIndex('mentions_subject_published_idx')
    .on('mentions')
    .columns(['organization_id', 'subject', 'published_at'])
    .execute();
  await db.schema
    .createIndex('mentions_incident_idx')
    .on('mentions')
    .columns(['organization_id', 'incident_id', 'published_at'])
    .execute();
  await db.schema
    .createIndex('mentions_unanalysed_idx')
    .on('mentions')
    .column('created_at')
    .where(sql.ref('analysed_at'), 'is', null)
    .execute();
}
