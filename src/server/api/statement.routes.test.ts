import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { SYSTEM, makeIncident, makeMember, statementInput } from '../../../test/factories.ts';

describe('statement routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  async function setup() {
    const { org, headers } = await orgWithTokens(t.services, ['owner', 'communicator', 'leader', 'viewer']);
    const incident = await makeIncident(t.services, org.slug, {
      kind: 'misconduct',
      crisisType: 'management_misconduct',
    });
    const base = `/api/v1/orgs/${org.slug}`;
    return { org, headers, incident, base };
  }

  it('should walk draft → review → publish over HTTP, answering 409 checker_blocked with the findings', async () => {
    const { headers, incident, base } = await setup();
    const created = await t.app.inject({
      method: 'POST',
      url: `${base}/incidents/${incident.id}/statements`,
      headers: headers.communicator,
      payload: statementInput({ body: 'We are sorry if anyone was upset. Mistakes were made.' }),
    });
    expect(created.statusCode).toBe(201);
    const id = body(created).id;
    expect(body(created)).toMatchObject({
      state: 'draft',
      currentVersion: 1,
      current: { audiences: ['public'] },
    });
    const selfReview = await t.app.inject({
      method: 'POST',
      url: `${base}/statements/${id}/submit`,
      headers: headers.communicator,
    });
    expect(body(selfReview).state).toBe('in_review');
    const rejectNoComment = await t.app.inject({
      method: 'POST',
      url: `${base}/statements/${id}/reviews`,
      headers: headers.leader,
      payload: { decision: 'rejected' },
    });
    expect(rejectNoComment.statusCode).toBe(400);
    const approved = await t.app.inject({
      method: 'POST',
      url: `${base}/statements/${id}/reviews`,
      headers: headers.leader,
      payload: { decision: 'approved' },
    });
    expect(body(approved).state).toBe('approved');
    const blocked = await t.app.inject({
      method: 'POST',
      url: `${base}/statements/${id}/publish`,
      headers: headers.communicator,
      payload: {},
    });
    expect(blocked.statusCode).toBe(409);
    const p = problem(blocked);
    expect(p.code).toBe('checker_blocked');
    expect(p.errors!.map((e) => e.rule)).toEqual(expect.arrayContaining(['LANG-N3']));
    expect(p.errors![0]!.path).toMatch(/^body\[\d+:\d+\]$/);
    const published = await t.app.inject({
      method: 'POST',
      url: `${base}/statements/${id}/publish`,
      headers: headers.communicator,
      payload: { overrideReason: 'Counsel approved this wording' },
    });
    expect(published.statusCode).toBe(200);
    expect(body(published)).toMatchObject({
      state: 'published',
      publishedVersion: 1,
      published: { overrideReason: 'Counsel approved this wording' },
    });
    const trail = body(
      await t.app.inject({ url: `${base}/audit-events?recordId=${id}`, headers: headers.owner }),
    );
    expect(trail.items.find((e: { action: string }) => e.action === 'published').after.overrideReason).toBe(
      'Counsel approved this wording',
    );
  });

  it('should make a new version only when the words or audiences change', async () => {
    const { org, incident } = await setup();
    const comms = await makeMember(t.services, org.slug, 'communicator');
    const id = (
      await t.services.statements.create(
        comms.ctx,
        org.slug,
        incident.id,
        statementInput({ nextUpdateBy: '2030-01-01T14:00:00.000Z' }),
      )
    ).record.statement.id;
    let d = await t.services.statements.edit(
      comms.ctx,
      org.slug,
      id,
      { nextUpdateBy: '2030-01-01T14:00:00Z' },
      undefined,
    );
    expect(d.statement.currentVersion).toBe(1);
    await t.services.statements.submit(comms.ctx, org.slug, id, undefined);
    d = await t.services.statements.edit(comms.ctx, org.slug, id, { channels: ['web', 'email'] }, undefined);
    expect(d.statement).toMatchObject({ currentVersion: 1, state: 'draft', channels: ['web', 'email'] });
    d = await t.services.statements.edit(comms.ctx, org.slug, id, { title: 'A better title' }, undefined);
    expect(d.statement.currentVersion).toBe(2);
  });

  it('should check unsaved text with findings whose offsets slice out their text', async () => {
    const { headers, incident, base } = await setup();
    const text = 'Mistakes were made. We take your privacy very seriously. We will fix this by Friday.';
    const res = await t.app.inject({
      method: 'POST',
      url: `${base}/incidents/${incident.id}/check`,
      headers: headers.viewer,
      payload: { text },
    });
    expect(res.statusCode).toBe(200);
    const result = body(res);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(result.findings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(['LANG-N1']));
  });

  it('should export the proof of notification as CSV with formulas defused', async () => {
    const { org, headers, incident, base } = await setup();
    await t.services.subscriptions.createWebhook(SYSTEM, org.slug, {
      url: 'https://hooks.example.test/=HYPERLINK("x")',
    });
    const comms = await makeMember(t.services, org.slug, 'communicator');
    const leader = await makeMember(t.services, org.slug, 'leader');
    const id = (await t.services.statements.create(comms.ctx, org.slug, incident.id, statementInput())).record
      .statement.id;
    await t.services.statements.submit(comms.ctx, org.slug, id, undefined);
    await t.services.statements.review(leader.ctx, org.slug, id, { decision: 'approved' });
    await t.services.statements.publish(comms.ctx, org.slug, id, { overrideReason: 'test' }, undefined);
    const csv = await t.app.inject({
      url: `${base}/statements/${id}/deliveries.csv`,
      headers: headers.owner,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'delivery,version,channel,recipient,status,attempts,content_sha256,sent_at,response,last_error',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"webhook"');
    expect(
      (await t.app.inject({ url: `${base}/statements/${id}/deliveries.csv`, headers: headers.viewer }))
        .statusCode,
    ).toBe(403);
  });

  it('should set the approval policy and refuse roles that cannot approve', async () => {
    const { headers, base } = await setup();
    const bad = await t.app.inject({
      method: 'PUT',
      url: `${base}/settings`,
      headers: headers.owner,
      payload: { statements: { requiredApprovals: 2, approverRoles: ['viewer'] } },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'PUT',
      url: `${base}/settings`,
      headers: headers.owner,
      payload: { statements: { requiredApprovals: 2, approverRoles: ['leader', 'owner'] } },
    });
    expect(body(ok)).toEqual({ statements: { requiredApprovals: 2, approverRoles: ['leader', 'owner'] } });
    expect(body(await t.app.inject({ url: `${base}/settings`, headers: headers.viewer }))).toEqual(body(ok));
  });
});
