import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../../../e2e/helpers.ts';
import type { TestApp } from '../../../test/app.ts';
import { createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { dialects } from '../../../test/db.ts';
import { SYSTEM, actionInput, commitmentInput, makeIncident } from '../../../test/factories.ts';

describe.each(await dialects())('board report route on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function setup() {
    const { org, headers } = await orgWithTokens(t.services, ['owner', 'viewer']);
    const incident = await makeIncident(t.services, org.slug, { title: `Leak <b>of</b> ${org.slug}` });
    await t.services.actions.create(
      SYSTEM,
      org.slug,
      incident.id,
      actionInput({ title: 'Rotate every key' }),
    );
    await t.services.commitments.create(
      SYSTEM,
      org.slug,
      incident.id,
      commitmentInput({ text: 'Tell everyone affected by Friday' }),
    );
    return { org, headers, incident, url: `/api/v1/orgs/${org.slug}/incidents/${incident.slug}/report` };
  }

  it('should refuse the unauthenticated, another organization’s incident and bad input', async () => {
    const mine = await setup();
    const theirs = await setup();
    expect((await t.app.inject({ url: mine.url })).statusCode).toBe(401);
    const cross = await t.app.inject({
      url: `/api/v1/orgs/${mine.org.slug}/incidents/${theirs.incident.slug}/report`,
      headers: mine.headers.viewer,
    });
    expect(cross.statusCode).toBe(404);
    expect(cross.body).not.toContain('Rotate every key');
    expect((await t.app.inject({ url: theirs.url, headers: mine.headers.viewer })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: `${mine.url}?format=docx`, headers: mine.headers.viewer });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors?.[0]?.path).toBe('querystring.format');
    const badInterval = await t.app.inject({
      url: `${mine.url}?interval=year`,
      headers: mine.headers.viewer,
    });
    expect(badInterval.statusCode).toBe(400);
  });

  it('should answer a self-contained HTML attachment by default, to any reader, with user text escaped', async () => {
    const { url, headers, incident } = await setup();
    const res = await t.app.inject({ url, headers: headers.viewer });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="board-report-${incident.slug}-\\d{4}-\\d{2}-\\d{2}\\.html"$`),
    );
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body).toContain('Board report: Leak &lt;b&gt;of&lt;/b&gt;');
    expect(res.body).toContain('Rotate every key');
    expect(res.body).toContain('Tell everyone affected by Friday');
    expect(res.body).not.toContain('<script');
  });

  it.runIf(dialect === 'sqlite' && chromiumAvailable())(
    'should print the PDF through Chromium',
    async () => {
      const { url, headers } = await setup();
      const res = await t.app.inject({ url: `${url}?format=pdf&interval=day`, headers: headers.owner });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/filename="board-report-.+\.pdf"$/);
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), {
        mergePages: true,
      });
      expect(text.replace(/\s+/g, ' ')).toContain('Rotate every key');
    },
    60_000,
  );
});
