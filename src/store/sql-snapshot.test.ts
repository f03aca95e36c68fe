import { describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import { createServices } from '../container.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import {
  SYSTEM,
  actionInput,
  commitmentInput,
  makeMember,
  makeOrg,
  rootCauseInput,
} from '../../test/factories.ts';

/**
 * Every distinct SQL statement the repositories send, per database, checked into
 * src/store/__snapshots__/: a change to a query, or to how a dialect renders it, shows in review.
 * Update with `npx vitest run src/store/sql-snapshot.test.ts -u` and read the diff.
 */
describe.each(await dialects())('SQL sent to %s', (dialect) => {
  it('should match the reviewed snapshot', async () => {
    const statements = new Set<string>();
    const db = await createTestDb(dialect, {
      onQuery: (sql) => statements.add(sql.replace(/\s+/g, ' ').trim()),
    });
    try {
      statements.clear(); // migrations are reviewed as code
      const s = createServices(testConfig(), db.conn);
      const org = await makeOrg(s, 'snap');
      const m = await makeMember(s, org.slug, 'editor');
      const { token } = await s.accounts.createToken(SYSTEM, org.slug, { name: 't', role: 'viewer' });
      await s.accounts.authenticateToken(token);
      const { token: session } = await s.accounts.login(m.email, m.password);
      await s.accounts.authenticateSession(session);
      const incident = (
        await s.incidents.create(
          m.ctx,
          org.slug,
          { title: 'Snapshot', kind: 'outage' },
          { idempotencyKey: 'k', requestHash: 'h' },
        )
      ).record.incident;
      await s.incidents.update(m.ctx, org.slug, incident.slug, { severity: 4 }, undefined);
      await s.incidents.list(m.ctx, org.slug, { stage: 'respond', q: 'snap' }, { limit: 10 });
      const rc = (await s.rootCauses.create(m.ctx, org.slug, incident.id, rootCauseInput())).record;
      await s.rootCauses.update(m.ctx, org.slug, rc.id, { systemic: false }, undefined);
      const a = (await s.actions.create(m.ctx, org.slug, incident.id, actionInput({ rootCauseIds: [rc.id] })))
        .record;
      const c = (
        await s.commitments.create(m.ctx, org.slug, incident.id, commitmentInput({ actionIds: [a.id] }))
      ).record;
      await s.actions.update(m.ctx, org.slug, a.id, { status: 'done' }, undefined);
      await s.commitments.update(m.ctx, org.slug, c.id, { owner: 'Someone' }, undefined);
      await s.audit.list(m.ctx, org.slug, { incidentId: incident.id }, { limit: 10 });
      await s.incidents.organizationMetrics(m.ctx, org.slug);
      await s.transfer.exportOrganization(SYSTEM, org.slug);
      await s.feedbackImport.import(m.ctx, org.slug, [{ row: 2, fields: { id: 'r-1', text: 'Imported' } }], {
        source: 'snap',
      });
      const conv = (
        await s.conversations.create(m.ctx, org.slug, {
          kind: 'group',
          name: 'Town hall',
          audience: 'employees',
          attendees: [],
          heldAt: '2025-01-01T10:00:00Z',
          concerns: ['Pay'],
        })
      ).record.conversation;
      await s.conversations.list(m.ctx, org.slug, { incident: incident.slug }, { limit: 10 });
      await s.conversations.get(m.ctx, org.slug, conv.id);
      await s.accounts.logout(session);
      const sorted = [...statements].sort().join('\n');
      await expect(sorted).toMatchFileSnapshot(`./__snapshots__/sql.${dialect}.sql`);
    } finally {
      await db.drop();
    }
  });
});
