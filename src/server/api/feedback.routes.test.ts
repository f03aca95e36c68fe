import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { dialects } from '../../../test/db.ts';
import { SYSTEM, actionInput, makeIncident } from '../../../test/factories.ts';

/** The listening console's API over HTTP: the inbox's filters, themes over time, an incident's loop. */
describe.each(await dialects())('listening API on %s', (dialect) => {
  let t: TestApp;
  let org: string;
  let incident: { id: string; slug: string };
  let viewer: { authorization: string };
  let outsider: { authorization: string };
  let actionId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const home = await orgWithTokens(t.services, ['viewer']);
    org = home.org.slug;
    viewer = home.headers.viewer;
    outsider = (await orgWithTokens(t.services, ['owner'])).headers.owner;
    incident = await makeIncident(t.services, org);
    const submit = (text: string, email?: string) =>
      t.services.feedback.submitPublic(
        org,
        { text, incident: incident.slug, email, consent: Boolean(email) },
        '10.0.0.2',
      );
    await submit('Where is my refund? Still waiting.', 'ana@example.test');
    await submit('Your helpline never answered my call.');
    await submit('<script>alert(1)</script> refund <img src=x onerror=alert(2)>');
    await t.services.feedback.analysePending();
    actionId = (await t.services.actions.create(SYSTEM, org, incident.id, actionInput())).record.id;
    await t.services.feedback.linkToAction(SYSTEM, org, actionId, { themes: ['Compensation'] });
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = viewer) =>
    t.app.inject({ method: 'GET', url, headers });

  const themesUrl = (q = '') => `/api/v1/orgs/${org}/feedback/themes${q}`;
  const loopUrl = () => `/api/v1/orgs/${org}/incidents/${incident.slug}/loop`;

  it('should answer 401 without credentials', async () => {
    for (const url of [themesUrl(), loopUrl(), `/api/v1/orgs/${org}/feedback?theme=Support`]) {
      expect((await get(url, {})).statusCode, url).toBe(401);
    }
  });

  it('should answer 404 to a member of another organization', async () => {
    for (const url of [themesUrl(), loopUrl(), `/api/v1/orgs/${org}/feedback?audience=public`]) {
      const res = await get(url, outsider);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('refund');
    }
  });

  // Schema errors say `querystring.<field>`, the service's own checks `query.<field>`: the field counts.
  it('should refuse bad queries with a 400 that names the field', async () => {
    const bad: [string, string][] = [
      [themesUrl('?interval=month'), 'query.interval'],
      [themesUrl('?from=yesterday'), 'query.from'],
      [themesUrl('?from=2026-03-05&to=2026-03-01'), 'query.from'],
      [themesUrl('?from=2000-01-01&to=2026-01-01'), 'query.from'],
      [themesUrl('?incident=not%20a%20slug'), 'query.incident'],
      [`/api/v1/orgs/${org}/feedback?audience=two%20words`, 'query.audience'],
      [`/api/v1/orgs/${org}/feedback?theme=${'x'.repeat(81)}`, 'query.theme'],
      [`/api/v1/orgs/${org}/feedback?theme=a%00b`, 'query.theme'],
    ];
    for (const [url, path] of bad) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(
        problem(res).errors?.map((e) => e.path.replace(/^querystring\./, 'query.')),
        url,
      ).toContain(path);
    }
    expect((await get(themesUrl('?incident=no-such-incident'))).statusCode).toBe(404);
  });

  it('should filter the inbox by theme and audience', async () => {
    const compensation = body(await get(`/api/v1/orgs/${org}/feedback?theme=Compensation`));
    expect(compensation.items).toHaveLength(2);
    // User text comes back as it was written: the console renders it as text.
    expect(compensation.items.map((f: { text: string }) => f.text)).toContain(
      '<script>alert(1)</script> refund <img src=x onerror=alert(2)>',
    );
    expect(body(await get(`/api/v1/orgs/${org}/feedback?audience=public`)).items).toHaveLength(3);
    expect(body(await get(`/api/v1/orgs/${org}/feedback?audience=employees`)).items).toHaveLength(0);
  });

  it('should give each theme its total, negative share and a series with zeros', async () => {
    const res = await get(themesUrl(`?incident=${incident.slug}&interval=week`));
    expect(res.statusCode).toBe(200);
    const r = body(res);
    expect(r.interval).toBe('week');
    expect(r.buckets).toHaveLength(13);
    const compensation = r.themes.find((x: { theme: string }) => x.theme === 'Compensation');
    expect(compensation).toMatchObject({ total: 2 });
    expect(compensation.negativeShare).toBeGreaterThan(0);
    expect(compensation.series).toHaveLength(13);
    expect(compensation.series.at(-1).count).toBe(2);
  });

  it('should list the loop status of every action of the incident', async () => {
    const res = await get(loopUrl());
    expect(res.statusCode).toBe(200);
    expect(body(res).items).toEqual([
      { actionId, targets: ['theme:Compensation'], people: 1, told: 0, waiting: 1 },
    ]);
  });
});
