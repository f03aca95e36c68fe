import axe from 'axe-core';
import type { AxeResults, Result } from 'axe-core';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { boot } from '../src/bootstrap.ts';
import type { Config } from '../src/config/env.ts';
import { testConfig } from '../src/config/env.ts';
import type { Services } from '../src/container.ts';
import { AnalysisWorker } from '../src/jobs/analysis.worker.ts';
import { DeliveryWorker } from '../src/jobs/delivery.worker.ts';
import { buildApp } from '../src/server/app.ts';
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD, seedDemo } from '../src/services/demo.service.ts';

/** Browser suites drive the system Chromium; no browser is ever downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Whether the browser suite can run. Under CI=true a missing Chromium is a failure, never a skip;
 * elsewhere the suite is skipped with a loud warning.
 * @throws Error under CI=true when Chromium is missing.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`CI=true and no Chromium at ${CHROMIUM_PATH}: the browser suite cannot be skipped`);
  }
  console.warn(
    `\n!!! No Chromium at ${CHROMIUM_PATH}: the browser suite is SKIPPED (apt-get install chromium, or set CHROMIUM_PATH). !!!\n`,
  );
  return false;
}

/** Builds the console into admin/dist. */
export async function buildConsole(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'admin/vite.config.ts'), logLevel: 'warn' });
}

/** The newest modification time of the files under `dir`. */
function newestIn(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(dir, f)).mtimeMs),
  );
}

/**
 * Builds the console when admin/dist is missing or older than its sources (admin/src and the
 * src/shared it imports), so a run of the browser suite alone never tests a stale console.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  // Browser suites run in parallel: one builds while the others wait, then finds the build fresh.
  await withLock(
    join(tmpdir(), `amends-console-build-${createHash('sha1').update(root).digest('hex')}`),
    async () => {
      const built = join(root, 'admin/dist/index.html');
      const sources = Math.max(newestIn(join(root, 'admin/src')), newestIn(join(root, 'src/shared')));
      if (!existsSync(built) || statSync(built).mtimeMs < sources) await buildConsole();
    },
  );
}

/** Runs `fn` holding a lock directory; a lock older than two minutes was left by a crash. */
async function withLock(dir: string, fn: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch {
      const age = Date.now() - (statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(dir, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunningApp {
  url: string;
  config: Config;
  /** The app's services, to arrange what the UI cannot (a member with a given role). */
  services: Services;
  close(): Promise<void>;
}

/**
 * The real app on an ephemeral port, over a fresh SQLite file seeded with the Paylode demo.
 * `overrides` configure it further (an SMTP server, webhooks to loopback). With `workers`, the
 * delivery and analysis workers run beside it as `serve` runs them (polling every 100 ms), so a
 * suite sees what a real server does without driving the workers itself.
 */
export async function startApp(
  overrides: Partial<Config> = {},
  opts: { workers?: boolean } = {},
): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'amends-e2e-'));
  const config = testConfig({ dbUrl: `sqlite:${join(dir, 'amends.sqlite')}`, dataDir: dir, ...overrides });
  const booted = await boot(config);
  await seedDemo(booted.services.store, booted.services.clock);
  // Errors only: a 500 in a browser test then shows its cause in the test output.
  const app = await buildApp(booted.services, { logger: { level: 'error' } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const workers = opts.workers
    ? [new DeliveryWorker(booted.services, config), new AnalysisWorker(booted.services)]
    : [];
  for (const w of workers) w.start(100);
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    services: booted.services,
    close: async () => {
      for (const w of workers) await w.stop();
      await app.close();
      await booted.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const DEMO_USER = { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A browser context with axe-core in every page. The console's CSP (script-src 'self') refuses
 * inline <script> tags, so axe is added as an init script, which the CSP does not govern; the
 * console itself still runs under its real CSP.
 */
export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  await context.addInitScript({ content: axe.source });
  return context;
}

/** Uncaught errors and console errors (a CSP refusal among them), minus failed requests the test provokes. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      errors.push(`console error: ${m.text()}`);
    }
  });
  return errors;
}

function describeViolation(v: Result): string {
  const nodes = v.nodes
    .slice(0, 5)
    .map(
      (n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`,
    )
    .join('\n');
  return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
}

/**
 * Runs axe-core on the page as it is now.
 * @throws Error listing every serious or critical violation, so the test output says what to fix.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as AxeResults;
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const report = bad.map(describeViolation).join('\n');
    console.error(`axe-core: ${bad.length} serious or critical violation(s) on ${where}:\n${report}`);
    throw new Error(`${where} has ${bad.length} serious or critical accessibility violation(s):\n${report}`);
  }
}

/** Signs in through the form. */
export async function signIn(page: Page, user = DEMO_USER): Promise<void> {
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
