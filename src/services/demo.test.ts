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

  it('should tell its story in time order', async () => {
    const events = (await s.transfer.exportOrganization(SYSTEM, DEMO_ORG)).auditEvents;
    expect(events.length).toBeGreaterThan(50);
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    expect(times[times.length - 1]! <= new Date().toISOString()).toBe(true);
  });
});
