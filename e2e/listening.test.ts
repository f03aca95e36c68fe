import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtp } from '../test/mail.ts';
import { actionInput } from '../test/factories.ts';
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
 * "You said, we did" in the system Chromium against the real app, its delivery and analysis
 * workers running and a real SMTP server: two people write on the public page's form about
 * refunds — one leaves an address and consents to hear back, one leaves an address without
 * consent — and someone types markup. The owner finds them in the console's inbox, analysed;
 * links the theme to an action; marks the action done; and exactly one message arrives, to the
 * person who consented. The markup shows as text, and nothing runs.
 */

const INCIDENT = '/admin/orgs/paylode/incidents/bucket-exposure';
const PUBLIC_PAGE = '/paylode/incidents/bucket-exposure';
const SYSTEM = { principal: { kind: 'system', label: 'e2e' } } as const;
const ACTION = 'Refund the costs of every affected employee';
const CONSENTING = {
  email: 'ana.listening@example.test',
  text: 'Where is my refund? I am still waiting for compensation for my exposed salary data.',
};
const NOT_CONSENTING = {
  email: 'ben.listening@example.test',
  text: 'A refund would be the least you can do. I no longer trust you.',
};
const MARKUP =
  '<script>alert("inbox")</script><img src=x onerror=alert("img")> Your helpline never answered my calls about this.';
const FRENCH = "Je n'ai toujours pas reçu de réponse à ma demande, c'est inacceptable et décevant.";
const LOOP_SUBJECT = 'here is what we did';

/** Each step drives a browser on a machine shared with other suites: generous, not endless. */
const STEP = 90_000;

const images = fileURLToPath(new URL('../docs/images/', import.meta.url));

async function text(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return (await locator.first().innerText()).replace(/\s+/g, ' ');
}

