import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../src/shared/enums.ts';
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
 * The console in the system Chromium, against the real app on a fresh SQLite file: the recovery
 * loop of issue #2 from sign-in to a commitment kept, then what roles with fewer permissions are
 * offered, with an axe-core check on every page. The recovery loop's tests run in order and share
 * one signed-in page, as a person would; each role signs in in a browser of its own.
 */

const INCIDENT = 'Checkout showed other customers’ saved cards';
const ROOT_CAUSE = 'Cache keys for checkout pages did not include the session';
const ACTION = 'Add the session to every checkout cache key, with a regression test';
const PROMISE = 'We will fix the checkout cache and publish how we tested it by the end of January.';

async function text(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return (await locator.first().innerText()).replace(/\s+/g, ' ');
}

/** The error shown for a field: the element its aria-describedby names first. */
async function fieldError(page: Page, field: Locator): Promise<string> {
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  return text(page.locator(`[id="${ids.split(' ')[0]}"]`));
}

function incidentTabs(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Incident sections' }).getByRole('link');
}

async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Incident sections' }).getByRole('link', { name });
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-current')).toBe('page');
}

/** Waits until `locator` holds the keyboard focus. */
async function expectFocused(locator: Locator): Promise<void> {
  await locator.and(locator.page().locator(':focus')).waitFor();
}

/** Waits until the console's live region has said something containing `words`. */
async function expectAnnounced(page: Page, words: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: words }).waitFor({ state: 'attached' });
}

