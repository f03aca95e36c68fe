import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { createTestApp } from '../../test/app.ts';
import { dialects } from '../../test/db.ts';
import {
  SYSTEM,
  makeIncident,
  makeIncidentAtEvaluate,
  makeMember,
  makeOrg,
  makeToken,
  rootCauseInput,
} from '../../test/factories.ts';

describe.each(await dialects())('lessons learned on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const lesson = {
    title: 'Storage changes need a second pair of eyes',
    learned: 'A single engineer could make a bucket public; review would have caught it.',
    category: 'process' as const,
    followUp: 'Two-person review for storage policy, owned by the platform lead',
  };

  it('should record lessons at evaluation and close, linked to the root causes, and refuse them earlier', async () => {
    const s = t.services;
    const org = (await makeOrg(s)).slug;
    const early = await makeIncident(s, org);
    await expect(s.lessons.create(SYSTEM, org, early.id, lesson)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/evaluation and close.*respond/),
    });

    const { incident, cause } = await makeIncidentAtEvaluate(s, org);
    const l = (await s.lessons.create(SYSTEM, org, incident.slug, { ...lesson, rootCauseIds: [cause.id] }))
      .record;
    expect(l).toMatchObject({ stage: 'evaluate', rootCauseIds: [cause.id], version: 1 });

    // Another incident's root cause is refused, by field.
    const other = await makeIncident(s, org);
    const foreign = (await s.rootCauses.create(SYSTEM, org, other.id, rootCauseInput())).record;
    await expect(
      s.lessons.create(SYSTEM, org, incident.id, { ...lesson, rootCauseIds: [foreign.id] }),
    ).rejects.toMatchObject({ code: 'validation', errors: [{ path: 'body.rootCauseIds.0' }] });

    const edited = await s.lessons.update(SYSTEM, org, l.id, { followUp: null }, 1);
    expect(edited).toMatchObject({ followUp: null, version: 2, title: lesson.title });
    await expect(s.lessons.update(SYSTEM, org, l.id, { title: 'x' }, 1)).rejects.toMatchObject({
      code: 'stale',
    });
    const trail = await s.audit.list(SYSTEM, org, { recordType: 'lesson', recordId: l.id }, { limit: 10 });
    expect(trail.items.map((e) => e.action).sort()).toEqual(['created', 'updated']);

    const viewer = await makeMember(s, org, 'viewer');
    await expect(s.lessons.create(viewer.ctx, org, incident.id, lesson)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('should export every lesson as CSV and Markdown over HTTP, and keep other organizations out', async () => {
    const s = t.services;
    const org = (await makeOrg(s)).slug;
    const { incident, cause } = await makeIncidentAtEvaluate(s, org);
    await s.lessons.create(SYSTEM, org, incident.id, {
      ...lesson,
      title: '=HYPERLINK("http://evil.example") <b>bold</b>',
      rootCauseIds: [cause.id],
    });
    const token = (await makeToken(s, org, 'analyst')).token;
    const get = (url: string, tok = token) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tok}` } });

    const csv = await get(`/api/v1/orgs/${org}/lessons?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe(
      '"incident","incident_title","title","category","learned","root_causes","follow_up","stage","recorded_at"',
    );
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"")`); // formula defused
    expect(csv.body).toContain('Bucket policy allowed public reads');

    const md = await get(`/api/v1/orgs/${org}/lessons?format=md&incident=${incident.slug}`);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.body).toContain('Root causes:');
    expect(md.body).toContain('**What changes:** Two-person review');

    const json = await get(`/api/v1/orgs/${org}/incidents/${incident.slug}/lessons`);
    expect(json.json().items).toHaveLength(1);

    const outsider = (await makeToken(s, (await makeOrg(s)).slug, 'owner')).token;
    expect((await get(`/api/v1/orgs/${org}/lessons?format=csv`, outsider)).statusCode).toBe(404);
    const bad = await get(`/api/v1/orgs/${org}/lessons?format=xlsx`);
    expect(bad.statusCode).toBe(400);
  });
});
