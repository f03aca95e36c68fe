import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from './helpers.ts';
import {
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
 * The measurement dashboard in the system Chromium against the real app seeded with the Paylode
 * demo: the owner opens the incident's Measures tab, the charts draw (SVG paths with real `d`), the
 * cards show intervals, another audience and the daily view load from the keyboard, axe finds
 * nothing serious, and the board report downloads as a PDF holding the incident's title.
 */

const MEASURES = '/admin/orgs/paylode/incidents/bucket-exposure/measures';
const STEP = 120_000;
const images = fileURLToPath(new URL('../docs/images/', import.meta.url));

/** Every chart's estimate line: its `d`, which must be a drawn path. */
async function linePaths(page: Page): Promise<string[]> {
  await page.locator('svg[role="img"] path.ts-line').first().waitFor();
  return page
    .locator('svg[role="img"] path.ts-line')
    .evaluateAll((els) =>
      els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('d') ?? ''),
    );
}

describe.skipIf(!chromiumAvailable())('the measurement dashboard in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    [browser, app] = await Promise.all([launchBrowser(), startApp()]);
    const context = await newContext(browser, app.url);
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    errors = watchErrors(page);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it(
    'should draw the incident’s cards and charts, switch audience and period, pass axe and download the PDF',
    async () => {
      await page.goto(MEASURES);
      await signIn(page);
      await page.waitForURL(`**${MEASURES}`);
      await page.getByRole('heading', { name: 'Measures', level: 2 }).waitFor();

      // Cards with their intervals, charts with drawn lines.
      const cards = page.locator('.metric-card');
      await cards.first().waitFor();
      expect(await cards.count()).toBeGreaterThan(3);
      const negative = page.locator('.metric-card[data-metric="sentiment.negative"]');
      expect(await negative.innerText()).toMatch(/\d+% \(\d+–\d+%\)/);
      expect(await negative.innerText()).toMatch(/(not )?significant/);
      const paths = await linePaths(page);
      expect(paths.length).toBeGreaterThan(0);
      for (const d of paths) expect(d).toMatch(/^M[\d.]+,[\d.]+L/);
      expect(await page.locator('path.ts-band').first().getAttribute('d')).toMatch(/^M.+Z$/);
      expect(await page.locator('.ts-marker').count()).toBeGreaterThan(0);
      expect(await page.locator('svg[role="img"] desc').first().textContent()).toMatch(/baseline/);
      await expectAccessible(page, 'the Measures tab');
      await page.screenshot({ path: `${images}console-dashboard.png`, fullPage: true });

      // Another audience, from the keyboard.
      const employees = page
        .getByRole('navigation', { name: 'Audience' })
        .getByRole('link', { name: 'Employees' });
      await employees.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/audience=employees/);
      await expect.poll(() => employees.getAttribute('aria-current')).toBe('page');
      await page.locator('.metric-card').first().waitFor();
      expect((await linePaths(page)).every((d) => d.startsWith('M'))).toBe(true);

      // Daily periods keep the audience.
      await page.getByRole('navigation', { name: 'Period' }).getByRole('link', { name: 'Per day' }).click();
      await page.waitForURL(/audience=employees.*interval=day|interval=day.*audience=employees/);
      await page.locator('.metric-card').first().waitFor();
      expect((await linePaths(page)).length).toBeGreaterThan(0);
      await expectAccessible(page, 'the Measures tab, employees, per day');

      // The board report.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Board report (PDF)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^board-report-bucket-exposure-\d{4}-\d{2}-\d{2}\.pdf$/);
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
      expect(text.replace(/\s+/g, ' ')).toMatch(/Board report: .*Employees/);

      // The organization's page too.
      await page
        .getByRole('navigation', { name: 'Organization' })
        .getByRole('link', { name: 'Measures' })
        .click();
      await page.getByRole('heading', { name: 'Measures', level: 1 }).waitFor();
      await page.locator('.metric-card').first().waitFor();
      await expectAccessible(page, 'the organization’s Measures page');
      expect(errors).toEqual([]);
    },
    STEP * 2,
  );
});