/** The names of the buttons inside `scope`, so a failure says which control was offered. */
async function buttonsIn(scope: Locator): Promise<string[]> {
  return (await scope.getByRole('button').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

describe.skipIf(!chromiumAvailable())('the console in a browser', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A failing test leaves a screenshot in test-results/. */
  const screenshotOf = (page: Page, test: string) =>
    page
      .screenshot({
        path: `test-results/console-${test.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`,
        fullPage: true,
      })
      .catch(() => undefined);

  describe('the recovery loop, as an owner', () => {
    let page: Page;
    let errors: string[];
    let broken = false;

    beforeAll(async () => {
      const context = await newContext(browser, app.url);
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
      errors = watchErrors(page);
    });

    // Each step builds on the one before: after a failure, the rest are skipped rather than timing out.
    beforeEach(({ skip, onTestFailed, task }) => {
      if (broken) skip();
      onTestFailed(async () => {
        broken = true;
        await screenshotOf(page, task.name);
      });
    });

    afterEach(() => {
      // Uncaught exceptions and console errors (a CSP refusal among them) fail the step they happen in.
      expect(errors.splice(0)).toEqual([]);
    });

    it('should send a visitor to sign-in and say why a wrong password failed', async () => {
      await page.goto('/admin/orgs/paylode/incidents');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
      await expectAccessible(page, 'sign-in');

      await signIn(page, { email: 'alex@paylode.example', password: 'not the password' });
      expect(await text(page.getByRole('alert'))).toContain('the e-mail or password is not right');
      await expectAccessible(page, 'sign-in with an error');
    });

    it('should sign in and list the organization’s incidents', async () => {
      await signIn(page);
      await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/orgs/paylode/incidents');
      const row = page.getByRole('row').filter({ hasText: 'Employee records exposed' });
      expect(await text(row)).toContain('Overdue');
      await expectAccessible(page, 'incident list');
    });

    it('should show the API’s field error next to the field', async () => {
      await page.getByRole('button', { name: 'Declare incident' }).click();
      const form = page.getByRole('region', { name: 'Declare an incident' });
      await form.getByLabel('Title').fill('   ');
      await form.getByRole('button', { name: 'Declare incident' }).click();
      expect(await fieldError(page, form.getByLabel('Title'))).toContain('must not be empty');
      expect(await text(form.getByRole('alert'))).toContain('Title: must not be empty');
      await expectAccessible(page, 'declare form with field errors');
    });

    it('should declare an incident and open its workspace', async () => {
      const form = page.getByRole('region', { name: 'Declare an incident' });
      await form.getByLabel('Title').fill(INCIDENT);
      await form.getByLabel('Kind').selectOption({ label: 'Data breach' });
      await form.getByLabel('Severity').selectOption({ label: '4 · High' });
      await form.getByLabel('Summary').fill('For 20 minutes, a cached checkout page showed saved cards.');
      await form.getByRole('checkbox', { name: 'Customers' }).check();
      await form.getByRole('button', { name: 'Declare incident' }).click();

      await page.getByRole('heading', { level: 1, name: INCIDENT }).waitFor();
      expect(page.url()).toMatch(/\/admin\/orgs\/paylode\/incidents\/checkout-showed-other-customers/);
      const current = page.getByRole('list', { name: 'Recovery stages' }).locator('[aria-current="step"]');
      expect(await text(current)).toContain('Respond');
      await expectAccessible(page, 'incident overview');
    });

    it('should refuse to advance and list each unmet rule with its remedy', async () => {
      expect(await text(page.getByRole('heading', { name: /What is needed to advance/ }))).toContain(
        'Diagnose',
      );
      await page.getByRole('button', { name: 'Advance to Diagnose' }).click();
      const refusal = await text(page.getByRole('alert'));
      expect(refusal).toContain('GD-D1');
      expect(refusal).toContain('Set the incident’s investigation owner.');
      await expectAccessible(page, 'overview with a refused transition');
    });

    it('should not overwrite a change someone made meanwhile, and save once reloaded', async () => {
      const incidentUrl = page.url();
      await page.getByRole('button', { name: 'Edit facts' }).click();
      // The form replaces its button, so focus moves into it rather than to the page body.
      await expectFocused(page.getByLabel('Investigation owner'));
      await page.getByLabel('Investigation owner').fill('Dana Whit');

      // Maya changes the severity in her own browser while Alex's form is open.
      const maya = await (await newContext(browser, app.url)).newPage();
      await maya.goto(incidentUrl);
      await signIn(maya, { email: 'maya@paylode.example', password: 'amends-demo-2026' });
      await maya.getByRole('button', { name: 'Edit facts' }).click();
      await maya.getByLabel('Severity').selectOption({ label: '5 · Critical' });
      await maya.getByRole('button', { name: 'Save facts' }).click();
      await maya.getByRole('button', { name: 'Edit facts' }).waitFor();
      await maya.context().close();

      const facts = page.getByRole('region', { name: 'Facts' });
      await page.getByRole('button', { name: 'Save facts' }).click();
      expect(await text(facts.getByRole('alert'))).toContain('Someone changed this incident');
      await expectAccessible(page, 'facts form with a stale version');
      await page.getByRole('button', { name: 'Load the latest version' }).click();
      await expect.poll(() => page.getByLabel('Severity').inputValue()).toBe('5');
      await page.getByLabel('Investigation owner').fill('Dana Whit');
      await page.getByRole('button', { name: 'Save facts' }).click();

      await facts.getByText('Dana Whit').waitFor();
      await expectFocused(page.getByRole('button', { name: 'Edit facts' }));
      await expectAnnounced(page, 'Facts saved.');
      const readiness = await text(page.getByRole('region', { name: 'Stage' }));
      expect(readiness).not.toContain('No one is named as the owner');
      expect(readiness).toContain('has not been acknowledged');
    });

    it('should record a root cause with its five whys', async () => {
      await openTab(page, 'Root causes');
      await page.getByLabel('Description').fill(ROOT_CAUSE);
      await page.getByLabel('Component').selectOption({ label: 'Technology' });
      await page
        .getByRole('group', { name: /Trust dimensions implicated/ })
        .getByLabel('Ability')
        .check();
      await page.getByLabel('Why 1').fill('Customers saw other customers’ cards');
      await page.getByRole('button', { name: 'Add a why' }).click();
      await page.keyboard.type('The page was served from a shared cache'); // the new why has focus
      expect(await page.getByLabel('Why 2').inputValue()).toBe('The page was served from a shared cache');
      await page.getByRole('button', { name: 'Add root cause' }).click();

      const card = page.getByRole('listitem').filter({ hasText: ROOT_CAUSE });
      expect(await text(card)).toContain('Systemic');
      await expectAccessible(page, 'root causes');
    });

    it('should plan an action that addresses the root cause', async () => {
      await openTab(page, 'Actions');
      const form = page.getByRole('region', { name: 'Plan an action' });
      await form.getByLabel('Title').fill(ACTION);
      await form.getByLabel('Kind').selectOption({ label: 'Technology' });
      await form.getByLabel('Repair logic').selectOption({ label: 'Distrust regulation' });
      await form
        .getByRole('group', { name: /Trust dimensions it repairs/ })
        .getByLabel('Ability')
        .check();
      await form.getByRole('checkbox', { name: ROOT_CAUSE }).check();
      await form.getByLabel('Owner').fill('Dana Whit');
      await form.getByLabel('Due date').fill('2099-01-31');
      await form.getByLabel('How effectiveness will be checked').fill('A test that fails on a shared key');
      await form.getByRole('button', { name: 'Add action' }).click();

      const row = page.getByRole('row').filter({ hasText: ACTION });
      expect(await text(row)).toContain('Planned');
      expect(await text(row)).toContain('Distrust regulation');
      await expectAccessible(page, 'actions');
    });

    it('should register a commitment linked to that action', async () => {
      await openTab(page, 'Commitments');
      const form = page.getByRole('region', { name: 'Register a commitment' });
      await form.getByLabel('The promise, as it was made').fill(PROMISE);
      await form.getByLabel('Made to').selectOption({ label: 'Customers' });
      await form.getByLabel('Due date').fill('2099-01-31');
      await form.getByLabel('Owner').fill('Dana Whit');
      await form.getByLabel('How anyone can check it was kept').fill('Test report on the status page');
      await form.getByRole('checkbox', { name: ACTION }).check();
      await form.getByRole('button', { name: 'Register commitment' }).click();

      const card = page.getByRole('listitem', { name: `Commitment: ${PROMISE}` });
      expect(await text(card)).toContain('Open');
      expect(await text(card)).toContain(ACTION);
      await expectAccessible(page, 'commitments');
    });

    it('should keep the linked commitment when the action is completed', async () => {
      await openTab(page, 'Actions');
      const row = page.getByRole('row').filter({ hasText: ACTION });
      await row.getByRole('button', { name: /^Mark done/ }).click();
      await row.getByText('Done', { exact: true }).waitFor();
      await row.getByRole('button', { name: /^Verify/ }).waitFor();
      // The pressed button is gone: focus is on the action, and the change is said aloud.
      await expectFocused(row.getByText(ACTION, { exact: true }));
      await expectAnnounced(page, `Action “${ACTION}” is now done.`);

      await openTab(page, 'Commitments');
      const card = page.getByRole('listitem', { name: `Commitment: ${PROMISE}` });
      await card.getByText('Kept on time', { exact: true }).waitFor();
      const summary = page.getByRole('definition').filter({ hasText: 'due kept on time' });
      expect(await text(summary)).toContain('100%');
      await expectAccessible(page, 'commitments after the action was done');
    });

    it('should show who changed what in the audit trail', async () => {
      await openTab(page, 'Audit trail');
      const entry = page.getByRole('listitem').filter({ hasText: /^Action “Add the session.*” is now done/ });
      const status = entry.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Status' }) });
      expect(await text(status)).toMatch(/Status\s+Planned\s+Done/);
      expect(await text(entry)).toContain('alex@paylode.example');
      await page
        .getByRole('listitem')
        .filter({ hasText: 'is now kept on time' })
        .filter({ hasText: 'We will fix the checkout cache' })
        .waitFor();
      await expectAccessible(page, 'audit trail');

      await openTab(page, 'Overview');
      await page.getByRole('list').filter({ hasText: 'Incident declared' }).waitFor();
      await expectAccessible(page, 'overview with its timeline');
    });

    it('should render the demo incident’s busier pages accessibly', async () => {
      await page.goto('/admin/orgs/paylode/incidents/bucket-exposure/actions');
      const overdue = page.getByRole('row').filter({ hasText: 'Data classification policy' });
      expect(await text(overdue)).toContain('Overdue');
      await expectAccessible(page, 'demo actions');
      for (const tab of ['Commitments', 'Root causes', 'Audit trail']) {
        await openTab(page, tab);
        await expectAccessible(page, `demo ${tab.toLowerCase()}`);
      }
    });

    it('should let a member of several organizations choose one', async () => {
      const session = (await (await page.request.get('/api/v1/auth/session')).json()) as {
        csrfToken: string;
      };
      const created = await page.request.post('/api/v1/orgs', {
        data: { slug: 'northwind', name: 'Northwind' },
        headers: { 'x-csrf-token': session.csrfToken },
      });
      expect(created.status()).toBe(201);

      await page.goto('/admin/');
      await page.getByRole('heading', { name: 'Choose an organization' }).waitFor();
      await expectAccessible(page, 'organization picker');
      await page.getByRole('link', { name: 'Northwind' }).click();
      await page.getByText('No incidents yet').waitFor();
      expect(await text(page.getByRole('banner'))).toContain('Switch organization');
      await expectAccessible(page, 'empty incident list');
    });
  });

  describe('what a role is offered', () => {
    const BUCKET = '/admin/orgs/paylode/incidents/bucket-exposure';
    let current: { page: Page; errors: string[]; refused: string[] } | undefined;

    /**
     * A new member of Paylode with `role`, signed in in a browser of their own. Requests the API
     * refused are kept: the console should not ask for what the role will be refused.
     */
    async function signInAs(role: Role): Promise<Page> {
      const user = { email: `${role}.e2e@paylode.example`, password: `${role}-password-2026` };
      const system = { principal: { kind: 'system', label: 'test' } } as const;
      await app.services.accounts.addMember(system, 'paylode', { ...user, role });
      const context = await newContext(browser, app.url);
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('response', (r) => {
        if (r.status() === 403) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      current = { page, errors: watchErrors(page), refused };
      await page.goto('/admin/');
      await signIn(page, user);
      await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
      await page.getByRole('row').filter({ hasText: 'Employee records exposed' }).waitFor();
      return page;
    }

    beforeEach(({ onTestFailed, task }) => {
      onTestFailed(async () => {
        if (current) await screenshotOf(current.page, task.name);
      });
    });

    afterEach(async () => {
      const ended = current;
      current = undefined;
      await ended?.page.context().close();
      expect(ended?.errors).toEqual([]);
      expect(ended?.refused).toEqual([]);
    });

    it('should offer a viewer no write control and no audit trail', async () => {
      const page = await signInAs('viewer');
      expect(await text(page.getByRole('banner'))).toContain('Paylode (Viewer)');
      expect(await buttonsIn(page.getByRole('main'))).toEqual(['Apply']);
      await expectAccessible(page, 'incident list as a viewer');

      await page.goto(BUCKET);
      await page.getByRole('heading', { name: /What is needed to advance/ }).waitFor();
      expect(await incidentTabs(page).allInnerTexts()).toEqual([
        'Overview',
        'Root causes',
        'Actions',
        'Commitments',
        'Statements',
        'Leadership',
        'Feedback',
        'Measures',
        'Cases',
      ]);
      const panel = page.locator('.tab-panel');
      expect(await text(page.getByRole('region', { name: 'Timeline' }))).toContain(
        'your role does not include',
      );
      expect(await buttonsIn(panel)).toEqual([]);
      await expectAccessible(page, 'overview as a viewer');

      await openTab(page, 'Root causes');
      await page.getByText('No automated check alerted on publicly readable storage').waitFor();
      expect(await buttonsIn(panel)).toEqual([]);
      expect(await panel.locator('form').count()).toBe(0);
      await expectAccessible(page, 'root causes as a viewer');

      await openTab(page, 'Actions');
      await page.getByRole('row').filter({ hasText: 'Data classification policy' }).waitFor();
      expect(await buttonsIn(panel)).toEqual([]);
      expect(await panel.locator('form').count()).toBe(0);
      await expectAccessible(page, 'actions as a viewer');

      await openTab(page, 'Commitments');
      await page.getByRole('listitem', { name: /independent security audit/ }).waitFor();
      expect(await buttonsIn(panel)).toEqual([]);
      expect(await panel.locator('form').count()).toBe(0);
      await expectAccessible(page, 'commitments as a viewer');

      await openTab(page, 'Feedback');
      await page.getByRole('search', { name: 'Filter feedback' }).waitFor();
      // The demo's people have spoken: rows to read, none to select or link.
      await page.getByRole('table', { name: 'Feedback, newest first' }).getByRole('row').nth(1).waitFor();
      expect((await buttonsIn(panel)).filter((b) => b !== 'Show more feedback')).toEqual(['Apply']);
      expect(await panel.getByRole('checkbox').count()).toBe(0);
      await expectAccessible(page, 'feedback inbox as a viewer');

      // At its address, the audit trail says why it is not there instead of failing.
      await page.goto(`${BUCKET}/audit`);
      expect(await text(page.locator('.tab-panel'))).toContain('does not include the audit trail');
      await expectAccessible(page, 'audit trail address as a viewer');
    });

    it('should let a communicator register commitments but not change actions', async () => {
      const page = await signInAs('communicator');
      expect(await buttonsIn(page.getByRole('main'))).toEqual(['Apply']);
      await expectAccessible(page, 'incident list as a communicator');

      await page.goto(`${BUCKET}/actions`);
      const row = page.getByRole('row').filter({ hasText: 'Data classification policy' });
      await row.waitFor();
      expect(await buttonsIn(page.getByRole('table'))).toEqual([]);
      expect(await page.getByRole('region', { name: 'Plan an action' }).count()).toBe(0);
      expect(await incidentTabs(page).allInnerTexts()).not.toContain('Audit trail');
      await expectAccessible(page, 'actions as a communicator');

      await openTab(page, 'Commitments');
      const promise = 'We will publish the data policy in our trust centre.';
      const form = page.getByRole('region', { name: 'Register a commitment' });
      await form.getByLabel('The promise, as it was made').fill(promise);
      await form.getByLabel('Made to').selectOption({ label: 'Employees' });
      await form.getByRole('button', { name: 'Register commitment' }).click();
      const card = page.getByRole('listitem', { name: `Commitment: ${promise}` });
      expect(await text(card)).toContain('Open');
      await expectAnnounced(page, 'Commitment registered.');
      expect(await card.getByRole('button', { name: /^Renegotiate due date/ }).count()).toBe(1);
      await expectAccessible(page, 'commitments as a communicator');

      await openTab(page, 'Overview');
      await page.getByRole('heading', { name: /What is needed to advance/ }).waitFor();
      expect(await buttonsIn(page.locator('.tab-panel'))).toEqual([]);
      await expectAccessible(page, 'overview as a communicator');
    });
  });
});
