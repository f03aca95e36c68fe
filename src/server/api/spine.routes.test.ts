import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { actionInput, commitmentInput, makeIncident, rootCauseInput } from '../../../test/factories.ts';

let now = new Date('2026-06-01T09:00:00Z');

describe('root cause, action, commitment and audit routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, () => now);
  });
  afterAll(async () => t?.close());

  async function setup() {
    const { org, headers } = await orgWithTokens(t.services, ['owner', 'viewer', 'communicator']);
    const incident = await makeIncident(t.services, org.slug, { detectedAt: '2026-05-30T09:00:00Z' });
    const base = `/api/v1/orgs/${org.slug}`;
    const post = (url: string, payload: object, h = headers.owner) =>
      t.app.inject({ method: 'POST', url: base + url, headers: h, payload });
    const patch = async (url: string, payload: object) => {
      const current = await t.app.inject({ method: 'GET', url: base + url, headers: headers.owner });
      return t.app.inject({
        method: 'PATCH',
        url: base + url,
        headers: { ...headers.owner, 'if-match': current.headers.etag as string },
        payload,
      });
    };
    const get = (url: string, h = headers.owner) =>
      t.app.inject({ method: 'GET', url: base + url, headers: h });
    return { org, headers, incident, post, patch, get };
  }

  it('should refuse to link a root cause of another incident', async () => {
    const { org, post } = await setup();
    const other = await makeIncident(t.services, org.slug);
    const rc = body(await post(`/incidents/${other.id}/root-causes`, rootCauseInput()));
    const mine = await makeIncident(t.services, org.slug);
    const res = await post(`/incidents/${mine.id}/actions`, actionInput({ rootCauseIds: [rc.id] }));
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors![0]!.path).toBe('body.rootCauseIds.0');
  });

  it('should let a communicator register a promise but not plan an action', async () => {
    const { headers, incident, post } = await setup();
    expect(
      (await post(`/incidents/${incident.id}/commitments`, commitmentInput(), headers.communicator))
        .statusCode,
    ).toBe(201);
    expect(
      (await post(`/incidents/${incident.id}/actions`, actionInput(), headers.communicator)).statusCode,
    ).toBe(403);
  });

  it('should keep an action’s status machine: reasons, verification and refused moves', async () => {
    const { incident, post, patch } = await setup();
    const a = body(await post(`/incidents/${incident.id}/actions`, actionInput()));
    expect(a.status).toBe('planned');
    const drop = await patch(`/actions/${a.id}`, { status: 'dropped' });
    expect(drop.statusCode).toBe(400);
    expect(problem(drop).errors![0]!.path).toBe('body.reason');
    const verify = await patch(`/actions/${a.id}`, { status: 'verified' });
    expect(verify.statusCode).toBe(409);
    expect((await patch(`/actions/${a.id}`, { status: 'in_progress' })).statusCode).toBe(200);
    expect((await patch(`/actions/${a.id}`, { status: 'done' })).statusCode).toBe(200);
    const noCheck = await patch(`/actions/${a.id}`, { status: 'verified' });
    expect(noCheck.statusCode).toBe(400);
    const ok = await patch(`/actions/${a.id}`, {
      status: 'verified',
      verification: {
        metric: 'Public buckets',
        target: '0',
        result: '0',
        evidence: ['https://example.test/scan.pdf'],
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(body(ok)).toMatchObject({ status: 'verified', verification: { result: '0' } });
    const badLink = await patch(`/actions/${a.id}`, { evidence: ['javascript:alert(1)'] });
    expect(badLink.statusCode).toBe(400);
  });

  it('should flag an action overdue once its date passes, without storing it', async () => {
    const { incident, post, get } = await setup();
    const a = body(await post(`/incidents/${incident.id}/actions`, actionInput({ dueAt: '2026-06-02' })));
    expect(a.overdue).toBe(false);
    now = new Date('2026-06-03T09:00:00Z');
    expect(body(await get(`/actions/${a.id}`)).overdue).toBe(true);
    const list = body(await get(`/incidents/${incident.id}/actions?overdue=true`));
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(body(await get(`/incidents/${incident.id}`)).overdueActions).toBe(1);
    now = new Date('2026-06-01T09:00:00Z');
  });

  it('should turn a commitment kept when its linked action is done, and late after its date', async () => {
    const { incident, post, patch, get } = await setup();
    const onTime = body(await post(`/incidents/${incident.id}/actions`, actionInput()));
    const late = body(await post(`/incidents/${incident.id}/actions`, actionInput()));
    const c1 = body(
      await post(
        `/incidents/${incident.id}/commitments`,
        commitmentInput({ dueAt: '2026-06-05', actionIds: [onTime.id] }),
      ),
    );
    const c2 = body(
      await post(
        `/incidents/${incident.id}/commitments`,
        commitmentInput({ dueAt: '2026-06-05', actionIds: [late.id] }),
      ),
    );
    expect([c1.status, c2.status]).toEqual(['open', 'open']);
    const manual = await patch(`/commitments/${c1.id}`, { status: 'kept' });
    expect(manual.statusCode).toBe(409);
    await patch(`/actions/${onTime.id}`, { status: 'done' });
    now = new Date('2026-06-08T09:00:00Z');
    expect(body(await get(`/commitments/${c2.id}`)).overdue).toBe(true);
    await patch(`/actions/${late.id}`, { status: 'done' });
    expect(body(await get(`/commitments/${c1.id}`)).status).toBe('kept_on_time');
    expect(body(await get(`/commitments/${c2.id}`)).status).toBe('kept_late');
    const inc = body(await get(`/incidents/${incident.id}`));
    expect(inc.sayDo).toMatchObject({ due: 2, keptOnTime: 1, keptLate: 1, ratio: 0.5 });
    now = new Date('2026-06-01T09:00:00Z');
  });

  it('should need an explanation to renegotiate, break or withdraw a commitment', async () => {
    const { incident, post, patch } = await setup();
    const c = body(
      await post(`/incidents/${incident.id}/commitments`, commitmentInput({ dueAt: '2026-06-10' })),
    );
    expect((await patch(`/commitments/${c.id}`, { dueAt: '2026-06-20' })).statusCode).toBe(400);
    expect((await patch(`/commitments/${c.id}`, { status: 'withdrawn' })).statusCode).toBe(400);
    const moved = await patch(`/commitments/${c.id}`, { dueAt: '2026-06-20', explanation: 'Supplier delay' });
    expect(body(moved)).toMatchObject({ status: 'renegotiated', originalDueAt: '2026-06-10T23:59:59.999Z' });
    expect(body(moved).dueHistory[0]).toMatchObject({
      from: '2026-06-10T23:59:59.999Z',
      to: '2026-06-20T23:59:59.999Z',
      explanation: 'Supplier delay',
    });
    const broken = await patch(`/commitments/${c.id}`, {
      status: 'broken',
      explanation: 'We could not do it',
    });
    expect(body(broken).status).toBe('broken');
  });

  it('should read the audit trail per record and refuse it to viewers', async () => {
    const { headers, incident, post, patch, get } = await setup();
    const rc = body(await post(`/incidents/${incident.id}/root-causes`, rootCauseInput()));
    await patch(`/root-causes/${rc.id}`, { description: 'A sharper description' });
    const trail = body(await get(`/audit-events?recordId=${rc.id}`));
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['updated', 'created']);
    expect(trail.items[0].before.description).toBe('Bucket policy allowed public reads');
    expect(trail.items[0].after.description).toBe('A sharper description');
    const perIncident = body(await get(`/audit-events?incidentId=${incident.slug}`));
    expect(perIncident.items.length).toBeGreaterThanOrEqual(3);
    expect((await get('/audit-events', headers.viewer)).statusCode).toBe(403);
  });
});
