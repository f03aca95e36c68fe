import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb } from '../../test/db.ts';
import { SYSTEM } from '../../test/factories.ts';
import { isOverdue } from '../domain/action.ts';
import { DEMO_ORG, seedDemo } from './demo.service.ts';

describe('the demo organization', () => {
  let db: TestDb;
  let s: Services;
  beforeAll(async () => {
    db = await createTestDb('sqlite');
    s = createServices(testConfig(), db.conn);
    expect((await seedDemo(s.store, s.clock)).created).toBe(true);
  });
  afterAll(async () => db?.drop());

  it('should seed only once', async () => {
    expect((await seedDemo(s.store, s.clock)).created).toBe(false);
  });

  it('should have ten or more breach actions in every state, and promises kept, late and open', async () => {
    const actions = await s.actions.list(SYSTEM, DEMO_ORG, 'bucket-exposure');
    expect(actions.length).toBeGreaterThanOrEqual(8);
    expect(new Set(actions.map((a) => a.status))).toEqual(
      new Set(['planned', 'in_progress', 'done', 'verified', 'dropped']),
    );
    expect(actions.some((a) => isOverdue(a, new Date().toISOString()))).toBe(true);
    const statuses = (await s.commitments.list(SYSTEM, DEMO_ORG, 'bucket-exposure')).map((c) => c.status);
    for (const st of ['kept_on_time', 'kept_late', 'open', 'renegotiated'] as const)
      expect(statuses).toContain(st);
  });

  it('should sit in reform, ready to move on, with a closed incident in its history', async () => {
    const breach = await s.incidents.get(SYSTEM, DEMO_ORG, 'bucket-exposure');
    expect(breach.incident.stage).toBe('reform');
    expect(breach.readiness).toMatchObject({ next: 'evaluate', ready: true, unmet: [] });
    const list = await s.incidents.list(SYSTEM, DEMO_ORG, {}, { limit: 10 });
    expect(list.items.map((i) => i.incident.stage)).toEqual(['reform', 'closed']);
  });

  it('should have heard people before and after the breach, with one loop closed and one waiting', async () => {
    const breach = await s.incidents.get(SYSTEM, DEMO_ORG, 'bucket-exposure');
    const items = (await s.feedback.list(SYSTEM, DEMO_ORG, {}, { limit: 200 })).items;
    expect(items.length).toBe(200);
    expect(new Set(items.map((f) => f.sentiment))).toEqual(
      new Set(['positive', 'negative', 'neutral', 'mixed']),
    );
    expect(items.some((f) => f.language !== null && f.language !== 'en')).toBe(true);
    const actions = await s.actions.list(SYSTEM, DEMO_ORG, breach.incident.id);
    const letters = actions.find((a) => a.title.startsWith('Personal letter'))!;
    const policy = actions.find((a) => a.title.startsWith('Data classification'))!;
    // Queued for everyone who consented; sent once the worker has an SMTP server.
    const closed = await s.feedback.loopStatus(SYSTEM, DEMO_ORG, letters.id);
    expect(closed.people).toBeGreaterThan(0);
    const queued = await s.store.deliveries.listBySource(breach.incident.organizationId, 'loop', letters.id);
    expect(queued.length).toBe(closed.people);
    const open = await s.feedback.loopStatus(SYSTEM, DEMO_ORG, policy.id);
    expect(open.waiting).toBeGreaterThan(0);
  });

  it('should have measured client trust before the breach, after it, and as it recovers', async () => {
    const waves = (await s.surveys.listSurveys(SYSTEM, DEMO_ORG, {}, { limit: 10 })).items;
    expect(waves.map((w) => w.wave).sort()).toEqual([
      'baseline',
      'post_incident',
      'post_response',
      'tracking',
    ]);
    const nps = async (wave: string) => {
      const r = await s.surveys.results(SYSTEM, DEMO_ORG, waves.find((w) => w.wave === wave)!.id);
      return JSON.stringify(r);
    };
    expect(await nps('baseline')).toContain('"respondents":62');
  });

  it('should keep the lesson the closed outage taught', async () => {
    const lessons = await s.lessons.list(SYSTEM, DEMO_ORG);
    expect(lessons).toHaveLength(1);
    expect(lessons[0]).toMatchObject({ stage: 'evaluate', category: 'process' });
  });

  it('should tell its story in time order', async () => {
    const events = (await s.transfer.exportOrganization(SYSTEM, DEMO_ORG)).auditEvents;
    expect(events.length).toBeGreaterThan(50);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    expect(times[times.length - 1]! <= new Date().toISOString()).toBe(true);
  });
});
