import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../../test/app.ts';
import { makeIncident } from '../../../test/factories.ts';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://n.example.test/</link>
<description>D</description><item><guid>g1</guid><title>Clear notice</title>
<description>The breach notice was clear &lt;script&gt;alert(1)&lt;/script&gt;</description>
<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item></channel></rss>`;

describe.each(['sqlite'] as const)('mention routes on %s', (dialect) => {
  let t: TestApp;
  let server: http.Server;
  let feedUrl: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"1"' });
      res.end(FEED);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
    t = await createTestApp(dialect, { webhookAllowPrivate: true });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server.close(r));
  });

  async function setup() {
    const { org, headers } = await orgWithTokens(t.services, ['owner', 'analyst', 'viewer', 'leader']);
    return { org, headers, base: `/api/v1/orgs/${org.slug}` };
  }

  it('should answer 401 without credentials and 403 to roles without mention:write', async () => {
    const { headers, base } = await setup();
    const anon = await t.app.inject({ method: 'GET', url: `${base}/mention-feeds` });
    expect(anon.statusCode).toBe(401);
    for (const role of ['viewer', 'leader'] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${base}/mention-feeds`,
        headers: headers[role],
        payload: { url: 'https://news.example.test/feed' },
      });
      expect(res.statusCode, role).toBe(403);
      const imp = await t.app.inject({
        method: 'POST',
        url: `${base}/mentions/imports`,
        headers: headers[role],
        payload: { source: 's', items: [] },
      });
      expect(imp.statusCode, role).toBe(403);
    }
    // Reading is for everyone in the organization.
    const list = await t.app.inject({ method: 'GET', url: `${base}/mentions`, headers: headers.viewer });
    expect(list.statusCode).toBe(200);
  });

  it('should answer 404 for another organization’s feeds and never show its mentions', async () => {
    const mine = await setup();
    const theirs = await setup();
    const feed = await t.app.inject({
      method: 'POST',
      url: `${theirs.base}/mention-feeds`,
      headers: theirs.headers.owner,
      payload: { url: 'https://news.example.test/theirs' },
    });
    const id = body(feed).id;
    await t.app.inject({
      method: 'POST',
      url: `${theirs.base}/mentions/imports`,
      headers: theirs.headers.owner,
      payload: { source: 's', items: [{ text: 'Secret of theirs', publishedAt: '2026-03-01' }] },
    });
    for (const [method, url] of [
      ['PATCH', `${mine.base}/mention-feeds/${id}`],
      ['DELETE', `${mine.base}/mention-feeds/${id}`],
      ['POST', `${mine.base}/mention-feeds/${id}/poll`],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: { ...mine.headers.owner, 'if-match': '*' },
        ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    // Their organization's path with my token.
    const other = await t.app.inject({
      method: 'GET',
      url: `${theirs.base}/mentions`,
      headers: mine.headers.owner,
    });
    expect(other.statusCode).toBe(404);
    const list = await t.app.inject({
      method: 'GET',
      url: `${mine.base}/mentions`,
      headers: mine.headers.owner,
    });
    expect(list.body).not.toContain('Secret of theirs');
    const feeds = await t.app.inject({
      method: 'GET',
      url: `${mine.base}/mention-feeds`,
      headers: mine.headers.owner,
    });
    expect(body(feeds).items).toEqual([]);
  });

  it('should refuse bad input with 400 and the field', async () => {
    const { headers, base } = await setup();
    const cases: [string, string, unknown, string][] = [
      ['POST', `${base}/mention-feeds`, { url: 'ftp://x.example.test/feed' }, 'body.url'],
      ['POST', `${base}/mention-feeds`, { url: feedUrl, subject: 'someone' }, 'body.subject'],
      ['POST', `${base}/mention-feeds`, { url: feedUrl, intervalMinutes: 1 }, 'body.intervalMinutes'],
      ['POST', `${base}/mention-feeds`, { url: feedUrl, extra: 1 }, 'body'],
      ['POST', `${base}/mentions/imports`, { source: 's' }, 'body'],
      ['POST', `${base}/mentions/imports`, { source: 's', csv: 'text', items: [] }, 'body'],
      ['POST', `${base}/mentions/imports`, { source: 'bad source!', items: [] }, 'body.source'],
      ['GET', `${base}/mentions?sentiment=angry`, undefined, 'querystring.sentiment'],
      ['GET', `${base}/mentions?from=yesterday`, undefined, 'querystring.from'],
      ['GET', `${base}/mentions/summary?interval=month`, undefined, 'querystring.interval'],
      ['GET', `${base}/mentions/summary?from=2026-03-02&to=2026-03-01`, undefined, 'query.to'],
      ['GET', `${base}/mentions?cursor=zzzz`, undefined, 'query.cursor'],
    ];
    for (const [method, url, payload, path] of cases) {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: headers.analyst,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(
        problem(res)
          .errors?.map((e) => e.path)
          .join(' '),
        url,
      ).toContain(path);
    }
    // PATCH without If-Match: 428.
    const created = await t.app.inject({
      method: 'POST',
      url: `${base}/mention-feeds`,
      headers: headers.analyst,
      payload: { url: 'https://news.example.test/428' },
    });
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `${base}/mention-feeds/${body(created).id}`,
      headers: headers.analyst,
      payload: { name: 'x' },
    });
    expect(patch.statusCode).toBe(428);
    // The same URL for the same subject twice: 409.
    const dup = await t.app.inject({
      method: 'POST',
      url: `${base}/mention-feeds`,
      headers: headers.analyst,
      payload: { url: 'https://news.example.test/428' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('should refuse a feed on a private address unless WEBHOOK_ALLOW_PRIVATE is set', async () => {
    const strict = await createTestApp(dialect);
    try {
      const { headers, org } = await orgWithTokens(strict.services, ['owner']);
      const res = await strict.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/mention-feeds`,
        headers: headers.owner,
        payload: { url: feedUrl },
      });
      expect(res.statusCode).toBe(400);
      expect(problem(res).errors).toEqual([
        { path: 'body.url', message: expect.stringMatching(/private address.*WEBHOOK_ALLOW_PRIVATE/) },
      ]);
    } finally {
      await strict.close();
    }
  });

  it('should create, poll now, edit, list, summarise and delete over HTTP', async () => {
    const { org, headers, base } = await setup();
    const incident = await makeIncident(t.services, org.slug);
    const created = await t.app.inject({
      method: 'POST',
      url: `${base}/mention-feeds`,
      headers: headers.analyst,
      payload: { url: feedUrl, name: 'Local news', incident: incident.slug, intervalMinutes: 30 },
    });
    expect(created.statusCode).toBe(201);
    const feed = body(created);
    expect(feed).toMatchObject({
      subject: 'self',
      incidentId: incident.id,
      intervalMinutes: 30,
      enabled: true,
    });
    expect(feed).not.toHaveProperty('etag');
    expect(created.headers.location).toBe(`${base}/mention-feeds/${feed.id}`);

    const polled = await t.app.inject({
      method: 'POST',
      url: `${base}/mention-feeds/${feed.id}/poll`,
      headers: headers.analyst,
    });
    expect(polled.statusCode).toBe(200);
    expect(body(polled)).toMatchObject({ status: 'ok', items: 1, added: 1, error: null });
    expect(body(polled).feed.lastSuccessAt).not.toBeNull();
    const again = await t.app.inject({
      method: 'POST',
      url: `${base}/mention-feeds/${feed.id}/poll`,
      headers: headers.analyst,
    });
    expect(body(again)).toMatchObject({ status: 'ok', items: 1, added: 0 });

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `${base}/mention-feeds/${feed.id}`,
      headers: { ...headers.analyst, 'if-match': created.headers.etag as string },
      payload: { subject: 'peer:Acme Bank', enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(body(patched)).toMatchObject({ subject: 'peer:Acme Bank', enabled: false, version: 2 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `${base}/mention-feeds/${feed.id}`,
      headers: { ...headers.analyst, 'if-match': created.headers.etag as string },
      payload: { name: 'Again' },
    });
    expect(stale.statusCode).toBe(412);

    const imported = await t.app.inject({
      method: 'POST',
      url: `${base}/mentions/imports`,
      headers: headers.analyst,
      payload: {
        source: 'clippings-2026-03',
        incident: incident.slug,
        csv: 'text,published_at,subject\nI no longer trust them,2026-03-02T12:00:00Z,self\n,2026-03-02,self\n',
      },
    });
    expect(imported.statusCode).toBe(200);
    expect(body(imported)).toEqual({
      received: 2,
      added: 1,
      duplicates: 0,
      rejected: [{ row: 3, reason: 'text is required' }],
    });
    await t.services.mentions.analysePending();

    const list = await t.app.inject({
      method: 'GET',
      url: `${base}/mentions?incident=${incident.slug}&from=2026-03-02&to=2026-03-03&limit=1`,
      headers: headers.viewer,
    });
    expect(list.statusCode).toBe(200);
    const page = body(list);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ sourceKind: 'import', sentiment: 'negative' });
    expect(page.items[0]).not.toHaveProperty('organizationId');
    const next = await t.app.inject({
      method: 'GET',
      url: `${base}/mentions?incident=${incident.slug}&limit=1&cursor=${page.nextCursor}`,
      headers: headers.viewer,
    });
    expect(body(next).items[0]).toMatchObject({ sourceKind: 'feed', externalId: 'g1' });
    expect(body(next).items[0].sentiment).not.toBe('negative');

    const summary = await t.app.inject({
      method: 'GET',
      url: `${base}/mentions/summary?incident=${incident.slug}&interval=week`,
      headers: headers.viewer,
    });
    expect(summary.statusCode).toBe(200);
    expect(body(summary).periods).toEqual([
      expect.objectContaining({
        subject: 'self',
        period: '2026-03-02',
        volume: 2,
        negative: 1,
        unanalysed: 0,
      }),
    ]);
    expect(body(summary).shareOfVoice).toBeNull();

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `${base}/mention-feeds/${feed.id}`,
      headers: headers.analyst,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'GET', url: `${base}/mention-feeds`, headers: headers.viewer });
    expect(body(gone).items).toEqual([]);
    // Its mentions stay.
    const kept = await t.app.inject({ method: 'GET', url: `${base}/mentions`, headers: headers.viewer });
    expect(body(kept).items).toHaveLength(2);
  });
});
