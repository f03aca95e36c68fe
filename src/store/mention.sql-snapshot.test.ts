import { describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import { createServices } from '../container.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { SYSTEM, makeIncident, makeOrg } from '../../test/factories.ts';

/**
 * Every distinct SQL statement the mention repository sends, per database (kept apart from
 * sql-snapshot.test.ts so features land without touching one shared snapshot). The per-period
 * aggregation is where the dialects differ: read its diff. Update with
 * `npx vitest run src/store/mention.sql-snapshot.test.ts -u`.
 */
describe.each(await dialects())('mention SQL sent to %s', (dialect) => {
  it('should match the reviewed snapshot', async () => {
    const statements = new Set<string>();
    const db = await createTestDb(dialect, {
      onQuery: (sql) => {
        if (/\bmention/.test(sql)) statements.add(sql.replace(/\s+/g, ' ').trim());
      },
    });
    try {
      statements.clear(); // migrations are reviewed as code
      // Private addresses refused and no feed reachable: polls fail without leaving the machine.
      const s = createServices(testConfig(), db.conn, () => new Date('2026-03-02T10:00:00.000Z'));
      const org = await makeOrg(s, 'snap');
      const incident = await makeIncident(s, org.slug);
      const feed = (
        await s.mentions.createFeed(SYSTEM, org.slug, { url: 'https://feeds.example.invalid/snap' })
      ).record;
      await s.mentions.updateFeed(SYSTEM, org.slug, feed.id, { intervalMinutes: 30 }, undefined);
      await s.mentions.listFeeds(SYSTEM, org.slug);
      await s.mentions.pollDue();
      await s.mentions.pollNow(SYSTEM, org.slug, feed.id);
      await s.mentions.importMentions(SYSTEM, org.slug, {
        source: 'snap',
        incident: incident.slug,
        items: [{ text: 'I no longer trust them', publishedAt: '2026-03-01' }],
      });
      await s.mentions.analysePending();
      const page = await s.mentions.list(
        SYSTEM,
        org.slug,
        {
          incident: incident.id,
          subject: 'self',
          sentiment: 'negative',
          from: '2026-01-01',
          to: '2026-04-01',
        },
        { limit: 1 },
      );
      await s.mentions.list(SYSTEM, org.slug, {}, { limit: 1, cursor: page.nextCursor ?? undefined });
      await s.mentions.summary(SYSTEM, org.slug, { interval: 'day', from: '2026-01-01' });
      await s.mentions.summary(SYSTEM, org.slug, { interval: 'week', incident: incident.slug });
      await s.mentions.deleteFeed(SYSTEM, org.slug, feed.id);
      const sorted = [...statements].sort().join('\n');
      await expect(sorted).toMatchFileSnapshot(`./__snapshots__/mention-sql.${dialect}.sql`);
    } finally {
      await db.drop();
    }
  });
});
