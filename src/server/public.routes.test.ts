import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { createTestApp } from '../../test/app.ts';
import {
  SYSTEM,
  actionInput,
  commitmentInput,
  makeIncident,
  makeMember,
  makeOrg,
  rootCauseInput,
  statementInput,
} from '../../test/factories.ts';
import type { StatementCreate } from '../shared/contract/index.ts';

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';
let now = new Date('2026-06-01T09:00:00Z');

describe('public disclosure pages, feeds and JSON', () => {
  let t: TestApp;
  let org: string;
  let slug: string;

  async function publish(input: StatementCreate) {
    const s = t.services;
    const comms = await makeMember(s, org, 'communicator');
    const leader = await makeMember(s, org, 'leader');
    const id = (await s.statements.create(comms.ctx, org, slug, input)).record.statement.id;
    await s.statements.submit(comms.ctx, org, id, undefined);
    await s.statements.review(leader.ctx, org, id, { decision: 'approved' });
    await s.statements.publish(comms.ctx, org, id, { overrideReason: 'test' }, undefined);
    return { id, comms, leader };
  }

  beforeAll(async () => {
    t = await createTestApp('sqlite', { publicUrl: 'https://trust.example.test' }, () => now);
    const s = t.services;
    org = (await makeOrg(s)).slug;
    const incident = await makeIncident(s, org, {
      title: `Bucket exposed ${XSS}`,
      summary: `Payroll exports were public. ${XSS}`,
      detectedAt: '2026-05-30T09:00:00Z',
    });
    slug = incident.slug;
    const rc = (
      await s.rootCauses.create(
        SYSTEM,
        org,
        slug,
        rootCauseInput({ isPublic: true, description: `No review ${XSS}` }),
      )
    ).record;
    await s.rootCauses.create(
      SYSTEM,
      org,
      slug,
      rootCauseInput({ isPublic: false, description: 'Internal only: the on-call engineer' }),
    );
    const a = (
      await s.actions.create(
        SYSTEM,
        org,
        slug,
        actionInput({ title: `Block buckets ${XSS}`, rootCauseIds: [rc.id], dueAt: '2026-06-10' }),
      )
    ).record;
    await s.actions.create(
      SYSTEM,
      org,
      slug,
      actionInput({ title: 'Secret internal action', isPublic: false }),
    );
    await s.commitments.create(
      SYSTEM,
      org,
      slug,
      commitmentInput({
        text: `We will block every bucket ${XSS}`,
        audience: 'public',
        actionIds: [a.id],
        dueAt: '2026-06-10',
      }),
    );
    await s.commitments.create(
      SYSTEM,
      org,
      slug,
      commitmentInput({ text: 'Employees-only promise', audience: 'employees', dueAt: '2026-06-10' }),
    );
    await publish(
      statementInput({
        title: `We are sorry ${XSS}`,
        body: `We left it open. **We are sorry.** ${XSS} [x](javascript:alert(3))`,
        audiences: ['public'],
      }),
    );
    await publish(
      statementInput({
        title: 'For our employees only',
        body: 'Your records were in the bucket.',
        audiences: ['employees'],
      }),
    );
  });
  afterAll(async () => t?.close());

  it('should render the public page with every section, escaping everything people typed', async () => {
    const res = await t.app.inject({ url: `/${org}/incidents/${slug}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src/);
    const html = res.body;
    for (const heading of [
      'What happened',
      'Why it happened',
      'What we are doing',
      'Our commitments',
      'Updates',
      'Get updates by e-mail',
    ]) {
      expect(html).toContain(heading);
    }
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img src=x/);
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>We are sorry.</strong>');
    expect(html).not.toContain('Internal only');
    expect(html).not.toContain('Secret internal action');
    expect(html).not.toContain('Employees-only promise');
    expect(html).not.toContain('For our employees only');
  });

  it('should answer 404 for unknown and unpublished things, and for other audiences without their key', async () => {
    const quiet = await makeIncident(t.services, org, { title: 'Nothing published yet' });
    for (const url of [
      `/${org}/incidents/${quiet.slug}`,
      `/${org}/incidents/nope`,
      '/no-such-org',
      `/${org}/incidents/${slug}/for/employees`,
      `/${org}/incidents/${slug}/for/employees?key=guess`,
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.body).not.toContain('For our employees only');
    }
  });

  it('should open an audience page by its secret link until the link is rotated, and to members', async () => {
    const first = await t.services.disclosure.rotateAudienceLink(SYSTEM, org, slug, 'employees');
    const page = await t.app.inject({ url: `/${org}/incidents/${slug}/for/employees?key=${first.key}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('For our employees only');
    expect(page.body).toContain('Employees-only promise');
    expect(page.headers['cache-control']).toBe('private, no-store');
    const second = await t.services.disclosure.rotateAudienceLink(SYSTEM, org, slug, 'employees');
    expect(
      (await t.app.inject({ url: `/${org}/incidents/${slug}/for/employees?key=${first.key}` })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: `/${org}/incidents/${slug}/for/employees?key=${second.key}` })).statusCode,
    ).toBe(200);
    const member = await makeMember(t.services, org, 'viewer');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: member.email, password: member.password },
    });
    const cookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0]!;
    expect(
      (await t.app.inject({ url: `/${org}/incidents/${slug}/for/employees`, headers: { cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('should serve Atom feeds a feed reader can parse', async () => {
    for (const url of [`/${org}/incidents/${slug}/feed.atom`, `/${org}/feed.atom`]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/atom\+xml/);
      const feed = parseFeed(res.body);
      expect(feed.items.length).toBe(1);
      expect(feed.items[0]!.title).toContain('We are sorry');
      expect(feed.items[0]!.url).toBe(
        `https://trust.example.test/${org}/incidents/${slug}#statement-${feed.items[0]!.url!.split('#statement-')[1]}`,
      );
      expect(res.body).not.toContain('For our employees only');
    }
  });

  it('should serve the public JSON with an ETag and answer 304 to it', async () => {
    const res = await t.app.inject({ url: `/api/v1/public/${org}/incidents/${slug}` });
    expect(res.statusCode).toBe(200);
    const view = JSON.parse(res.body);
    expect(view.statements).toHaveLength(1);
    expect(view.commitments.map((c: { text: string }) => c.text)).not.toContain('Employees-only promise');
    const etag = res.headers.etag as string;
    const again = await t.app.inject({
      url: `/api/v1/public/${org}/incidents/${slug}`,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
  });

  it('should show a published edit within a second, with its earlier version and what changed', async () => {
    const { id, comms, leader } = await publish(
      statementInput({ title: 'Status of the fix', body: 'We expect to finish on Friday.' }),
    );
    await t.services.statements.edit(comms.ctx, org, id, { body: 'We finished on Thursday.' }, undefined);
    await t.services.statements.submit(comms.ctx, org, id, undefined);
    await t.services.statements.review(leader.ctx, org, id, { decision: 'approved' });
    await t.services.statements.publish(comms.ctx, org, id, { overrideReason: 'test' }, undefined);
    await new Promise((r) => setTimeout(r, 600));
    const html = (await t.app.inject({ url: `/${org}/incidents/${slug}` })).body;
    expect(html).toContain('We finished on Thursday.');
    expect(html).toMatch(/Updated — version 2/);
    expect(html).toMatch(/<del>[^<]*expect[^<]*<\/del>/);
  });

  it('should keep a retracted statement visible as a notice with its reason', async () => {
    const { id, comms } = await publish(
      statementInput({ title: 'A wrong figure', body: 'About 40,000 people were affected.' }),
    );
    await t.services.statements.retract(
      comms.ctx,
      org,
      id,
      { reason: 'The figure was wrong: 48,000 people were affected.' },
      undefined,
    );
    await new Promise((r) => setTimeout(r, 600));
    const html = (await t.app.inject({ url: `/${org}/incidents/${slug}` })).body;
    expect(html).toContain('The figure was wrong: 48,000 people were affected.');
    expect(html).toMatch(/Retracted/);
  });

  it('should subscribe through the form, refuse bad addresses, ignore the honeypot and rate-limit floods', async () => {
    const form = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: `/${org}/subscribe`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '9.9.9.9' },
        payload: body,
      });
    const ok = await form(`email=reader%40example.test&incident=${slug}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Check your inbox');
    expect((await form('email=not-an-email')).statusCode).toBe(400);
    const bot = await form('email=bot%40example.test&website=spam');
    expect(bot.statusCode).toBe(200);
    const subs = await t.services.subscriptions.list(SYSTEM, org);
    expect(subs.map((x) => x.address)).toEqual(['reader@example.test']);
    let limited = 0;
    for (let i = 0; i < 12; i++) if ((await form(`email=x${i}%40example.test`)).statusCode === 429) limited++;
    expect(limited).toBeGreaterThan(0);
  });

  it('should not unsubscribe on GET, and unsubscribe on the one-click POST', async () => {
    await t.services.subscriptions.subscribeEmail(org, null, 'leaving@example.test');
    const sub = (await t.services.subscriptions.list(SYSTEM, org)).find(
      (x) => x.address === 'leaving@example.test',
    )!;
    await t.services.subscriptions.confirm(
      org,
      sub.id,
      await t.services.subscriptions.links.sign('confirm', sub.id),
    );
    const token = await t.services.subscriptions.links.sign('unsubscribe', sub.id);
    const url = `/${org}/subscriptions/${sub.id}/unsubscribe?token=${token}`;
    const get = await t.app.inject({ url });
    expect(get.statusCode).toBe(200);
    expect(get.body).toMatch(/<form action="[^"]+\/unsubscribe\?token=[^"]+" method="post">/);
    expect((await t.services.subscriptions.list(SYSTEM, org)).find((x) => x.id === sub.id)!.status).toBe(
      'active',
    );
    const post = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode).toBe(200);
    expect((await t.services.subscriptions.list(SYSTEM, org)).find((x) => x.id === sub.id)!.status).toBe(
      'unsubscribed',
    );
    expect((await t.app.inject({ method: 'POST', url: url.replace(token, 'forged') })).statusCode).toBe(404);
  });

  it('should say so when a promised next update is late, and show who approved an update', async () => {
    const other = await makeIncident(t.services, org, {
      title: 'Outage with a promise',
      detectedAt: '2026-05-31T09:00:00Z',
    });
    const s = t.services;
    const comms = await makeMember(s, org, 'communicator');
    const leader = await makeMember(s, org, 'leader');
    const id = (
      await s.statements.create(
        comms.ctx,
        org,
        other.slug,
        statementInput({ nextUpdateBy: '2026-06-01T10:00:00Z' }),
      )
    ).record.statement.id;
    await s.statements.submit(comms.ctx, org, id, undefined);
    await s.statements.review(leader.ctx, org, id, { decision: 'approved' });
    await s.statements.publish(comms.ctx, org, id, { overrideReason: 'test' }, undefined);
    now = new Date('2026-06-01T11:00:00Z');
    try {
      const html = (await t.app.inject({ url: `/${org}/incidents/${other.slug}` })).body;
      expect(html).toMatch(/We promised the next update by 1 Jun 2026, 10:00 UTC\. It is late\./);
      expect(html).toContain(`Approved by ${leader.user.name} (Leader)`);
    } finally {
      now = new Date('2026-06-01T09:00:00Z');
    }
  });

  it('should list the organization’s public incidents', async () => {
    const res = await t.app.inject({ url: `/${org}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`/${org}/incidents/${slug}`);
    expect(res.body).not.toMatch(/<script>alert/);
  });
});
