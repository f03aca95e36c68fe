import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertTestAlert } from '../test/metrics-fixtures.ts';
import type { RunningApp } from './helpers.ts';
import {
  DEMO_USER,
  chromiumAvailable,
  ensureConsoleBuilt,
  expectAccessible,
  launchBrowser,
  newContext,
  signIn,
  startApp,
  watchErrors,
} from './helpers.ts';

/**
 * Public perception and early warnings in the system Chromium against the real app (Paylode demo):
 * mentions of Paylode and of a peer are imported and analysed; the owner opens Mentions and reads
 * the summary (volume, net sentiment with its definition, share of voice) and the list, where a
 * title holding markup shows as text and links out with rel="noopener noreferrer"; adds a feed
 * served on loopback, polls it now and finds its item, disables and removes it; a viewer sees the
 * page without any control. Then an early-warning alert is waiting on Measures: the owner
 * acknowledges it and, after a reload, it is listed as acknowledged by them.
 */

const ORG = '/admin/orgs/paylode';
const SYSTEM = { principal: { kind: 'system', label: 'e2e' } } as const;
const MARKUP_TITLE = '<img src=x onerror=alert("mention")> Paylode under fire';
const FEED_ITEM = 'Paylode publishes its independent audit';
const ALERT = 'Complaint volume rose above its usual level (e2e).';
const STEP = 90_000;
const images = fileURLToPath(new URL('../docs/images/', import.meta.url));

