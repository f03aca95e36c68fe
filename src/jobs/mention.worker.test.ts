import { lookup } from 'node:dns/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { createTestApp } from '../../test/app.ts';
import { dialects } from '../../test/db.ts';
import { SYSTEM, makeIncident, makeOrg } from '../../test/factories.ts';
import { createFeedFetcher } from './feed-fetch.ts';
import { isPrivateAddress } from './delivery.worker.ts';
import { MentionWorker } from './mention.worker.ts';

/** A feed served on loopback; each test sets what it answers. */
interface Served {
  status: number;
  body: string;
  contentType: string;
  etag?: string | undefined;
  /** Honour If-None-Match with 304 (off: always the full body, to test de-duplication). */
  conditional: boolean;
  /** Stream this many bytes of padding instead of the body. */
  hugeBytes?: number | undefined;
}

function rss(items: { guid?: string; link?: string; title: string; description: string; date?: string }[]) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News about Paylode</title><link>https://news.example.test/</link>
<description>Coverage</description>
${items
  .map(
    (
      i,
    ) => `<item>${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}${i.link ? `<link>${i.link}</link>` : ''}
<title>${i.title}</title><description>${i.description}</description>${i.date ? `<pubDate>${i.date}</pubDate>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

function atom(entries: { id: string; title: string; content: string; updated: string; author?: string }[]) {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Forum</title><id>urn:forum</id><updated>2026-03-01T00:00:00Z</updated>
${entries
  .map(
    (e) => `<entry><id>${e.id}</id><title>${e.title}</title><updated>${e.updated}</updated>
<link href="https://forum.example.test/${encodeURIComponent(e.id)}"/>${e.author ? `<author><name>${e.author}</name></author>` : ''}
<content type="html">${e.content}</content></entry>`,
  )
  .join('\n')}
</feed>`;
}

describe.each(await dialects())('mentions on %s', (dialect) => {
  let t: TestApp;
  let now: Date;
  const served: Served = { status: 200, body: '', contentType: 'application/rss+xml', conditional: true };
  const seen: http.IncomingHttpHeaders[] = [];
  let server: http.Server;
  let base: string;

  const advance = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      if (served.hugeBytes) {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < served.hugeBytes!) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        return pump();
      }
      if (served.conditional && served.etag && req.headers['if-none-match'] === served.etag) {
        res.writeHead(304, { etag: served.etag });
        return res.end();
      }
      res.writeHead(served.status, {
        'content-type': served.contentType,
        ...(served.etag ? { etag: served.etag } : {}),
      });
      res.end(served.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestApp(dialect, { webhookAllowPrivate: true }, () => now);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    now = new Date('2026-03-02T10:00:00.000Z');
    Object.assign(served, {
      status: 200,
      body: '',
      contentType: 'application/rss+xml',
      etag: undefined,
      conditional: true,
      hugeBytes: undefined,
    });
    seen.length = 0;
  });

  const s = () => t.services;
  /** Polls what is due and returns this feed's outcome (other tests' feeds may fall due too). */
  const pollOne = async (feedId: string) =>
    (await s().mentions.pollDue()).filter((p) => p.feed.id === feedId);

  it('should poll an RSS 2.0 feed, send its ETag back, add nothing on 304 and a new item once', async () => {
    const org = await makeOrg(s());
    const feed = (await s().mentions.createFeed(SYSTEM, org.slug, { url: `${base}/rss-${org.slug}` })).record;
    served.etag = '"v1"';
    served.body = rss([
      {
        guid: 'a-1',
        link: 'https://news.example.test/1',
        title: 'Paylode admits breach',
        description: '<p>The breach notice was <b>clear</b> &amp; quick.</p>',
        date: 'Sun, 01 Mar 2026 09:00:00 GMT',
      },
      {
        link: 'https://news.example.test/2',
        title: 'Customers angry',
        description: 'I no longer trust them.',
      },
    ]);
    const first = await pollOne(feed.id);
    expect(first.map((p) => [p.feed.id, p.status, p.items, p.added])).toEqual([[feed.id, 'ok', 2, 2]]);
    const list = await s().mentions.list(SYSTEM, org.slug, {}, { limit: 10 });
    expect(list.items.map((m) => m.externalId).sort()).toEqual(['a-1', 'https://news.example.test/2']);
    const a1 = list.items.find((m) => m.externalId === 'a-1')!;
    expect(a1).toMatchObject({
      subject: 'self',
      sourceKind: 'feed',
      sourceName: feed.id,
      text: 'The breach notice was clear & quick.',
      title: 'Paylode admits breach',
      publishedAt: '2026-03-01T09:00:00.000Z',
    });
    // Without a date, the time it was first seen.
    expect(list.items.find((m) => m.externalId !== 'a-1')!.publishedAt).toBe(now.toISOString());

    // Not due yet: nothing polled.
    expect(await pollOne(feed.id)).toEqual([]);
    advance(61);
    const second = await pollOne(feed.id);
    expect(seen.at(-1)!['if-none-match']).toBe('"v1"');
    expect(second.map((p) => [p.status, p.added])).toEqual([['not_modified', 0]]);

    served.etag = '"v2"';
    served.body = rss([
      { guid: 'a-1', title: 'Paylode admits breach', description: 'The breach notice was clear.' },
      { guid: 'a-3', title: 'Follow-up', description: 'Refunds are arriving.' },
    ]);
    advance(61);
    expect((await pollOne(feed.id)).map((p) => [p.status, p.items, p.added])).toEqual([['ok', 2, 1]]);
    // A server that ignores validators: the same items again add nothing.
    served.conditional = false;
    advance(61);
    expect((await pollOne(feed.id)).map((p) => [p.status, p.added])).toEqual([['ok', 0]]);
    expect((await s().mentions.list(SYSTEM, org.slug, {}, { limit: 10 })).items).toHaveLength(3);
    const after = (await s().mentions.listFeeds(SYSTEM, org.slug))[0]!;
    expect(after).toMatchObject({ failures: 0, lastError: null, etag: '"v2"' });
  });

  it('should poll an Atom feed as a named peer’s mentions under an incident', async () => {
    const org = await makeOrg(s());
    const incident = await makeIncident(s(), org.slug);
    served.contentType = 'application/atom+xml';
    served.body = atom([
      {
        id: 'urn:post:1',
        title: 'Acme handled it well',
        content: '&lt;p&gt;Good job on the quick response.&lt;/p&gt;',
        updated: '2026-02-28T12:00:00Z',
        author: 'Sam',
      },
    ]);
    const feed = (
      await s().mentions.createFeed(SYSTEM, org.slug, {
        url: `${base}/atom-${org.slug}`,
        subject: 'peer:Acme Bank',
        incident: incident.slug,
      })
    ).record;
    const [out] = await s()
      .mentions.pollNow(SYSTEM, org.slug, feed.id)
      .then((o) => [o]);
    expect(out).toMatchObject({ status: 'ok', items: 1, added: 1 });
    const [m] = (await s().mentions.list(SYSTEM, org.slug, { subject: 'peer:Acme Bank' }, { limit: 5 }))
      .items;
    expect(m).toMatchObject({
      externalId: 'urn:post:1',
      incidentId: incident.id,
      author: 'Sam',
      text: 'Good job on the quick response.',
      publishedAt: '2026-02-28T12:00:00.000Z',
    });
    const byIncident = await s().mentions.list(SYSTEM, org.slug, { incident: incident.slug }, { limit: 5 });
    expect(byIncident.items).toHaveLength(1);
  });

  it('should record a broken feed’s error and back off, doubling up to a day, then disable it', async () => {
    const org = await makeOrg(s());
    const feed = (await s().mentions.createFeed(SYSTEM, org.slug, { url: `${base}/broken-${org.slug}` }))
      .record;
    served.status = 500;
    served.body = 'oops';
    let [out] = await pollOne(feed.id);
    expect(out).toMatchObject({ status: 'error', error: 'the feed answered HTTP 500' });
    expect(out!.feed).toMatchObject({ failures: 1, enabled: true, lastError: 'the feed answered HTTP 500' });
    expect(out!.feed.nextPollAt).toBe(new Date(now.getTime() + 120 * 60_000).toISOString());

    // Not XML at all.
    served.status = 200;
    served.body = '<html><body>Not a feed</body></html>';
    served.contentType = 'text/html';
    advance(120);
    [out] = await pollOne(feed.id);
    expect(out!.error).toMatch(/^not an RSS or Atom feed/);
    expect(out!.feed.failures).toBe(2);
    expect(out!.feed.nextPollAt).toBe(new Date(now.getTime() + 240 * 60_000).toISOString());

    for (let i = 3; i <= 10; i++) {
      advance(24 * 60);
      [out] = await pollOne(feed.id);
      expect(out!.feed.failures).toBe(i);
      // Capped at a day.
      if (i >= 5) expect(out!.feed.nextPollAt).toBe(new Date(now.getTime() + 24 * 60 * 60_000).toISOString());
    }
    expect(out!.feed.enabled).toBe(false);
    expect(out!.feed.lastError).toMatch(/disabled after 10 failures in a row/);
    advance(24 * 60);
    expect(await pollOne(feed.id)).toEqual([]);

    // Enabling it again clears the failures and makes it due at once.
    const again = await s().mentions.updateFeed(SYSTEM, org.slug, feed.id, { enabled: true }, undefined);
    expect(again).toMatchObject({
      enabled: true,
      failures: 0,
      lastError: null,
      nextPollAt: now.toISOString(),
    });
    served.body = rss([{ guid: 'x', title: 'Back', description: 'Back again.' }]);
    served.contentType = 'application/rss+xml';
    expect((await pollOne(feed.id)).map((p) => [p.status, p.added])).toEqual([['ok', 1]]);
  });

  it('should refuse a response over the size limit, and record why', async () => {
    const org = await makeOrg(s());
    const feed = (await s().mentions.createFeed(SYSTEM, org.slug, { url: `${base}/huge-${org.slug}` }))
      .record;
    served.hugeBytes = 3 * 1024 * 1024;
    const [out] = await pollOne(feed.id);
    expect(out).toMatchObject({ status: 'error', added: 0 });
    expect(out!.error).toMatch(/larger than 2048 KiB/);
  });

  it('should time out a feed that never answers', async () => {
    const hang = http.createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    try {
      const fetcher = createFeedFetcher({ allowPrivate: true, timeoutMs: 300 });
      const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/`;
      await expect(fetcher.fetch(url, { etag: null, lastModified: null })).rejects.toThrow(
        /no answer within 0.3 s/,
      );
    } finally {
      hang.closeAllConnections();
      await new Promise((r) => hang.close(r));
    }
  });

  it('should import CSV, report every rejected row with its reason, and add nothing on re-import', async () => {
    const org = await makeOrg(s());
    const incident = await makeIncident(s(), org.slug);
    const csv = [
      'id,subject,text,published_at,url,reach,incident',
      `1,self,The breach notice was clear,2026-03-01,https://x.example.test/1,1200,${incident.slug}`,
      '2,peer:Acme Bank,I no longer trust them,2026-03-01T08:00:00+01:00,,,',
      '3,self,,2026-03-01,,,',
      '4,self,No date here,,,,',
      '5,someone,Bad subject,2026-03-01,,,',
      '6,self,Bad reach,2026-03-01,,-5,',
      '7,self,Unknown incident,2026-03-01,,,no-such-incident',
      '8,self,Too few columns',
      '9,self,Not a link,2026-03-01,javascript:alert(1),,',
      '10,self,"Quoted, with a comma",2026-03-02,,,',
      ',self,No id but a link,2026-03-02,https://x.example.test/11,,',
    ].join('\n');
    const r = await s().mentions.importMentions(SYSTEM, org.slug, { source: 'clippings', csv });
    expect(r.received).toBe(11);
    expect(r.added).toBe(4);
    expect(r.duplicates).toBe(0);
    expect(r.rejected).toEqual([
      { row: 4, reason: 'text is required' },
      { row: 5, reason: 'published_at is required' },
      { row: 6, reason: 'subject must be "self" or "peer:<name>"' },
      { row: 7, reason: 'reach must be a number from 0 to 10^12' },
      { row: 8, reason: 'no incident no-such-incident in this organization' },
      { row: 9, reason: expect.stringMatching(/^Invalid Record Length: columns length is 7, got 3/) },
      { row: 10, reason: 'url must be an http(s) URL' },
    ]);
    const again = await s().mentions.importMentions(SYSTEM, org.slug, { source: 'clippings', csv });
    expect(again).toMatchObject({ received: 11, added: 0, duplicates: 4 });
    // The same rows from another source are other mentions.
    expect((await s().mentions.importMentions(SYSTEM, org.slug, { source: 'other', csv })).added).toBe(4);

    const list = await s().mentions.list(SYSTEM, org.slug, { subject: 'peer:Acme Bank' }, { limit: 10 });
    expect(list.items[0]).toMatchObject({ publishedAt: '2026-03-01T07:00:00.000Z', reach: null });
    const withIncident = await s().mentions.list(SYSTEM, org.slug, { incident: incident.id }, { limit: 10 });
    expect(withIncident.items.map((m) => m.reach)).toEqual([1200, 1200]);
  });

  it('should import JSON items, rejecting what is not an object', async () => {
    const org = await makeOrg(s());
    const r = await s().mentions.importMentions(SYSTEM, org.slug, {
      source: 'json',
      subject: 'peer:Acme',
      items: [
        { text: 'Fine', publishedAt: '2026-03-01', reach: 10 },
        42,
        { text: 'Bad date', published_at: '01/03/2026' },
        { text: 'Local time', published_at: '2026-03-01T10:00:00' },
        { body: 'Alias for text', date: '2026-03-03', subject: 'self', title: 'T', link: 'https://e.test/x' },
      ],
    });
    expect(r.added).toBe(2);
    expect(r.rejected.map((x) => [x.row, x.reason.slice(0, 30)])).toEqual([
      [2, 'must be an object'],
      [3, 'published_at must be an ISO 86'],
      [4, 'published_at must be an ISO 86'],
    ]);
    await expect(
      s().mentions.importMentions(SYSTEM, org.slug, { source: 'x', csv: 'title,date\nA,2026-01-01' }),
    ).rejects.toMatchObject({ code: 'validation' });
    // A quote left open to the end of the file: that row is reported, the file is not refused.
    const open = await s().mentions.importMentions(SYSTEM, org.slug, {
      source: 'x',
      csv: 'text,date\nfine,2026-01-01\n"open quote,2026-01-02\n',
    });
    expect(open.added).toBe(1);
    expect(open.rejected).toEqual([{ row: 3, reason: expect.stringMatching(/quote/i) }]);
  });

  it('should read trust language right through the pipeline: a clear breach notice is not negative, lost trust is', async () => {
    const org = await makeOrg(s());
    await s().mentions.importMentions(SYSTEM, org.slug, {
      source: 'pipeline',
      items: [
        { id: 'clear', text: 'the breach notice was clear', publishedAt: '2026-03-01' },
        { id: 'trust', text: 'I no longer trust them', publishedAt: '2026-03-01' },
      ],
    });
    const worker = new MentionWorker(t.services);
    // Other tests' mentions may be waiting too: run until the queue is empty.
    while ((await worker.runOnce()) > 0);
    const items = (await s().mentions.list(SYSTEM, org.slug, {}, { limit: 10 })).items;
    const clear = items.find((m) => m.externalId === 'clear')!;
    const trust = items.find((m) => m.externalId === 'trust')!;
    expect(clear.sentiment).not.toBe('negative');
    expect(clear.analysedAt).toBe(now.toISOString());
    expect(clear.language).toBe('en');
    expect(trust.sentiment).toBe('negative');
    expect(
      (await s().mentions.list(SYSTEM, org.slug, { sentiment: 'negative' }, { limit: 10 })).items.map(
        (m) => m.externalId,
      ),
    ).toEqual(['trust']);
  });

  it('should sum volume and sentiment per subject and day or week in SQL, matching hand counts', async () => {
    const org = await makeOrg(s());
    const other = await makeOrg(s());
    const incident = await makeIncident(s(), org.slug);
    // Sunday 2026-03-01 and Monday 2026-03-02 fall in different ISO weeks.
    const rows = [
      ['self', 'Thank you, the breach notice was clear and honest.', '2026-03-01T23:30:00Z', 100],
      ['self', 'I no longer trust them at all.', '2026-03-01T08:00:00Z', 50],
      ['self', 'They lied and covered it up.', '2026-03-02T00:30:00+02:00', ''], // 2026-03-01 22:30 UTC
      ['self', 'The office is on Main Street.', '2026-03-02T09:00:00Z', ''],
      ['self', 'Thanks for the quick response, well handled.', '2026-03-03T09:00:00Z', 10],
      ['peer:Acme', 'I no longer trust Acme.', '2026-03-02T10:00:00Z', ''],
      ['peer:Acme', 'Acme owned it, good job.', '2026-03-08T23:59:59Z', ''],
      ['peer:Bolt', 'Bolt is a company.', '2026-03-09T00:00:00Z', ''],
    ] as const;
    await s().mentions.importMentions(SYSTEM, org.slug, {
      source: 'summary',
      incident: incident.slug,
      items: rows.map(([subject, text, publishedAt, reach], i) => ({
        id: i,
        subject,
        text,
        publishedAt,
        reach,
      })),
    });
    // Noise in another organization and outside the range.
    await s().mentions.importMentions(SYSTEM, other.slug, {
      source: 'summary',
      items: [{ text: 'I no longer trust them', publishedAt: '2026-03-02' }],
    });
    await s().mentions.importMentions(SYSTEM, org.slug, {
      source: 'outside',
      items: [{ text: 'Old news', publishedAt: '2026-02-01' }],
    });
    // Before analysis: volume counted, sentiment unanalysed.
    const before = await s().mentions.summary(SYSTEM, org.slug, {
      interval: 'week',
      from: '2026-02-23',
      to: '2026-03-16',
    });
    expect(before.periods.find((p) => p.subject === 'self' && p.period === '2026-02-23')).toMatchObject({
      volume: 3,
      unanalysed: 3,
      positive: 0,
    });
    while ((await s().mentions.analysePending()) > 0);
    const all = (await s().mentions.list(SYSTEM, org.slug, { incident: incident.slug }, { limit: 50 })).items;
    const label = (text: string) => all.find((m) => m.text === text)!.sentiment;
    // The labels the hand counts below rest on.
    expect(rows.map(([, text]) => label(text))).toEqual([
      'positive',
      'negative',
      'negative',
      'neutral',
      'positive',
      'negative',
      'positive',
      'neutral',
    ]);

    const daily = await s().mentions.summary(SYSTEM, org.slug, {
      interval: 'day',
      incident: incident.slug,
    });
    const c = (volume: number, positive: number, negative: number, neutral: number, reach: number) => ({
      volume,
      positive,
      negative,
      neutral,
      mixed: 0,
      unanalysed: 0,
      reach,
    });
    expect(daily.periods).toEqual([
      { subject: 'peer:Acme', period: '2026-03-02', ...c(1, 0, 1, 0, 0) },
      { subject: 'peer:Acme', period: '2026-03-08', ...c(1, 1, 0, 0, 0) },
      { subject: 'peer:Bolt', period: '2026-03-09', ...c(1, 0, 0, 1, 0) },
      { subject: 'self', period: '2026-03-01', ...c(3, 1, 2, 0, 150) },
      { subject: 'self', period: '2026-03-02', ...c(1, 0, 0, 1, 0) },
      { subject: 'self', period: '2026-03-03', ...c(1, 1, 0, 0, 10) },
    ]);

    const weekly = await s().mentions.summary(SYSTEM, org.slug, {
      interval: 'week',
      from: '2026-03-01',
      to: '2026-03-09',
      netSentiment: 'polar',
    });
    expect(weekly.periods).toEqual([
      { subject: 'peer:Acme', period: '2026-03-02', ...c(2, 1, 1, 0, 0) },
      { subject: 'self', period: '2026-02-23', ...c(3, 1, 2, 0, 150) },
      { subject: 'self', period: '2026-03-02', ...c(2, 1, 0, 1, 10) },
    ]);
    const self = weekly.subjects.find((x) => x.subject === 'self')!;
    expect(self).toMatchObject({ volume: 5, positive: 2, negative: 2, neutral: 1 });
    // polar: (pos − neg)/(pos + neg) = 0.
    expect(self.netSentiment).toMatchObject({ definition: 'polar', estimate: 0, n: 4 });
    // Share of voice: 5 own of 5 + 2 (Acme; Bolt is outside the range).
    expect(weekly.shareOfVoice!.total).toBe(7);
    expect(weekly.shareOfVoice!.own!.estimate).toBeCloseTo(5 / 7, 10);
    expect(weekly.shareOfVoice!.peers).toEqual({ Acme: 2 / 7 });
    // Default definition `all`: (2 − 2)/5.
    const dflt = await s().mentions.summary(SYSTEM, org.slug, {
      interval: 'week',
      from: '2026-03-01',
      to: '2026-03-09',
    });
    expect(dflt.netSentimentDefinition).toBe('all');
    expect(dflt.subjects.find((x) => x.subject === 'self')!.netSentiment!.estimate).toBe(0);
  });

  it('should page mentions newest published first without repeats', async () => {
    const org = await makeOrg(s());
    await s().mentions.importMentions(SYSTEM, org.slug, {
      source: 'paging',
      items: Array.from({ length: 7 }, (_, i) => ({
        id: `p${i}`,
        text: `Item ${i}`,
        // Two share a time: the id breaks the tie.
        publishedAt: `2026-03-0${Math.min(i, 5) + 1}T00:00:00Z`,
      })),
    });
    const seenIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await s().mentions.list(SYSTEM, org.slug, {}, { limit: 3, cursor });
      seenIds.push(...page.items.map((m) => m.externalId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seenIds).toHaveLength(7);
    expect(new Set(seenIds).size).toBe(7);
    expect(seenIds.slice(2)).toEqual(['p4', 'p3', 'p2', 'p1', 'p0']);
    await expect(
      s().mentions.list(SYSTEM, org.slug, {}, { limit: 3, cursor: 'bogus' }),
    ).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('should refuse feed URLs on private addresses unless allowed, checking names when connecting', async () => {
    const strict = createFeedFetcher({ allowPrivate: false });
    for (const url of [
      'http://127.0.0.1/feed',
      'http://localhost:8080/feed',
      'http://[::1]/feed',
      'http://10.1.2.3/feed',
      'http://169.254.169.254/latest/meta-data',
      'http://192.168.0.1/',
    ]) {
      expect(() => strict.checkUrl(url), url).toThrow(/private address/);
    }
    expect(() => strict.checkUrl('ftp://example.test/feed')).toThrow(/http\(s\)/);
    expect(() => strict.checkUrl('https://user:pw@example.test/feed')).toThrow(/user name or password/);
    expect(() => strict.checkUrl('https://news.example.test/feed')).not.toThrow();
    // A host name that resolves to a private address is refused when connecting.
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length > 0 && addresses.every((a) => isPrivateAddress(a.address))) {
      const port = (server.address() as AddressInfo).port;
      await expect(
        strict.fetch(`http://${name}:${port}/feed`, { etag: null, lastModified: null }),
      ).rejects.toThrow(/private address/);
    }
    // Through the service: a validation error on the field.
    const strictApp = await createTestApp(dialect);
    try {
      const org = await makeOrg(strictApp.services);
      await expect(
        strictApp.services.mentions.createFeed(SYSTEM, org.slug, { url: `${base}/feed` }),
      ).rejects.toMatchObject({ code: 'validation', errors: [{ path: 'body.url' }] });
    } finally {
      await strictApp.close();
    }
  });
});
