import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { Case } from '../domain/case.ts';
import { DEFAULT_SLA_POLICY, caseMetrics } from '../domain/case.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { startSmtp } from '../../test/mail.ts';
import { SYSTEM, makeIncident, makeMember, makeOrg } from '../../test/factories.ts';
import { AnalysisWorker } from './analysis.worker.ts';
import { CaseSlaWorker } from './case-sla.worker.ts';
import { DeliveryWorker } from './delivery.worker.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

describe.each(await dialects())('cases on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let delivery: DeliveryWorker;
  let now = T0;
  const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
  const travel = (hours: number) => {
    now = T0 + hours * HOUR;
  };

  beforeAll(async () => {
    db = await createTestDb(dialect);
    smtp = await startSmtp();
    const config = testConfig({ smtpUrl: smtp.url, publicUrl: 'https://trust.example.test' });
    s = createServices(config, db.conn, () => new Date(now));
    delivery = new DeliveryWorker(s, config);
  });
  afterAll(async () => {
    await delivery?.stop();
    await smtp?.close();
    await db?.drop();
  });

  async function sendAll() {
    while ((await delivery.runOnce()) > 0) {
      /* send everything due */
    }
  }

  it('should walk a case through its whole lifecycle, numbering it and auditing each step', async () => {
    travel(0);
    const org = (await makeOrg(s)).slug;
    const agent = await makeMember(s, org, 'communicator');
    const first = (await s.cases.open(agent.ctx, org, { title: 'Charged twice', severity: 'high' })).record;
    const c = (await s.cases.open(agent.ctx, org, { title: 'Refund never arrived', severity: 'high' }))
      .record;
    expect(first.number).toBe(1);
    expect(c).toMatchObject({ number: 2, status: 'new', reopenCount: 0 });
    expect(c.sla).toMatchObject({
      ackDueAt: at(4),
      resolveDueAt: at(72),
      breached: false,
      clock: 'acknowledge',
    });

    travel(1);
    let x = await s.cases.transition(agent.ctx, org, c.id, { to: 'acknowledged' }, c.version);
    expect(x).toMatchObject({ status: 'acknowledged', acknowledgedAt: at(1), version: 2 });
    x = await s.cases.update(agent.ctx, org, c.id, { assigneeId: agent.user.id }, undefined);
    expect(x.assigneeId).toBe(agent.user.id);
    x = await s.cases.transition(agent.ctx, org, c.id, { to: 'in_progress' }, undefined);
    travel(10);
    x = await s.cases.transition(
      agent.ctx,
      org,
      c.id,
      { to: 'resolved', note: 'Refund sent again' },
      undefined,
    );
    expect(x).toMatchObject({ status: 'resolved', resolvedAt: at(10), resolutionNote: 'Refund sent again' });
    expect(x.sla).toMatchObject({ breached: false, remainingMs: null });
    x = await s.cases.transition(agent.ctx, org, c.id, { to: 'closed' }, undefined);
    expect(x).toMatchObject({ status: 'closed', closedAt: at(10) });

    // Reopened: back in progress, counted, the resolution cleared.
    travel(20);
    x = await s.cases.transition(agent.ctx, org, c.id, { to: 'in_progress', note: 'It bounced' }, undefined);
    expect(x).toMatchObject({ status: 'in_progress', reopenCount: 1, resolvedAt: null, closedAt: null });

    const trail = await s.audit.list(SYSTEM, org, { recordId: c.id }, { limit: 50 });
    expect(trail.items.map((e) => e.action).reverse()).toEqual([
      'created',
      'status_changed',
      'assigned',
      'status_changed',
      'status_changed',
      'status_changed',
      'reopened',
    ]);
  });

  it('should refuse illegal moves with the reason, and a stale version', async () => {
    travel(0);
    const org = (await makeOrg(s)).slug;
    const c = (await s.cases.open(SYSTEM, org, { title: 'Rude reply' })).record;
    await expect(s.cases.transition(SYSTEM, org, c.id, { to: 'closed' }, undefined)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/closed only once it is resolved/),
    });
    await expect(s.cases.transition(SYSTEM, org, c.id, { to: 'resolved' }, undefined)).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(s.cases.transition(SYSTEM, org, c.id, { to: 'new' }, undefined)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(s.cases.transition(SYSTEM, org, c.id, { to: 'acknowledged' }, 7)).rejects.toMatchObject({
      code: 'stale',
    });
    expect((await s.cases.get(SYSTEM, org, c.id)).status).toBe('new');
  });

  it('should only assign members, and answer not found for another organization’s case', async () => {
    const org = (await makeOrg(s)).slug;
    const other = (await makeOrg(s)).slug;
    const outsider = await makeMember(s, other, 'editor');
    const viewer = await makeMember(s, org, 'viewer');
    const c = (await s.cases.open(SYSTEM, org, { title: 'Lost parcel' })).record;
    await expect(
      s.cases.update(SYSTEM, org, c.id, { assigneeId: outsider.user.id }, undefined),
    ).rejects.toMatchObject({
      code: 'validation',
      errors: [expect.objectContaining({ path: 'body.assigneeId' })],
    });
    await expect(s.cases.open(SYSTEM, org, { title: 'x', assigneeId: 'nobody' })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(s.cases.get(SYSTEM, other, c.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(s.cases.get(outsider.ctx, org, c.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      s.cases.transition(viewer.ctx, org, c.id, { to: 'acknowledged' }, undefined),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // Contact details only with consent.
    await expect(
      s.cases.open(SYSTEM, org, { title: 'x', requesterEmail: 'ana@example.test' }),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('should raise each breach alert once, e-mail the assignee or the owners, and again after a reopening', async () => {
    travel(0);
    const orgRecord = await makeOrg(s);
    const org = orgRecord.slug;
    const owner = await makeMember(s, org, 'owner');
    const agent = await makeMember(s, org, 'editor');
    const critical = (await s.cases.open(SYSTEM, org, { title: 'Account locked', severity: 'critical' }))
      .record;
    const assigned = (
      await s.cases.open(SYSTEM, org, { title: 'Wrong bill', severity: 'high', assigneeId: agent.user.id })
    ).record;
    const sweep = new CaseSlaWorker(s);
    // Other suites' cases share the database: count this organization's alerts.
    const raised = async () => (await s.cases.listAlerts(SYSTEM, org, {}, { limit: 50 })).items.length;

    travel(0.5);
    await sweep.runOnce();
    expect(await raised()).toBe(0);
    expect((await s.cases.get(SYSTEM, org, critical.id)).sla.atRisk).toBe(false);
    travel(0.9);
    expect((await s.cases.get(SYSTEM, org, critical.id)).sla.atRisk).toBe(true);

    travel(1.5); // critical: past its 1 h acknowledge target
    expect(await s.cases.raiseBreachAlerts(new Date(now))).toBeGreaterThanOrEqual(1);
    expect(await s.cases.raiseBreachAlerts(new Date(now))).toBe(0); // once
    expect(await raised()).toBe(1);
    const breachedNow = await s.cases.list(SYSTEM, org, { breached: true }, { limit: 10 });
    expect(breachedNow.items.map((c) => c.id)).toEqual([critical.id]);
    expect(
      (await s.cases.list(SYSTEM, org, { breached: false }, { limit: 10 })).items.map((c) => c.id),
    ).toEqual([assigned.id]);

    travel(5); // high: past 4 h
    await sweep.runOnce();
    expect(await raised()).toBe(2);
    await sendAll();
    const mails = smtp.received.filter((m) => m.subject?.startsWith(`${orgRecord.name}:`));
    expect(mails).toHaveLength(2);
    const to = (m: (typeof mails)[number]) => JSON.stringify(m.to);
    const criticalMails = mails.filter((m) => m.subject?.includes(`#${critical.number} `));
    expect(criticalMails.map(to).sort().join()).toContain(owner.email); // unassigned: the owners
    expect(criticalMails[0]!.text).toContain('Account locked');
    expect(criticalMails[0]!.subject).toContain('not acknowledged in time');
    const assignedMails = mails.filter((m) => m.subject?.includes(`#${assigned.number} `));
    expect(assignedMails.map(to)).toEqual([expect.stringContaining(agent.email)]);

    // The alerts are listed and acknowledged once.
    const alerts = await s.cases.listAlerts(SYSTEM, org, { acked: false }, { limit: 10 });
    expect(alerts.items).toHaveLength(2);
    const acked = await s.cases.ackAlert(agent.ctx, org, alerts.items[0]!.id);
    expect(acked).toMatchObject({ ackedBy: agent.email });
    expect((await s.cases.ackAlert(SYSTEM, org, alerts.items[0]!.id)).ackedBy).toBe(agent.email);
    expect((await s.cases.listAlerts(SYSTEM, org, { acked: false }, { limit: 10 })).items).toHaveLength(1);

    // Past 24 h: the critical case breaches its resolve target too; resolved, then reopened → a new cycle.
    travel(25);
    await s.cases.transition(SYSTEM, org, assigned.id, { to: 'resolved', note: 'Corrected' }, undefined);
    await sweep.runOnce();
    expect(await raised()).toBe(3);
    await s.cases.transition(SYSTEM, org, critical.id, { to: 'resolved', note: 'Unlocked' }, undefined);
    await sweep.runOnce();
    expect(await raised()).toBe(3);
    await s.cases.transition(SYSTEM, org, critical.id, { to: 'in_progress' }, undefined);
    await sweep.runOnce();
    await sweep.runOnce();
    expect(await raised()).toBe(4);
    const all = await s.cases.listAlerts(SYSTEM, org, { caseId: critical.id }, { limit: 10 });
    expect(all.items.map((a) => `${a.kind}:${a.cycle}`).sort()).toEqual([
      'ack_breach:0',
      'resolve_breach:0',
      'resolve_breach:1',
    ]);
    const trail = await s.audit.list(SYSTEM, org, { recordId: critical.id }, { limit: 50 });
    expect(trail.items.filter((e) => e.action === 'sla_breached')).toHaveLength(3);
  });

  it('should follow the organization’s SLA settings and a severity change', async () => {
    travel(0);
    const org = (await makeOrg(s)).slug;
    const c = (await s.cases.open(SYSTEM, org, { title: 'Slow answer', severity: 'low' })).record;
    expect(c.sla.ackDueAt).toBe(at(72));
    const policy = await s.cases.updateSlaSettings(SYSTEM, org, {
      targets: { low: { acknowledgeHours: 2, resolveHours: 48 } },
    });
    expect(policy.targets.low).toEqual({ acknowledgeHours: 2, resolveHours: 48 });
    expect(policy.targets.critical).toEqual(DEFAULT_SLA_POLICY.targets.critical);
    expect((await s.cases.get(SYSTEM, org, c.id)).sla.ackDueAt).toBe(at(2));
    const up = await s.cases.update(SYSTEM, org, c.id, { severity: 'critical' }, undefined);
    expect(up.sla).toMatchObject({ ackDueAt: at(1), resolveDueAt: at(24) });
    await expect(
      s.cases.updateSlaSettings(SYSTEM, org, { targets: { high: { acknowledgeHours: 9, resolveHours: 8 } } }),
    ).rejects.toMatchObject({ code: 'validation' });
    // The statement approval policy is left alone.
    expect((await s.accounts.settings(SYSTEM, org)).statements).toBeDefined();
  });

  it('should turn a complaint from the public form into one case, with the contact only when consented', async () => {
    travel(0);
    const org = (await makeOrg(s)).slug;
    const incident = await makeIncident(s, org);
    const complaint = await s.feedback.submitPublic(
      org,
      {
        text: 'You charged my card twice and nobody answers.\nOrder 1234.',
        incident: incident.slug,
        email: 'ana@example.test',
        consent: true,
        kind: 'complaint',
      },
      '10.0.0.1',
    );
    await s.feedback.submitPublic(org, { text: 'Anonymous complaint', kind: 'complaint' }, '10.0.0.2');
    await s.feedback.submitPublic(org, { text: 'Just a comment, thanks' }, '10.0.0.3');
    await new AnalysisWorker(s).runOnce();
    await new AnalysisWorker(s).runOnce();
    const cases = (await s.cases.list(SYSTEM, org, {}, { limit: 10 })).items;
    expect(cases).toHaveLength(2);
    const c = cases.find((x) => x.feedbackId === complaint)!;
    expect(c).toMatchObject({
      title: 'You charged my card twice and nobody answers.',
      incidentId: incident.id,
      requesterEmail: 'ana@example.test',
      severity: 'medium',
      status: 'new',
    });
    expect(cases.find((x) => x.feedbackId !== complaint)!.requesterEmail).toBeNull();
    // Opening a second case for the same item is refused.
    await expect(s.cases.open(SYSTEM, org, { feedbackId: complaint })).rejects.toMatchObject({
      code: 'conflict',
    });
    // Any feedback item can be opened as a case by hand, once.
    const comment = (await s.feedback.list(SYSTEM, org, { channel: 'form' }, { limit: 5 })).items[0]!;
    const manual = (await s.cases.open(SYSTEM, org, { feedbackId: comment.id, severity: 'low' })).record;
    expect(manual).toMatchObject({
      description: 'Just a comment, thanks',
      severity: 'low',
      requesterEmail: null,
    });
  });

  it('should compute resolution figures in SQL that match the definition and hand-computed values', async () => {
    travel(0);
    const org = (await makeOrg(s)).slug;
    const incident = await makeIncident(s, org);
    const open = async (title: string, severity: Case['severity'], inIncident = true) =>
      (await s.cases.open(SYSTEM, org, { title, severity, ...(inIncident ? { incident: incident.id } : {}) }))
        .record;
    const a = await open('a', 'medium'); // resolved after 10 h: met
    const b = await open('b', 'critical'); // resolved after 30 h: breached
    const d = await open('d', 'low'); // never acknowledged, 80 h: breached
    const e = await open('e', 'low'); // resolved after 20 h: met
    const outside = await open('outside', 'critical', false); // another scope
    travel(0.5);
    await s.cases.transition(SYSTEM, org, b.id, { to: 'acknowledged' }, undefined);
    await s.cases.transition(SYSTEM, org, outside.id, { to: 'acknowledged' }, undefined);
    travel(10);
    await s.cases.transition(SYSTEM, org, a.id, { to: 'resolved', note: 'ok' }, undefined);
    travel(20);
    await s.cases.transition(SYSTEM, org, e.id, { to: 'resolved', note: 'ok' }, undefined);
    travel(30);
    await s.cases.transition(SYSTEM, org, b.id, { to: 'resolved', note: 'late' }, undefined);
    await s.cases.transition(SYSTEM, org, b.id, { to: 'closed' }, undefined);
    travel(75);
    const c = await open('c', 'high'); // opened 5 h before "now", acknowledged in time: pending
    travel(76);
    await s.cases.transition(SYSTEM, org, c.id, { to: 'in_progress' }, undefined);
    travel(80);

    const m = await s.cases.metrics(SYSTEM, org, { incident: incident.slug });
    expect(m).toMatchObject({
      incidentId: incident.id,
      opened: 5,
      open: 2,
      resolved: 3,
      reopened: 0,
      resolutionRate: 0.6,
      medianTimeToResolveMs: 20 * HOUR,
      sla: { met: 2, breached: 2, pending: 1, complianceRate: 0.5 },
    });
    void d;
    // The SQL aggregates agree with the pure definition over the same cases.
    const mine = (await s.cases.list(SYSTEM, org, { incident: incident.id }, { limit: 50 })).items;
    const { from: _f, to: _t, incidentId: _i, ...figures } = m;
    expect(figures).toEqual(caseMetrics(mine, DEFAULT_SLA_POLICY, at(80)));
    // Period: cases opened from hour 1 on → only c; an even count of resolved cases takes the mean of the middle two.
    expect(await s.cases.metrics(SYSTEM, org, { from: at(1) })).toMatchObject({ opened: 1, resolved: 0 });
    const whole = await s.cases.metrics(SYSTEM, org, {});
    expect(whole).toMatchObject({ opened: 6, resolved: 3, medianTimeToResolveMs: 20 * HOUR });
    await s.cases.transition(SYSTEM, org, outside.id, { to: 'resolved', note: 'ok' }, undefined);
    expect((await s.cases.metrics(SYSTEM, org, {})).medianTimeToResolveMs).toBe(((20 + 30) / 2) * HOUR);
    await expect(s.cases.metrics(SYSTEM, org, { from: at(5), to: at(1) })).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