function rss(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback news</title><link>https://news.example.test/</link>
<description>Coverage</description>
<item><guid isPermaLink="false">audit-1</guid><link>https://news.example.test/audit</link>
<title>${FEED_ITEM}</title><description>The breach notice was clear and the audit is public.</description>
<pubDate>${new Date(Date.now() - 3_600_000).toUTCString()}</pubDate></item>
</channel></rss>`;
}

describe.skipIf(!chromiumAvailable())('mentions and alerts in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let feedServer: http.Server;
  let feedUrl: string;
  const pages: { page: Page; errors: string[] }[] = [];
  const dialogs: string[] = [];

  async function fresh(): Promise<Page> {
    const context = await newContext(browser, app.url);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    pages.push({ page, errors: watchErrors(page) });
    return page;
  }

  beforeAll(async () => {
    await ensureConsoleBuilt();
    feedServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss());
    });
    await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/paylode.xml`;
    // Loopback feeds are refused unless WEBHOOK_ALLOW_PRIVATE is on.
    [browser, app] = await Promise.all([launchBrowser(), startApp({ webhookAllowPrivate: true })]);
    const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
    await app.services.mentions.importMentions(SYSTEM, 'paylode', {
      source: 'e2e-monitoring',
      items: [
        {
          id: 'm1',
          publishedAt: day(1),
          title: 'Paylode explains the exposure',
          url: 'https://press.example.test/paylode-explains',
          text: 'The breach notice was clear and the fixes are well explained.',
          reach: 1200,
        },
        {
          id: 'm2',
          publishedAt: day(2),
          title: MARKUP_TITLE,
          url: 'https://forum.example.test/t/1',
          text: 'I no longer trust them with my salary data.',
        },
        { id: 'm3', publishedAt: day(3), text: 'Paylode is a payroll provider based in Leeds.' },
        {
          id: 'p1',
          subject: 'peer:Acme Payroll',
          publishedAt: day(2),
          text: 'Acme Payroll launches a new app, customers are happy.',
        },
        {
          id: 'p2',
          subject: 'peer:Acme Payroll',
          publishedAt: day(4),
          text: 'Acme Payroll outage angers customers, a terrible week.',
        },
      ],
    });
    expect(await app.services.mentions.analysePending()).toBe(5);
  }, STEP);

  afterEach(() => {
    for (const p of pages) expect(p.errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((r) => feedServer?.close(r));
  });

  it(
    'should show the summary and the mentions as text, and add, poll, disable and remove a feed',
    async () => {
      const page = await fresh();
      await page.goto(`${ORG}/incidents`);
      await signIn(page);
      await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
      await page
        .getByRole('navigation', { name: 'Organization' })
        .getByRole('link', { name: 'Mentions' })
        .click();
      await page.getByRole('heading', { name: 'Mentions', level: 1 }).waitFor();

      // The summary: volume per subject, net sentiment with its definition, share of voice.
      const self = page.locator('table.mention-summary tr[data-subject="self"]');
      await self.waitFor();
      const selfCells = await self.locator('td').allInnerTexts();
      expect(selfCells[0]).toBe('3');
      expect(selfCells[7]).toMatch(/^[+−]?\d+ \([+−]?\d+ to [+−]?\d+, n = 3\)$/);
      expect((await page.locator('tr[data-subject="peer:Acme Payroll"] td').first().innerText()).trim()).toBe(
        '2',
      );
      await page.getByText(/Net sentiment \(over all mentions\): \(positive − negative\)/).waitFor();
      await page.getByText(/60% of 5 mentions are about your organization/).waitFor();

      // The list: the markup in a title is text, and links go out without an opener or referrer.
      const list = page.locator('table.mention-table');
      await list.getByText(MARKUP_TITLE).waitFor();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      const out = list.getByRole('link', { name: /Paylode explains the exposure/ });
      expect(await out.getAttribute('href')).toBe('https://press.example.test/paylode-explains');
      expect(await out.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await list.locator('tbody tr').count()).toBe(5);
      await expectAccessible(page, 'the Mentions page');
      await page.screenshot({ path: `${images}console-mentions.png`, fullPage: true });

      // Only the peer's mentions, kept in the address.
      await page.getByLabel('Mentions of').selectOption('peer:Acme Payroll');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/subject=peer%3AAcme/);
      await expect.poll(() => list.locator('tbody tr').count()).toBe(2);

      // A feed on loopback: added, polled now, its item listed under its name.
      await page.goto(`${ORG}/mentions`);
      await list.locator('tbody tr').nth(4).waitFor();
      const form = page.getByRole('form', { name: 'Add a feed' });
      await form.getByLabel('Address').fill(feedUrl);
      await form.getByLabel('Name').fill('Loopback news');
      await form.getByRole('button', { name: 'Add feed' }).click();
      const row = page.locator('table.feed-table tbody tr').filter({ hasText: 'Loopback news' });
      await row.getByText('Not polled yet').waitFor();
      await row.getByRole('button', { name: /^Poll now\s?: Loopback news$/ }).click();
      await row.getByText('OK', { exact: true }).waitFor();
      const item = list.locator('tbody tr').filter({ hasText: FEED_ITEM });
      await item.waitFor();
      expect(await item.innerText()).toContain('Loopback news');
      expect(await list.locator('tbody tr').count()).toBe(6);

      // Disabled, then removed; its mention stays.
      await row.getByRole('button', { name: /^Disable\s?: Loopback news$/ }).click();
      await row.getByText('Disabled', { exact: true }).waitFor();
      await row.getByRole('button', { name: /^Enable\s?: Loopback news$/ }).waitFor();
      await row.getByRole('button', { name: /^Remove\s?: Loopback news$/ }).click();
      await page.getByText('No feed yet.').waitFor();
      await page.reload();
      await list
        .locator('tbody tr')
        .filter({ hasText: FEED_ITEM })
        .getByText('A feed no longer polled')
        .waitFor();
      expect(dialogs).toEqual([]);
    },
    STEP * 2,
  );

  it(
    'should show a viewer the mentions and the feeds without any control',
    async () => {
      const user = { email: 'viewer.mentions@paylode.example', password: 'viewer-password-2026' };
      await app.services.accounts.addMember(SYSTEM, 'paylode', {
        ...user,
        name: 'Vic Viewer',
        role: 'viewer',
      });
      await app.services.mentions.createFeed(SYSTEM, 'paylode', {
        url: `${feedUrl}?viewer`,
        name: 'Watched feed',
      });
      const viewer = await fresh();
      await viewer.goto(`${ORG}/mentions`);
      await signIn(viewer, user);
      await viewer.getByRole('heading', { name: 'Mentions', level: 1 }).waitFor();
      await viewer.locator('table.feed-table').getByText('Watched feed').waitFor();
      await viewer.locator('table.mention-table tbody tr').first().waitFor();
      expect(await viewer.getByRole('button', { name: /Poll now|Disable|Remove/ }).count()).toBe(0);
      expect(await viewer.getByRole('form', { name: 'Add a feed' }).count()).toBe(0);
      expect(await viewer.getByRole('form', { name: 'Import mentions' }).count()).toBe(0);
    },
    STEP,
  );

  it(
    'should acknowledge an alert on Measures and, after a reload, show who acknowledged it',
    async () => {
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const alert = await insertTestAlert(app.services, 'paylode', { message: ALERT, period: yesterday });
      const page = await fresh();
      await page.goto(`${ORG}/measures`);
      await signIn(page);
      await page.getByRole('heading', { name: 'Measures', level: 1 }).waitFor();
      const open = page.locator(`li[data-alert="${alert.id}"]`);
      await open.getByText('Open', { exact: true }).waitFor();
      await open
        .getByRole('button', { name: new RegExp(`^Acknowledge\\s?: ${ALERT.replace(/[.()]/g, '\\$&')}$`) })
        .click();
      await page.getByRole('heading', { name: 'Acknowledged lately' }).waitFor();

      await page.reload();
      await page.getByRole('heading', { name: 'Measures', level: 1 }).waitFor();
      const acked = page
        .getByRole('list', { name: 'Acknowledged lately' })
        .locator(`li[data-alert="${alert.id}"]`);
      await acked.waitFor();
      expect(await acked.innerText()).toMatch(new RegExp(`Acknowledged[\\s\\S]*by ${DEMO_USER.email}`));
      expect(await acked.getByRole('button').count()).toBe(0);
      // Open alerts no longer hold it.
      expect(await page.locator(`li.is-open[data-alert="${alert.id}"]`).count()).toBe(0);
      await expectAccessible(page, 'the Measures page with an acknowledged alert');
      const stored = (await app.services.store.metrics.findAlert(alert.organizationId, alert.id))!;
      expect(stored.acknowledgedBy).toBe(DEMO_USER.email);
    },
    STEP,
  );
});