describe.skipIf(!chromiumAvailable())('listening in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const pages: { page: Page; errors: string[] }[] = [];
  const dialogs: string[] = [];
  let owner: Page;

  /** A page in a browser of its own, signed out, whose errors fail the step they happen in. */
  async function fresh(): Promise<Page> {
    const context = await newContext(browser, app.url);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    pages.push({ page, errors: watchErrors(page) });
    return page;
  }

  /** Someone on the public incident page, writing on its feedback form (no JavaScript involved). */
  async function say(visitor: Page, words: string, email?: string, consent = false): Promise<void> {
    await visitor.goto(PUBLIC_PAGE);
    const form = visitor.locator('form[action$="/feedback"]');
    await form.getByLabel('Your message').fill(words);
    if (email) await form.getByLabel('E-mail address (optional)').fill(email);
    if (consent) await form.getByLabel('You may contact me about this message').check();
    await form.getByRole('button', { name: 'Send' }).click();
    await visitor.getByText('Thank you. We have your message').waitFor();
  }

  /**
   * Loop messages about this suite's action. (The demo has its own, queued for its people, and an
   * item about compensation also hears about the demo's letters — already done — which is right.)
   */
  const loopMails = () =>
    smtp.received.filter((m) => m.subject?.includes(LOOP_SUBJECT) && m.text?.includes(ACTION));

  beforeAll(async () => {
    await ensureConsoleBuilt();
    [smtp, browser] = await Promise.all([startSmtp(), launchBrowser()]);
    app = await startApp({ smtpUrl: smtp.url }, { workers: true });
    // A theme only this suite's words fall under: the demo's own feedback stays out of its counts.
    await app.services.themes.put(SYSTEM, 'paylode', 'Refunds', ['refund']);
    await app.services.actions.create(
      SYSTEM,
      'paylode',
      'bucket-exposure',
      actionInput({ title: ACTION, kind: 'remedy', repairLogic: 'trustworthiness_demonstration' }),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
  });

  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      for (const [i, { page }] of pages.entries()) {
        if (page.isClosed()) continue;
        await page
          .screenshot({
            path: `test-results/listening-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}-${i}.png`,
            fullPage: true,
          })
          .catch(() => undefined);
      }
    });
  });

  afterEach(() => {
    expect(pages.flatMap((p) => p.errors.splice(0))).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  // Each step builds on the one before: after a failure, the rest are skipped rather than timing out.
  let broken = false;
  beforeEach(({ skip, onTestFailed }) => {
    if (broken) skip();
    onTestFailed(() => {
      broken = true;
    });
  });

  it(
    'should take feedback on the public form, with and without consent to hear back',
    async () => {
      // One browser for the four people: the form keeps nothing between submissions.
      const visitor = await fresh();
      await say(visitor, CONSENTING.text, CONSENTING.email, true);
      await expectAccessible(visitor, 'feedback received');
      await say(visitor, NOT_CONSENTING.text, NOT_CONSENTING.email, false);
      await say(visitor, MARKUP);
      await say(visitor, FRENCH);
      await visitor.context().close();
    },
    STEP,
  );

  it(
    'should show the items in the inbox, analysed: sentiment, theme, language',
    async () => {
      owner = await fresh();
      await owner.goto(`${INCIDENT}/feedback`);
      await signIn(owner, DEMO_USER);
      await owner.getByRole('heading', { name: 'Feedback', level: 2 }).waitFor();
      // The analysis worker runs beside the server: reload until it has read all four.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const table = owner.getByRole('table', { name: 'Feedback, newest first' });
        await table.waitFor();
        if ((await table.getByText('Not analysed yet').count()) === 0) break;
        if (Date.now() > deadline) throw new Error('the analysis worker never analysed the feedback');
        await owner.waitForTimeout(300);
        await owner.reload();
      }
      const ana = owner.getByRole('row').filter({ hasText: 'Where is my refund?' });
      expect(await text(ana)).toMatch(/Negative.*Compensation.*English.*Form.*Public/);
      expect(await text(ana)).toContain('Asked to hear back');
      const ben = owner.getByRole('row').filter({ hasText: 'I no longer trust you' });
      expect(await text(ben)).toMatch(/Negative.*Compensation/);
      expect(await text(ben)).not.toContain('Asked to hear back');

      // Not English: marked with its name, and the text carries its language for screen readers.
      const french = owner.getByRole('row').filter({ hasText: 'toujours pas' });
      expect(await text(french)).toContain('French');
      expect(await french.locator('p[lang="fr"]').count()).toBe(1);
      await expectAccessible(owner, 'feedback inbox');
    },
    STEP,
  );

  it(
    'should show typed markup as text, inert',
    async () => {
      const row = owner.getByRole('row').filter({ hasText: 'Your helpline never answered' });
      expect(await text(row)).toContain('<script>alert("inbox")</script><img src=x onerror=alert("img")>');
      expect(await owner.locator('.inbox-table img, .inbox-table script').count()).toBe(0);
      expect(dialogs).toEqual([]);
    },
    STEP,
  );

  it(
    'should filter by theme with the filter kept in the address',
    async () => {
      await owner
        .getByRole('search', { name: 'Filter feedback' })
        .getByLabel('Theme')
        .selectOption('Refunds');
      await owner.getByRole('button', { name: 'Apply' }).click();
      await owner.waitForURL(/[?&]theme=Refunds/);
      const table = owner.getByRole('table', { name: 'Feedback, newest first' });
      await table.getByRole('row').filter({ hasText: 'Where is my refund?' }).waitFor();
      expect(await table.getByRole('row').count()).toBe(3); // header, Ana, Ben
      // A shared address opens the same view.
      await owner.goto(owner.url());
      await table.getByRole('row').filter({ hasText: 'I no longer trust you' }).waitFor();
      expect(await table.getByRole('row').count()).toBe(3);

      await owner.goto(`${INCIDENT}/feedback`);
      await owner.getByRole('row').filter({ hasText: 'Where is my refund?' }).waitFor();
      await owner.evaluate('document.activeElement.blur(); window.scrollTo(0, 0)');
      mkdirSync(images, { recursive: true });
      await owner.screenshot({ path: `${images}console-inbox.png`, fullPage: true });
    },
    STEP,
  );

  it(
    'should chart each theme over time and link the theme to an action',
    async () => {
      await owner
        .getByRole('navigation', { name: 'Feedback views' })
        .getByRole('link', { name: 'Themes' })
        .click();
      const card = owner
        .getByRole('listitem')
        .filter({ has: owner.getByRole('heading', { name: 'Refunds' }) });
      expect(await text(card)).toMatch(/Items 2 Negative 100% 2 of 2/);
      expect(await card.getByRole('img').getAttribute('aria-labelledby')).toBeTruthy();
      // The chart is named by its summary (its <title>), and its counts are in a table too.
      expect(await card.locator('svg title').textContent()).toMatch(
        /^Refunds: 2 items from .* to .*; the most, 2, in the /,
      );
      await card.getByText('Counts by day').click();
      expect(await card.getByRole('table').getByRole('row').count()).toBe(32); // header and 31 days
      await expectAccessible(owner, 'themes view');
      await card.getByText('Counts by day').click();
      await owner.evaluate('document.activeElement.blur(); window.scrollTo(0, 0)');
      await owner.screenshot({ path: `${images}console-themes.png`, fullPage: true });

      await card.getByRole('button', { name: /^Link theme to action\s?: Refunds$/ }).click();
      const form = card.getByRole('form', { name: 'Link the theme “Refunds” to an action' });
      await form.getByLabel('Action').selectOption({ label: `${ACTION} (Planned)` });
      await expectAccessible(owner, 'linking a theme to an action');
      await form.getByRole('button', { name: 'Link “Refunds”' }).click();
      expect(await text(form.locator('.success'))).toContain(
        `Linked the theme “Refunds” to “${ACTION}”. Everyone who asked to hear back will get one message when it is done.`,
      );
    },
    STEP,
  );

  it(
    'should show who waits to hear back, and tell only the person who consented once the action is done',
    async () => {
      await owner.goto(`${INCIDENT}/actions`);
      const row = owner.getByRole('row').filter({ hasText: ACTION });
      await row.getByText(/waiting to hear back/).waitFor();
      expect(await text(row)).toContain('1 person waiting to hear back / 0 told');
      expect(await text(row)).toContain('Answers “Refunds”');
      await expectAccessible(owner, 'actions with loop status');

      await row.getByRole('button', { name: /^Mark done/ }).click();
      await row.getByText('Done', { exact: true }).waitFor();
      const deadline = Date.now() + 15_000;
      while (loopMails().length === 0) {
        if (Date.now() > deadline) throw new Error('no "you said, we did" message reached the SMTP server');
        await owner.waitForTimeout(200);
      }
      // Give a second message (there must be none) time to arrive.
      await owner.waitForTimeout(1_500);
      const mails = loopMails();
      expect(mails).toHaveLength(1);
      expect(JSON.stringify(mails[0]!.to)).toContain(CONSENTING.email);
      expect(mails[0]!.text).toContain(ACTION);
      expect(smtp.received.some((m) => JSON.stringify(m.to).includes(NOT_CONSENTING.email))).toBe(false);

      await owner.reload();
      const after = owner.getByRole('row').filter({ hasText: ACTION });
      await after.getByText(/waiting to hear back/).waitFor();
      expect(await text(after)).toContain('0 people waiting to hear back / 1 told');
    },
    STEP,
  );

  it(
    'should link chosen items to a finished action, and write to nobody who did not consent',
    async () => {
      await owner.goto(`${INCIDENT}/feedback`);
      await owner.getByRole('checkbox', { name: /^Select “Je n'ai toujours pas/ }).check();
      expect(await text(owner.getByText(/\d+\+? items · 1 selected/))).toContain('1 selected');
      const form = owner.getByRole('form', { name: 'Link to the action that answers it' });
      await form.getByLabel('Action').selectOption({ label: `${ACTION} (Done)` });
      await form.getByRole('button', { name: 'Link 1 selected item' }).click();
      expect(await text(form.locator('.success'))).toContain(
        `Linked 1 item to “${ACTION}”. It is already done: everyone who asked to hear back is being told now.`,
      );
      expect(await owner.getByRole('checkbox', { name: /^Select “Je n'ai/ }).isChecked()).toBe(false);
      await owner.waitForTimeout(1_500);
      expect(loopMails()).toHaveLength(1);
      await owner.goto(`${INCIDENT}/actions`);
      // The loop status arrives after the row: wait for it rather than read the row too early.
      const done = owner.getByRole('row').filter({ hasText: ACTION });
      await done.getByText(/Answers “Refunds”/).waitFor();
      expect(await text(done)).toContain('Answers “Refunds”, 1 item');
    },
    STEP,
  );
});
