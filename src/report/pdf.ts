import { existsSync } from 'node:fs';
import { AppError } from '../domain/errors.ts';

/**
 * Prints the board report's HTML to PDF through Chromium (`page.setContent` + `page.pdf`): A4,
 * backgrounds on, the report's own print CSS deciding the page breaks. The browser is launched for
 * one report and closed again; no browser is ever downloaded.
 */

/** The system Chromium used when no path is given. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export interface PdfOptions {
  /** Path of the Chromium (or Chrome) executable; `DEFAULT_CHROMIUM_PATH` when absent. */
  chromiumPath?: string | undefined;
  /** Gives up after this long (launch, layout and print together). */
  timeoutMs?: number;
}

/**
 * @returns the PDF's bytes.
 * @throws AppError `unavailable` when there is no Chromium at the path, or it cannot start.
 */
export async function renderReportPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const executablePath = opts.chromiumPath ?? DEFAULT_CHROMIUM_PATH;
  const timeout = opts.timeoutMs ?? 60_000;
  if (!existsSync(executablePath)) {
    throw new AppError(
      'unavailable',
      `No Chromium at ${executablePath}: PDF reports need it (apt-get install chromium, or set CHROMIUM_PATH). The HTML report works without it.`,
    );
  }
  // Loaded on first use: playwright-core takes most of a second to import, and every `amends`
  // command and server start would otherwise pay for it.
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      timeout,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  } catch (e) {
    throw new AppError(
      'unavailable',
      `Chromium at ${executablePath} did not start: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    // The report is self-contained: refuse any request it might still make.
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      timeout,
    } as Parameters<typeof page.pdf>[0]);
  } finally {
    await browser.close();
  }
}
