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
      const sv = (
        await s.surveys.createSurvey(m.ctx, org.slug, {
          title: 'Snapshot survey',
          instrument: 'amends-trust',
          incident: incident.id,
          audience: 'customers',
          wave: 'post_incident',
          reminderHours: [1],
        })
      ).record;
      await s.surveys.updateInstrument(m.ctx, org.slug, sv.instrumentId, { name: 'Renamed' }, undefined);
      await s.surveys.getInstrument(m.ctx, org.slug, 'amends-trust');
      await s.surveys.addRecipients(m.ctx, org.slug, sv.id, [
        { email: 'r@example.test', segments: { region: 'EU' } },
      ]);
      await s.surveys.move(m.ctx, org.slug, sv.id, 'open');
      await s.surveys.invite(m.ctx, org.slug, sv.id);
      await s.surveys.remind(m.ctx, org.slug, sv.id);
      const recipient = (await s.store.surveys.recipientCounts(sv.organizationId, sv.id)).recipients;
      expect(recipient).toBe(1);
      await s.surveys.listSurveys(
        m.ctx,
        org.slug,
        { incident: incident.id, wave: 'post_incident' },
        { limit: 10 },
      );
      await s.surveys.results(m.ctx, org.slug, sv.id, 'region');
      const kase = (
        await s.cases.open(m.ctx, org.slug, { title: 'Snapshot complaint', incident: incident.id })
      ).record;
      await s.cases.update(m.ctx, org.slug, kase.id, { assigneeId: m.user.id }, undefined);
      await s.cases.transition(m.ctx, org.slug, kase.id, { to: 'acknowledged' }, undefined);
      await s.cases.list(
        m.ctx,
        org.slug,
        { breached: true, assignee: 'none', severity: 'low' },
        { limit: 10 },
      );
      await s.cases.metrics(m.ctx, org.slug, { incident: incident.id, from: '2026-01-01T00:00:00Z' });
      await s.cases.raiseBreachAlerts(new Date(Date.now() + 400 * 24 * 3_600_000));
      const alerts = await s.cases.listAlerts(m.ctx, org.slug, { acked: false }, { limit: 10 });
      if (alerts.items[0]) await s.cases.ackAlert(m.ctx, org.slug, alerts.items[0].id);
      await s.feedback.list(m.ctx, org.slug, { audience: 'public', theme: 'Support' }, { limit: 10 });
      await s.feedback.themes(m.ctx, org.slug, { incident: incident.id, interval: 'day' });
      await s.feedback.themes(m.ctx, org.slug, { interval: 'week' });
      await s.feedback.incidentLoop(m.ctx, org.slug, incident.id);
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
