import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { dialects } from '../../../test/db.ts';
import { SYSTEM, makeIncident, makeMember } from '../../../test/factories.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

describe.each(await dialects())('case routes on %s', (dialect) => {
  let t: TestApp;
  let now = T0;
  const travel = (hours: number) => {
    now = T0 + hours * HOUR;
  };
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, () => new Date(now));
  });
  afterAll(async () => t?.close());

  async function setup() {
    const { org, headers } = await orgWithTokens(t.services, ['owner', 'communicator', 'viewer', 'leader']);
    return { org, headers, base: `/api/v1/orgs/${org.slug}` };
  }

  it('should refuse the unauthenticated, the wrong role, another organization and bad input', async () => {
    travel(0);
    const { headers, base } = await setup();
    const other = await setup();
    const theirs = (await t.services.cases.open(SYSTEM, other.org.slug, { title: 'Their complaint' })).record;
    const post = (url: string, h: object, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: h as never, payload });

    expect((await t.app.inject({ url: `${base}/cases` })).statusCode).toBe(401);
    expect((await post(`${base}/cases`, headers.viewer, { title: 'x' })).statusCode).toBe(403);
    expect((await post(`${base}/cases`, headers.leader, { title: 'x' })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ url: `${base}/cases/${theirs.id}`, headers: headers.viewer })).statusCode,
    ).toBe(404);
    const crossTransition = await post(`${base}/cases/${theirs.id}/transitions`, headers.owner, {
      to: 'acknowledged',
    });
    expect(crossTransition.statusCode).toBe(404);
    expect(crossTransition.body).not.toContain('Their complaint');
    expect((await t.app.inject({ url: `${other.base}/cases`, headers: headers.owner })).statusCode).toBe(404);

    for (const payload of [
      {},
      { title: '' },
      { title: 'x', severity: 'urgent' },
      { title: 'x', unknown: 1 },
      { title: 'x', incident: 'no-such-incident' },
      { title: 'x', requesterEmail: 'not-an-address', requesterConsent: true },
    ]) {
      const res = await post(`${base}/cases`, headers.communicator, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect(
      (await t.app.inject({ url: `${base}/cases?breached=maybe`, headers: headers.viewer })).statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ url: `${base}/cases/metrics?from=yesterday`, headers: headers.viewer }))
        .statusCode,
    ).toBe(400);
  });

  it('should run a case from opening to closing and reopening, with ETags and 409 reasons', async () => {
    travel(0);
    const { org, headers, base } = await setup();
    const agent = await makeMember(t.services, org.slug, 'editor');
    const outsider = await makeMember(t.services, (await setup()).org.slug, 'editor');
    const incident = await makeIncident(t.services, org.slug);

    const opened = await t.app.inject({
      method: 'POST',
      url: `${base}/cases`,
      headers: { ...headers.communicator, 'idempotency-key': 'case-1' },
      payload: { title: 'Card charged twice', severity: 'critical', incident: incident.slug },
    });
    expect(opened.statusCode).toBe(201);
    const c = body(opened);
    expect(c).toMatchObject({
      number: 1,
      reference: '#1',
      status: 'new',
      incidentId: incident.id,
      allowedTransitions: ['acknowledged', 'in_progress', 'resolved'],
      sla: {
        ackDueAt: '2026-03-02T10:00:00.000Z',
        resolveDueAt: '2026-03-03T09:00:00.000Z',
        breached: false,
        atRisk: false,
        remainingMs: HOUR,
        clock: 'acknowledge',
      },
    });
    expect(opened.headers.location).toBe(`${base}/cases/${c.id}`);
    const replay = await t.app.inject({
      method: 'POST',
      url: `${base}/cases`,
      headers: { ...headers.communicator, 'idempotency-key': 'case-1' },
      payload: { title: 'Card charged twice', severity: 'critical', incident: incident.slug },
    });
    expect(body(replay).id).toBe(c.id);

    // Edits need If-Match; assignment only to members.
    const noMatch = await t.app.inject({
      method: 'PATCH',
      url: `${base}/cases/${c.id}`,
      headers: headers.communicator,
      payload: { assigneeId: agent.user.id },
    });
    expect(noMatch.statusCode).toBe(428);
    const nonMember = await t.app.inject({
      method: 'PATCH',
      url: `${base}/cases/${c.id}`,
      headers: { ...headers.communicator, 'if-match': opened.headers.etag as string },
      payload: { assigneeId: outsider.user.id },
    });
    expect(nonMember.statusCode).toBe(400);
    expect(problem(nonMember).errors![0]!.path).toBe('body.assigneeId');
    const assigned = await t.app.inject({
      method: 'PATCH',
      url: `${base}/cases/${c.id}`,
      headers: { ...headers.communicator, 'if-match': opened.headers.etag as string },
      payload: { assigneeId: agent.user.id, severity: 'high' },
    });
    expect(assigned.statusCode).toBe(200);
    expect(body(assigned)).toMatchObject({
      assigneeId: agent.user.id,
      sla: { ackDueAt: '2026-03-02T13:00:00.000Z' },
    });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `${base}/cases/${c.id}`,
      headers: { ...headers.communicator, 'if-match': opened.headers.etag as string },
      payload: { title: 'Too late' },
    });
    expect(stale.statusCode).toBe(412);

    const move = (to: string, note?: string) =>
      t.app.inject({
        method: 'POST',
        url: `${base}/cases/${c.id}/transitions`,
        headers: headers.communicator,
        payload: note === undefined ? { to } : { to, note },
      });
    const closeEarly = await move('closed');
    expect(closeEarly.statusCode).toBe(409);
    expect(problem(closeEarly).detail).toMatch(/closed only once it is resolved/);
    expect((await move('resolved')).statusCode).toBe(400);
    travel(1);
    expect(body(await move('acknowledged'))).toMatchObject({
      status: 'acknowledged',
      sla: { clock: 'resolve' },
    });
    expect((await move('acknowledged')).statusCode).toBe(409);
    expect((await move('in_progress')).statusCode).toBe(200);
    travel(8);
    expect(body(await move('resolved', 'Refunded the second charge'))).toMatchObject({
      status: 'resolved',
      resolutionNote: 'Refunded the second charge',
      sla: { breached: false, remainingMs: null },
    });
    expect(body(await move('closed')).allowedTransitions).toEqual(['in_progress']);
    const reopened = body(await move('in_progress', 'The refund bounced'));
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, resolutionNote: null });

    const read = await t.app.inject({ url: `${base}/cases/${c.id}`, headers: headers.viewer });
    expect(read.headers.etag).toBe(`"${c.id}.${reopened.version}"`);

    const board = await t.app.inject({
      url: `${base}/cases?status=in_progress&assignee=${agent.user.id}&incident=${incident.slug}&breached=false`,
      headers: headers.viewer,
    });
    expect(body(board).items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const unassigned = await t.app.inject({ url: `${base}/cases?assignee=none`, headers: headers.viewer });
    expect(body(unassigned).items).toEqual([]);
  });

  it('should raise, list and acknowledge breach alerts, and cancel the e-mail of an acknowledged alert', async () => {
    travel(0);
    const { org, headers, base } = await setup();
    await makeMember(t.services, org.slug, 'owner');
    const c = (await t.services.cases.open(SYSTEM, org.slug, { title: 'No answer', severity: 'critical' }))
      .record;
    travel(2);
    await t.services.cases.raiseBreachAlerts(new Date(now));
    const list = await t.app.inject({ url: `${base}/case-alerts?acked=false`, headers: headers.viewer });
    const alerts = body(list).items;
    expect(alerts).toEqual([
      expect.objectContaining({
        caseId: c.id,
        kind: 'ack_breach',
        cycle: 0,
        dueAt: '2026-03-02T10:00:00.000Z',
      }),
    ]);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `${base}/case-alerts/${alerts[0].id}/ack`,
          headers: headers.viewer,
        })
      ).statusCode,
    ).toBe(403);
    const ack = await t.app.inject({
      method: 'POST',
      url: `${base}/case-alerts/${alerts[0].id}/ack`,
      headers: headers.communicator,
    });
    expect(ack.statusCode).toBe(200);
    expect(body(ack).ackedAt).toBe(new Date(now).toISOString());
    const breached = await t.app.inject({ url: `${base}/cases?breached=true`, headers: headers.viewer });
    expect(body(breached).items[0].sla).toMatchObject({
      breached: true,
      ackBreached: true,
      remainingMs: -HOUR,
    });
    // The queued e-mail is cancelled: the alert was picked up before it went out.
    const [d] = await t.services.store.deliveries.listBySource(
      (await t.services.store.accounts.findOrganizationBySlug(org.slug))!.id,
      'case_alert',
      alerts[0].id,
    );
    expect(await t.services.deliveries.message(d!)).toEqual({
      cancel: 'the alert was acknowledged before it was sent',
    });
  });

  it('should read and set the SLA settings, and report metrics for a period', async () => {
    travel(0);
    const { org, headers, base } = await setup();
    const defaults = await t.app.inject({ url: `${base}/settings/case-sla`, headers: headers.viewer });
    expect(body(defaults)).toEqual({
      targets: {
        low: { acknowledgeHours: 72, resolveHours: 336 },
        medium: { acknowledgeHours: 24, resolveHours: 168 },
        high: { acknowledgeHours: 4, resolveHours: 72 },
        critical: { acknowledgeHours: 1, resolveHours: 24 },
      },
      atRiskShare: 0.2,
    });
    const put = (h: object, payload: object) =>
      t.app.inject({ method: 'PUT', url: `${base}/settings/case-sla`, headers: h as never, payload });
    expect((await put(headers.communicator, { atRiskShare: 0.3 })).statusCode).toBe(403);
    expect(
      (await put(headers.owner, { targets: { low: { acknowledgeHours: 10, resolveHours: 5 } } })).statusCode,
    ).toBe(400);
    expect(
      (await put(headers.owner, { targets: { low: { acknowledgeHours: 0, resolveHours: 5 } } })).statusCode,
    ).toBe(400);
    const set = await put(headers.owner, { targets: { medium: { acknowledgeHours: 2, resolveHours: 10 } } });
    expect(body(set).targets.medium).toEqual({ acknowledgeHours: 2, resolveHours: 10 });

    const a = (await t.services.cases.open(SYSTEM, org.slug, { title: 'a' })).record; // medium: 2 h / 10 h
    const b = (await t.services.cases.open(SYSTEM, org.slug, { title: 'b' })).record;
    travel(1);
    await t.services.cases.transition(SYSTEM, org.slug, a.id, { to: 'resolved', note: 'ok' }, undefined);
    travel(12);
    await t.services.cases.transition(SYSTEM, org.slug, b.id, { to: 'resolved', note: 'late' }, undefined);
    travel(13);
    await t.services.cases.open(SYSTEM, org.slug, { title: 'c' }); // open, within its targets

    const metrics = await t.app.inject({ url: `${base}/cases/metrics`, headers: headers.viewer });
    expect(metrics.statusCode).toBe(200);
    expect(body(metrics)).toEqual({
      incidentId: null,
      from: null,
      to: null,
      opened: 3,
      open: 1,
      resolved: 2,
      reopened: 0,
      resolutionRate: 2 / 3,
      medianTimeToResolveMs: 6.5 * HOUR,
      sla: { met: 1, breached: 1, pending: 1, complianceRate: 0.5 },
    });
    const period = await t.app.inject({
      url: `${base}/cases/metrics?from=2026-03-02T10:00:00Z&to=2026-03-03T01:00:00%2B02:00`,
      headers: headers.viewer,
    });
    expect(body(period)).toMatchObject({ from: '2026-03-02T10:00:00.000Z', opened: 1, resolved: 0 });
  });

  it('should make a complaint from the public JSON form into a case, once', async () => {
    travel(0);
    const { headers, base, org } = await setup();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/${org.slug}/feedback`,
      payload: { text: 'Nobody answered my calls for a week', kind: 'complaint' },
    });
    expect(res.statusCode).toBe(201);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/${org.slug}/feedback`,
      payload: { text: 'x', kind: 'praise' },
    });
    expect(bad.statusCode).toBe(400);
    await t.services.feedback.analysePending();
    await t.services.feedback.analysePending();
    const cases = body(await t.app.inject({ url: `${base}/cases`, headers: headers.viewer })).items;
    expect(cases).toEqual([
      expect.objectContaining({ feedbackId: body(res).id, title: 'Nobody answered my calls for a week' }),
    ]);
    const again = await t.app.inject({
      method: 'POST',
      url: `${base}/cases`,
      headers: headers.communicator,
      payload: { feedbackId: body(res).id },
    });
    expect(again.statusCode).toBe(409);
  });
});
