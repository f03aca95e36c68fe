import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { Feedback } from '../domain/feedback.ts';
import { newId } from '../store/ids.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { SYSTEM, actionInput, makeIncident, makeMember, makeOrg } from '../../test/factories.ts';

/** The listening console's reads: inbox filters, themes over time, loop status per action. */
describe.each(await dialects())('listening reads on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let now = new Date('2026-03-11T12:00:00.000Z'); // a Wednesday
  let org: string;
  let orgId: string;
  let incident: { id: string; slug: string };
  let otherIncident: { id: string; slug: string };

  /** A public submission on `at`, analysed before the test reads it. */
  async function said(
    at: string,
    text: string,
    over: { email?: string; consent?: boolean; incident?: string } = {},
  ) {
    now = new Date(at);
    return s.feedback.submitPublic(
      org,
      { text, incident: over.incident ?? incident.slug, email: over.email, consent: over.consent },
      '10.0.0.1',
    );
  }

  /** An item from another audience (one-on-one notes with employees, say), written directly. */
  async function noted(at: string, text: string, audience: string): Promise<string> {
    const item: Feedback = {
      organizationId: orgId,
      id: newId(),
      incidentId: incident.id,
      channel: 'one_on_one',
      audience,
      text,
      ratings: {},
      contactEmail: null,
      contactName: null,
      consent: false,
      source: null,
      sourceId: null,
      clientHash: null,
      redacted: false,
      sentiment: null,
      sentimentScore: null,
      language: null,
      themes: [],
      analysedAt: null,
      loopClosedAt: null,
      createdAt: at,
      version: 1,
    };
    await s.store.feedback.insertMany([item]);
    return item.id;
  }

  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn, () => now);
    const o = await makeOrg(s);
    org = o.slug;
    orgId = o.id;
    incident = await makeIncident(s, org);
    otherIncident = await makeIncident(s, org);
    await said('2026-03-02T09:00:00.000Z', 'Where is my refund? Still waiting.', {
      email: 'ana@example.test',
      consent: true,
    });
    await said('2026-03-02T23:59:59.000Z', 'Thank you for the refund, that was quick and clear.');
    await said('2026-03-10T08:00:00.000Z', 'I want compensation. I no longer trust you.', {
      email: 'ben@example.test',
      consent: false,
    });
    await said('2026-03-10T10:00:00.000Z', 'Your helpline never answered.', {
      email: 'cy@example.test',
      consent: true,
    });
    await said('2026-03-10T11:00:00.000Z', 'A refund for the other incident please, this is unacceptable.', {
      incident: otherIncident.slug,
    });
    await noted('2026-03-09T10:00:00.000Z', 'Staff ask whether their salary data was exposed.', 'employees');
    expect(await s.feedback.analysePending()).toBe(6);
    now = new Date('2026-03-11T12:00:00.000Z');
  });
  afterAll(async () => {
    await db?.drop();
  });

  describe('the inbox', () => {
    it('should filter by audience and by theme, and combine filters', async () => {
      const employees = await s.feedback.list(SYSTEM, org, { audience: 'employees' }, { limit: 50 });
      expect(employees.items.map((f) => f.text)).toEqual([
        'Staff ask whether their salary data was exposed.',
      ]);

      const compensation = await s.feedback.list(SYSTEM, org, { theme: 'Compensation' }, { limit: 50 });
      expect(compensation.items).toHaveLength(4);
      expect(compensation.items.every((f) => f.themes.includes('Compensation'))).toBe(true);

      const here = await s.feedback.list(
        SYSTEM,
        org,
        { theme: 'Compensation', incident: incident.slug, sentiment: 'negative' },
        { limit: 50 },
      );
      expect(here.items.map((f) => f.text).sort()).toEqual([
        'I want compensation. I no longer trust you.',
        'Where is my refund? Still waiting.',
      ]);
      expect((await s.feedback.list(SYSTEM, org, { theme: 'No such theme' }, { limit: 50 })).items).toEqual(
        [],
      );
    });

    it('should show nothing of another organization', async () => {
      const other = await makeOrg(s);
      expect(
        (await s.feedback.list(SYSTEM, other.slug, { theme: 'Compensation' }, { limit: 50 })).items,
      ).toEqual([]);
      await expect(
        s.feedback.list(SYSTEM, other.slug, { incident: incident.slug }, { limit: 50 }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('themes over time', () => {
    it('should count each theme per day in the database, with quiet days as zeros and the negative share', async () => {
      const r = await s.feedback.themes(SYSTEM, org, {
        incident: incident.slug,
        from: '2026-03-01',
        to: '2026-03-10',
      });
      expect(r.buckets).toHaveLength(10);
      const compensation = r.themes.find((t) => t.theme === 'Compensation')!;
      expect(compensation).toMatchObject({ total: 3, negative: 2, negativeShare: 0.667 });
      const byDay = Object.fromEntries(compensation.series.map((p) => [p.bucket, p.count]));
      // 23:59:59 UTC still counts on its own day, whatever the database's time zone.
      expect(byDay).toMatchObject({ '2026-03-01': 0, '2026-03-02': 2, '2026-03-03': 0, '2026-03-10': 1 });
      expect(r.themes[0]!.theme).toBe('Compensation');
      // The other incident's refund is not in this incident's count.
      expect(compensation.series.reduce((n, p) => n + p.count, 0)).toBe(3);
    });

    it('should count per ISO week, all incidents without a filter', async () => {
      const r = await s.feedback.themes(SYSTEM, org, {
        from: '2026-03-01',
        to: '2026-03-15',
        interval: 'week',
      });
      expect(r.buckets).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
      const compensation = r.themes.find((t) => t.theme === 'Compensation')!;
      expect(compensation.series).toEqual([
        { bucket: '2026-02-23', count: 0 },
        { bucket: '2026-03-02', count: 2 },
        { bucket: '2026-03-09', count: 2 },
      ]);
      expect(compensation.negative).toBe(3);
    });

    it('should default to the last 30 days and leave out what is outside the window', async () => {
      now = new Date('2026-04-05T12:00:00.000Z');
      const r = await s.feedback.themes(SYSTEM, org, {});
      now = new Date('2026-03-11T12:00:00.000Z');
      expect(r.buckets).toHaveLength(31);
      expect(r.themes.find((t) => t.theme === 'Compensation')!.total).toBe(2); // 10 March only
    });

    it('should refuse a bad window, and keep other organizations out', async () => {
      await expect(
        s.feedback.themes(SYSTEM, org, { from: '2026-03-05', to: '2026-03-01' }),
      ).rejects.toMatchObject({
        code: 'validation',
      });
      const other = await makeOrg(s);
      expect(
        (await s.feedback.themes(SYSTEM, other.slug, { from: '2026-03-01', to: '2026-03-12' })).themes,
      ).toEqual([]);
      await expect(s.feedback.themes(SYSTEM, other.slug, { incident: incident.slug })).rejects.toMatchObject({
        code: 'not_found',
      });
      const outsider = await makeMember(s, other.slug, 'viewer');
      await expect(s.feedback.themes(outsider.ctx, org, {})).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('loop status of an incident', () => {
    it('should count, for every action in one query, the people waiting and told', async () => {
      const refunds = (
        await s.actions.create(SYSTEM, org, incident.id, actionInput({ title: 'Refund everyone' }))
      ).record;
      const helpline = (
        await s.actions.create(SYSTEM, org, incident.id, actionInput({ title: 'Staff the helpline' }))
      ).record;
      const unlinked = (await s.actions.create(SYSTEM, org, incident.id, actionInput())).record;
      await s.feedback.linkToAction(SYSTEM, org, refunds.id, { themes: ['Compensation'] });
      const cy = (await s.feedback.list(SYSTEM, org, { theme: 'Support' }, { limit: 50 })).items.find(
        (f) => f.contactEmail === 'cy@example.test',
      )!;
      await s.feedback.linkToAction(SYSTEM, org, helpline.id, { feedbackIds: [cy.id] });

      const before = await s.feedback.incidentLoop(SYSTEM, org, incident.slug);
      const of = (r: typeof before, id: string) => r.items.find((i) => i.actionId === id);
      // Ana consented; Ben did not; the other incident's refund is not reached by this theme link.
      expect(of(before, refunds.id)).toEqual({
        actionId: refunds.id,
        targets: ['theme:Compensation'],
        people: 1,
        told: 0,
        waiting: 1,
      });
      expect(of(before, helpline.id)).toMatchObject({ people: 1, told: 0, waiting: 1 });
      expect(of(before, unlinked.id)).toMatchObject({ targets: [], people: 0, told: 0, waiting: 0 });
      expect(before.items).toHaveLength(3);

      await s.actions.update(SYSTEM, org, refunds.id, { status: 'done' }, undefined);
      // What the delivery worker does once the SMTP server accepts the message (src/jobs/loop.test.ts sends it).
      for (const d of await s.deliveries.claimDue(20)) await s.deliveries.markSent(d, 'hash', '250 OK');
      const after = await s.feedback.incidentLoop(SYSTEM, org, incident.id);
      expect(of(after, refunds.id)).toMatchObject({ people: 1, told: 1, waiting: 0 });
      expect(of(after, helpline.id)).toMatchObject({ people: 1, told: 0, waiting: 1 });
      // The same numbers as the single-action status.
      expect(await s.feedback.loopStatus(SYSTEM, org, refunds.id)).toMatchObject({ people: 1, told: 1 });
      expect((await s.feedback.incidentLoop(SYSTEM, org, otherIncident.slug)).items).toEqual([]);
    });

    it('should answer not found for another organization’s incident', async () => {
      const other = await makeOrg(s);
      await expect(s.feedback.incidentLoop(SYSTEM, other.slug, incident.id)).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });
});
