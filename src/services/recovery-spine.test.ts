import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import { AppError } from '../domain/errors.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import {
  SYSTEM,
  actionInput,
  commitmentInput,
  makeIncident,
  makeMember,
  makeOrg,
  rootCauseInput,
} from '../../test/factories.ts';

let clockNow = new Date('2026-03-01T09:00:00Z');
const clock = () => clockNow;

describe.each(await dialects())('recovery spine on %s', (dialect) => {
  let db: TestDb;
  let s: Services;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn, clock);
  });
  afterAll(async () => db?.drop());

  it('should not show one organization’s incident to another organization’s member', async () => {
    const a = await makeOrg(s);
    const b = await makeOrg(s);
    const incident = await makeIncident(s, a.slug);
    const outsider = await makeMember(s, b.slug, 'owner');
    await expect(s.incidents.get(outsider.ctx, a.slug, incident.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(s.incidents.get(outsider.ctx, b.slug, incident.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('should answer a race for the same organization slug with one success and conflicts', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        s.accounts.createOrganization(SYSTEM, { slug: 'raced-slug', name: 'Race' }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    }
  });

  it('should refuse a viewer who tries to declare an incident', async () => {
    const org = await makeOrg(s);
    const viewer = await makeMember(s, org.slug, 'viewer');
    await expect(
      s.incidents.create(viewer.ctx, org.slug, { title: 'x', kind: 'outage' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('should carry an incident from respond to closed through every gate', async () => {
    clockNow = new Date('2026-03-01T09:00:00Z');
    const org = await makeOrg(s);
    const { record } = await s.incidents.create(SYSTEM, org.slug, {
      title: 'Payroll bucket exposed',
      kind: 'data_breach',
      violationTypes: ['competence', 'integrity'],
    });
    const id = record.incident.id;
    expect(record.incident.slug).toBe('payroll-bucket-exposed');
    expect(record.cluster.cluster).toBe('accidental');
    expect(record.readiness.ready).toBe(false);
    expect(record.readiness.unmet.map((u) => u.rule)).toEqual(['GD-D1', 'GD-D1']);

    const refused = await s.incidents
      .transition(SYSTEM, org.slug, id, { to: 'diagnose' }, undefined)
      .catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.code).toBe('transition_refused');
    expect(refused.errors).toHaveLength(2);

    await s.incidents.update(
      SYSTEM,
      org.slug,
      id,
      { investigationOwner: 'Maya Chen', disclosedAt: '2026-03-01T10:00:00+01:00' },
      1,
    );
    let detail = await s.incidents.transition(SYSTEM, org.slug, id, { to: 'diagnose' }, 2);
    expect(detail.incident.stage).toBe('diagnose');

    await expect(
      s.incidents.transition(SYSTEM, org.slug, id, { to: 'reform' }, undefined),
    ).rejects.toMatchObject({
      code: 'transition_refused',
    });
    const cause = (
      await s.rootCauses.create(
        SYSTEM,
        org.slug,
        id,
        rootCauseInput({ dimensions: ['ability', 'integrity'] }),
      )
    ).record;
    detail = await s.incidents.transition(SYSTEM, org.slug, id, { to: 'reform' }, undefined);
    expect(detail.incident.stage).toBe('reform');

    const regulate = (
      await s.actions.create(
        SYSTEM,
        org.slug,
        id,
        actionInput({ rootCauseIds: [cause.id], dueAt: '2026-03-10' }),
      )
    ).record;
    const refusal = await s.incidents
      .transition(SYSTEM, org.slug, id, { to: 'evaluate' }, undefined)
      .catch((e) => e);
    expect(refusal.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(
      /trustworthiness-demonstration/,
    );
    expect(refusal.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/integrity/);
    const demonstrate = (
      await s.actions.create(
        SYSTEM,
        org.slug,
        id,
        actionInput({
          title: 'Personal apology and credit monitoring',
          kind: 'remedy',
          repairLogic: 'trustworthiness_demonstration',
          dimensions: ['integrity', 'benevolence'],
          rootCauseIds: [cause.id],
          dueAt: '2026-03-20',
        }),
      )
    ).record;
    const promise = (
      await s.commitments.create(
        SYSTEM,
        org.slug,
        id,
        commitmentInput({ dueAt: '2026-03-10', actionIds: [regulate.id] }),
      )
    ).record;
    expect(promise.status).toBe('open');
    detail = await s.incidents.transition(SYSTEM, org.slug, id, { to: 'evaluate' }, undefined);
    expect(detail.incident.stage).toBe('evaluate');

    // Closing waits for open promises and unfinished actions.
    const closeRefusal = await s.incidents
      .transition(SYSTEM, org.slug, id, { to: 'closed' }, undefined)
      .catch((e) => e);
    expect(closeRefusal.code).toBe('transition_refused');
    expect(closeRefusal.errors.every((e: { rule: string }) => e.rule === 'GD-D4')).toBe(true);

    clockNow = new Date('2026-03-09T12:00:00Z');
    await s.actions.update(SYSTEM, org.slug, regulate.id, { status: 'done' }, undefined);
    const kept = await s.commitments.get(SYSTEM, org.slug, promise.id);
    expect(kept.status).toBe('kept_on_time');
    expect(kept.keptAt).toBe('2026-03-09T12:00:00.000Z');

    await s.actions.update(SYSTEM, org.slug, demonstrate.id, { status: 'done' }, undefined);
    detail = await s.incidents.transition(SYSTEM, org.slug, id, { to: 'closed' }, undefined);
    expect(detail.incident.stage).toBe('closed');
    expect(detail.sayDo.ratio).toBe(1);

    // Closed incidents are a record.
    await expect(s.rootCauses.create(SYSTEM, org.slug, id, rootCauseInput())).rejects.toMatchObject({
      code: 'conflict',
    });
    // Reopening needs a reason.
    await expect(
      s.incidents.transition(SYSTEM, org.slug, id, { to: 'evaluate' }, undefined),
    ).rejects.toMatchObject({
      code: 'validation',
    });
    detail = await s.incidents.transition(
      SYSTEM,
      org.slug,
      id,
      { to: 'evaluate', reason: 'Relapse' },
      undefined,
    );
    expect(detail.incident.stage).toBe('evaluate');
  });

  it('should judge a renegotiated promise against its first due date', async () => {
    clockNow = new Date('2026-04-01T09:00:00Z');
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug);
    const action = (
      await s.actions.create(SYSTEM, org.slug, incident.id, actionInput({ dueAt: '2026-04-05' }))
    ).record;
    const c = (
      await s.commitments.create(
        SYSTEM,
        org.slug,
        incident.id,
        commitmentInput({ dueAt: '2026-04-05', actionIds: [action.id] }),
      )
    ).record;
    await expect(
      s.commitments.update(SYSTEM, org.slug, c.id, { dueAt: '2026-04-12' }, undefined),
    ).rejects.toMatchObject({ code: 'validation' });
    const moved = await s.commitments.update(
      SYSTEM,
      org.slug,
      c.id,
      { dueAt: '2026-04-12', explanation: 'Vendor patch slipped a week' },
      undefined,
    );
    expect(moved.status).toBe('renegotiated');
    expect(moved.dueHistory).toHaveLength(1);
    expect(moved.originalDueAt).toBe('2026-04-05T23:59:59.999Z');
    clockNow = new Date('2026-04-10T09:00:00Z');
    await s.actions.update(SYSTEM, org.slug, action.id, { status: 'done' }, undefined);
    expect((await s.commitments.get(SYSTEM, org.slug, c.id)).status).toBe('kept_late');
  });

  it('should refuse a stale version and keep the first writer’s change', async () => {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug);
    await s.incidents.update(SYSTEM, org.slug, incident.id, { title: 'First writer' }, 1);
    await expect(
      s.incidents.update(SYSTEM, org.slug, incident.id, { title: 'Second writer' }, 1),
    ).rejects.toMatchObject({ code: 'stale' });
    expect((await s.incidents.get(SYSTEM, org.slug, incident.id)).incident.title).toBe('First writer');
  });

  it('should create once for a repeated idempotency key and refuse it for another body', async () => {
    const org = await makeOrg(s);
    const first = await s.incidents.create(
      SYSTEM,
      org.slug,
      { title: 'Once', kind: 'outage' },
      { idempotencyKey: 'k1', requestHash: 'h1' },
    );
    const again = await s.incidents.create(
      SYSTEM,
      org.slug,
      { title: 'Once', kind: 'outage' },
      { idempotencyKey: 'k1', requestHash: 'h1' },
    );
    expect(again.replayed).toBe(true);
    expect(again.record.incident.id).toBe(first.record.incident.id);
    await expect(
      s.incidents.create(
        SYSTEM,
        org.slug,
        { title: 'Other', kind: 'outage' },
        { idempotencyKey: 'k1', requestHash: 'h2' },
      ),
    ).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    const page = await s.incidents.list(SYSTEM, org.slug, {}, { limit: 10 });
    expect(page.items).toHaveLength(1);
  });

  it('should write an audit event with before and after for every change', async () => {
    const org = await makeOrg(s);
    const member = await makeMember(s, org.slug, 'editor');
    const { record } = await s.incidents.create(member.ctx, org.slug, { title: 'Audited', kind: 'outage' });
    await s.incidents.update(member.ctx, org.slug, record.incident.id, { severity: 5 }, 1);
    const trail = await s.audit.list(SYSTEM, org.slug, { recordId: record.incident.id }, { limit: 10 });
    expect(trail.items.map((e) => e.action)).toEqual(['updated', 'created']);
    expect(trail.items[0]!.actor.label).toBe(member.email);
    expect(trail.items[0]!.before).toMatchObject({ severity: 3 });
    expect(trail.items[0]!.after).toMatchObject({ severity: 5 });
  });

  it('should export, import into an empty database and export the same document', async () => {
    const org = await makeOrg(s);
    await makeMember(s, org.slug, 'leader');
    const incident = await makeIncident(s, org.slug);
    const cause = (await s.rootCauses.create(SYSTEM, org.slug, incident.id, rootCauseInput())).record;
    const action = (
      await s.actions.create(SYSTEM, org.slug, incident.id, actionInput({ rootCauseIds: [cause.id] }))
    ).record;
    await s.commitments.create(SYSTEM, org.slug, incident.id, commitmentInput({ actionIds: [action.id] }));
    const first = await s.transfer.exportOrganization(SYSTEM, org.slug);

    const other = await createTestDb(dialect);
    try {
      const t = createServices(testConfig(), other.conn, clock);
      await t.transfer.importOrganization(JSON.parse(JSON.stringify(first)));
      const second = await t.transfer.exportOrganization(SYSTEM, org.slug);
      expect(second).toEqual(first);
      await expect(t.transfer.importOrganization(first)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await other.drop();
    }
  });
});
