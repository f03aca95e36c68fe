import type { Browser, Locator, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../src/jobs/delivery.worker.ts';
import type { Role } from '../src/shared/enums.ts';
import { startSmtp, startWebhookReceiver } from '../test/mail.ts';
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
 * A statement from draft to inbox, in the system Chromium against the real app: a communicator
 * drafts an update while the checker reads along, a leader approves it in a browser of their own,
 * the communicator publishes it past the checker with a reason; the public page shows it to a
 * visitor who subscribes by e-mail (a real SMTP server) while a webhook receives it signed; an
 * edit becomes version 2 and a retraction leaves its notice. Then what the public side must never
 * do: show an audience page without its key, or run a script someone typed.
 */

const INCIDENT = '/admin/orgs/paylode/incidents/bucket-exposure';
const PUBLIC_PAGE = '/paylode/incidents/bucket-exposure';
const TITLE = 'What we know about the exposed payroll exports';
const BODY = [
  'Mistakes were made. A storage bucket with payroll exports was readable from the internet for 11 days.',
  '',
  'We are sorry. We closed the bucket on 26 October and we are telling every affected employee.',
].join('\n');
const BODY_2 = [
  'We left a storage bucket with payroll exports readable from the internet for 11 days.',
  '',
  'We are sorry. We closed the bucket on 26 October and we are telling every affected employee.',
].join('\n');
const READER = 'reader@example.test';
const SYSTEM = { principal: { kind: 'system', label: 'e2e' } } as const;

async function text(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return (await locator.first().innerText()).replace(/\s+/g, ' ');
}

async function expectAnnounced(page: Page, words: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: words }).waitFor({ state: 'attached' });
}

/** Public pages are cached for half a second: reload until `words` show. */
async function openUntil(page: Page, path: string, words: string): Promise<void> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    await page.goto(path);
    if ((await page.getByText(words, { exact: false }).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${path} never showed “${words}”`);
    await page.waitForTimeout(250);
  }
}

describe.skipIf(!chromiumAvailable())('statements in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let worker: DeliveryWorker;
  let webhookSecret: string;
  const pages: { page: Page; errors: string[] }[] = [];

  /** Sends everything due: confirmations, publications, retractions. */
  async function drain(): Promise<void> {
    while ((await worker.runOnce()) > 0) {
      /* until nothing is due */
    }
  }

  /** A new member of Paylode with `role`, signed in at `path` in a browser of their own. */
  async function signedIn(role: Role, path: string, name: string = role): Promise<Page> {
    const user = { email: `${name}.statements@paylode.example`, password: `${role}-password-2026` };
    await app.services.accounts.addMember(SYSTEM, 'paylode', { ...user, name: `${role} e2e`, role });
    return signedInAs(user, path);
  }

  async function signedInAs(user: { email: string; password: string }, path: string): Promise<Page> {
    const page = await fresh();
    await page.goto(path);
    await signIn(page, user);
    return page;
  }

  /** A page in a browser of its own, signed out, whose errors fail the step they happen in. */
  async function fresh(): Promise<Page> {
    const context = await newContext(browser, app.url);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    pages.push({ page, errors: watchErrors(page) });
    return page;
  }

  beforeAll(async () => {
    await ensureConsoleBuilt();
    [smtp, hooks, browser] = await Promise.all([startSmtp(), startWebhookReceiver(), launchBrowser()]);
    app = await startApp({ smtpUrl: smtp.url, webhookAllowPrivate: true });
    worker = new DeliveryWorker(app.services, app.config);
    ({ secret: webhookSecret } = await app.services.subscriptions.createWebhook(SYSTEM, 'paylode', {
      url: hooks.url,
    }));
  });

  afterAll(async () => {
    await worker?.stop();
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await hooks?.close();
  });

  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      for (const [i, { page }] of pages.entries()) {
        await page
          .screenshot({
            path: `test-results/statements-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}-${i}.png`,
            fullPage: true,
          })
          .catch(() => undefined);
      }
    });
  });

  afterEach(() => {
    expect(pages.flatMap((p) => p.errors.splice(0))).toEqual([]);
  });

  describe('from draft to inbox', () => {
    // Each step builds on the one before: after a failure, the rest are skipped rather than timing out.
    let broken = false;
    beforeEach(({ skip, onTestFailed }) => {
      if (broken) skip();
      onTestFailed(() => {
        broken = true;
      });
    });
    let comms: Page;
    let leader: Page;
    let visitor: Page;
    let statementUrl: string;

    it('should check the draft as the communicator writes, and mark the agentless passive', async () => {
      comms = await signedIn('communicator', `${INCIDENT}/statements`);
      await comms.getByRole('heading', { name: 'Statements', level: 2 }).waitFor();
      await expectAccessible(comms, 'statements tab');
      await comms.getByRole('link', { name: 'New statement' }).click();

      const form = comms.getByRole('form', { name: 'Statement' });
      await form.getByLabel('Title').fill(TITLE);
      await form.getByLabel('Kind').selectOption({ label: 'Update' });
      expect(await form.getByRole('checkbox', { name: 'Public' }).isChecked()).toBe(true);
      await form.getByRole('checkbox', { name: 'Employees' }).check();
      await form.getByLabel('Text').fill(BODY);

      const findings = comms.getByRole('list', { name: 'Checker findings' });
      const passive = findings.getByRole('listitem').filter({ hasText: 'LANG-N1' });
      expect(await text(passive)).toContain('LANG-N1 were made');
      expect(await text(passive)).toMatch(/High.*Suggestion: Say who did it/);
      const marked = comms.getByRole('region', { name: 'Findings in the text' });
      expect(await text(marked.locator('mark[data-rules~="LANG-N1"]'))).toBe('were made');
      expect(await text(comms.getByRole('region', { name: 'Checker' }))).toMatch(
        /Apology Completeness \d+%.*Readability Grade [\d.]+ for Public \(target 8 or lower\)/,
      );
      await expectAccessible(comms, 'statement editor with findings');

      // A finding points at its words in the editor.
      await passive.getByRole('button', { name: /^Show in the text/ }).click();
      expect(
        await form
          .getByLabel('Text')
          .evaluate((t: { value: string; selectionStart: number; selectionEnd: number }) =>
            t.value.slice(t.selectionStart, t.selectionEnd),
          ),
      ).toBe('were made');
    });

    it('should save the draft and send it for review, which its author cannot give', async () => {
      await comms.getByRole('button', { name: 'Save draft' }).click();
      await comms.getByRole('heading', { level: 2, name: TITLE }).waitFor();
      await expectAnnounced(comms, 'Draft saved as version 1.');
      statementUrl = new URL(comms.url()).pathname;
      expect(statementUrl).toMatch(/\/statements\/[\w-]+$/);

      const workflow = comms.getByRole('region', { name: 'Review and publication' });
      await workflow.getByRole('button', { name: 'Submit for review' }).click();
      await expectAnnounced(comms, 'Version 1 is in review.');
      expect(await text(workflow)).toContain('You wrote this version: another person reviews it.');
      expect(await workflow.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      await expectAccessible(comms, 'statement in review, as its author');
    });

    it('should let a leader approve it in a browser of their own', async () => {
      leader = await signedIn('leader', statementUrl);
      const review = leader.getByRole('form', { name: 'Review this version' });
      await review.getByLabel('Comment').fill('Good to go once the passive is fixed.');
      await expectAccessible(leader, 'statement in review, as a reviewer');
      await review.getByRole('button', { name: 'Approve' }).click();
      await expectAnnounced(leader, 'You approved version 1; it is now approved.');
      const reviews = leader.getByRole('region', { name: 'Versions' });
      expect(await text(reviews)).toMatch(/Approved leader e2e \(Leader\), version 1, .* Good to go/);
    });

    it('should refuse to publish past the checker without a reason, then publish with one', async () => {
      await comms.reload();
      const workflow = comms.getByRole('region', { name: 'Review and publication' });
      await workflow.getByRole('button', { name: 'Publish now' }).click();
      const blocked = workflow.getByRole('alert');
      expect(await text(blocked)).toContain('The checker blocks publication');
      expect(await text(blocked.getByRole('list', { name: 'Blocking findings' }))).toContain('LANG-N1');
      await expectAccessible(comms, 'publication blocked by the checker');

      const override = workflow.getByRole('form', { name: 'Publish with override' });
      await override
        .getByLabel('Why publish despite these findings?')
        .fill('Counsel asked for this wording today');
      await override.getByRole('button', { name: 'Publish with override' }).click();
      await expectAnnounced(comms, 'Version 1 is published.');
      expect(await text(comms.getByRole('region', { name: 'Versions' }))).toContain(
        'Published despite the checker: Counsel asked for this wording today',
      );
    });

    it('should show the update on the public page to anyone, accessibly', async () => {
      visitor = await fresh();
      await openUntil(visitor, PUBLIC_PAGE, TITLE);
      const update = visitor.getByRole('article').filter({ hasText: TITLE });
      expect(await text(update)).toContain('Mistakes were made. A storage bucket');
      await expectAccessible(visitor, 'public incident page');
      // The workspace links to it.
      await comms.goto(INCIDENT);
      expect(await comms.getByRole('link', { name: 'Public page' }).getAttribute('href')).toBe(PUBLIC_PAGE);
      // Beside it, the advisor's recommendation and its reasons.
      const advice = comms.getByRole('region', { name: 'Recommended response' });
      expect(await text(advice)).toContain('Rebuild: apologize and repair SCCT-A5');
      await advice.getByText('Why this recommendation?').click();
      expect(await text(advice.getByRole('listitem').filter({ hasText: 'SCCT-A5' }))).toContain(
        'Coombs 2007',
      );
      await expectAccessible(comms, 'overview with the advisor’s reasons');
    });

    it('should deliver the publication to a signed webhook', async () => {
      await drain();
      const call = hooks.calls.find((c) => c.body.includes(TITLE));
      expect(call).toBeDefined();
      const event = new Webhook(webhookSecret).verify(call!.body, call!.headers) as {
        type: string;
        statement: { version: number };
      };
      expect(event).toMatchObject({ type: 'statement.published', statement: { version: 1 } });
      expect(() =>
        new Webhook(webhookSecret).verify(call!.body.replace('payroll', 'PAYROLL'), call!.headers),
      ).toThrow();

      // The proof of notification, for roles that read the audit trail.
      await leader.reload();
      const proof = leader.getByRole('link', { name: /^Proof of notification/ });
      const csv = await (await leader.request.get((await proof.getAttribute('href'))!)).text();
      expect(csv.split('\r\n')[0]).toMatch(/^delivery,version,channel,recipient,status/);
      expect(csv).toMatch(/"webhook","[^"]*\/hooks\/amends","sent"/);
    });

    it('should subscribe a reader by the public form and confirm by the e-mailed link', async () => {
      await visitor.goto(PUBLIC_PAGE);
      const subscribe = visitor.getByRole('region', { name: 'Get updates by e-mail' });
      await subscribe.getByLabel('E-mail address').fill(READER);
      await subscribe.getByRole('button', { name: 'Subscribe' }).click();
      await visitor.getByText('Check your inbox').waitFor();
      await expectAccessible(visitor, 'subscription sent');

      await drain();
      const confirmation = smtp.received.find((m) => JSON.stringify(m.to).includes(READER));
      expect(confirmation?.subject).toMatch(/Confirm your subscription/);
      const link = /https?:\/\/\S+\/subscriptions\/[\w-]+\/confirm\?token=[\w-]+/.exec(
        confirmation!.text!,
      )![0];
      const { pathname, search } = new URL(link);
      await visitor.goto(pathname + search);
      await visitor.getByText('You are subscribed').waitFor();
      await expectAccessible(visitor, 'subscription confirmed');
    });

    it('should gate the employees page behind its secret link', async () => {
      const page = `${PUBLIC_PAGE}/for/employees`;
      const anonymous = await visitor.goto(page);
      expect(anonymous?.status()).toBe(404);
      await expectAccessible(visitor, 'audience page without its key');

      await comms.goto(`${INCIDENT}/statements`);
      const links = comms.getByRole('form', { name: 'Make an audience link' });
      await links.getByLabel('Audience').selectOption({ label: 'Employees' });
      await links.getByRole('button', { name: 'Make a new link' }).click();
      const first = await comms.getByLabel('Link for employees', { exact: true }).inputValue();
      expect(first).toContain(`${page}?key=`);
      await expectAccessible(comms, 'statements tab with a new audience link');

      const withKey = await visitor.goto(new URL(first).pathname + new URL(first).search);
      expect(withKey?.status()).toBe(200);
      await visitor.getByRole('article').filter({ hasText: TITLE }).waitFor();
      await expectAccessible(visitor, 'audience page with its key');

      // A new link stops the old one working.
      await links.getByRole('button', { name: 'Make a new link' }).click();
      await expect
        .poll(() => comms.getByLabel('Link for employees', { exact: true }).inputValue())
        .not.toBe(first);
      expect((await visitor.goto(new URL(first).pathname + new URL(first).search))?.status()).toBe(404);
    });

    it('should make an edit a new version that the public sees once published, and e-mail it', async () => {
      await comms.goto(statementUrl);
      const form = comms.getByRole('form', { name: 'Statement' });
      await form.getByLabel('Text').fill(BODY_2);
      // The marked copy shows the text last checked: once it is the new text, so are the findings.
      const marked = comms.getByRole('region', { name: 'Findings in the text' });
      await expect.poll(() => marked.innerText()).toContain('We left a storage bucket');
      expect(await marked.locator('mark[data-rules~="LANG-N1"]').count()).toBe(0);
      await form.getByRole('button', { name: 'Save as a new version' }).click();
      await expectAnnounced(comms, 'Saved as version 2, a draft.');
      expect(await text(comms.locator('.statement-page .card-meta'))).toContain(
        'Updated: version 2 not yet public',
      );
      await comms.getByRole('button', { name: 'Submit for review' }).click();
      await expectAnnounced(comms, 'Version 2 is in review.');

      await leader.reload();
      await leader
        .getByRole('form', { name: 'Review this version' })
        .getByRole('button', { name: 'Approve' })
        .click();
      await expectAnnounced(leader, 'You approved version 2');

      await comms.reload();
      await comms.getByRole('button', { name: 'Publish now' }).click();
      const override = comms.getByRole('form', { name: 'Publish with override' });
      const published = comms.getByRole('status').filter({ hasText: 'Version 2 is published.' });
      await Promise.race([override.waitFor(), published.waitFor({ state: 'attached' })]);
      if (await override.isVisible()) {
        await override.getByLabel('Why publish despite these findings?').fill('Reviewed again by counsel');
        await override.getByRole('button', { name: 'Publish with override' }).click();
      }
      await published.waitFor({ state: 'attached' });

      await openUntil(visitor, PUBLIC_PAGE, 'Updated — version 2');
      const update = visitor.getByRole('article').filter({ hasText: TITLE });
      expect(await text(update)).toContain('We left a storage bucket');
      await expectAccessible(visitor, 'public page with version 2');

      await drain();
      const mail = smtp.received.find(
        (m) => JSON.stringify(m.to).includes(READER) && m.subject?.includes(TITLE),
      );
      expect(mail?.text).toContain('We left a storage bucket');
      const second = hooks.calls.filter((c) => c.body.includes(TITLE)).at(-1)!;
      expect(new Webhook(webhookSecret).verify(second.body, second.headers)).toMatchObject({
        statement: { version: 2 },
      });
    });

    it('should retract it, leaving the notice and its reason on the public page', async () => {
      const workflow = comms.getByRole('region', { name: 'Review and publication' });
      await workflow.getByRole('button', { name: 'Retract' }).click();
      const form = workflow.getByRole('form', { name: 'Retract the statement' });
      await form.getByLabel('Reason').fill('It gave the wrong closing date');
      await expectAccessible(comms, 'retraction form');
      await form.getByRole('button', { name: 'Retract statement' }).click();
      await expectAnnounced(comms, 'The statement is retracted');
      expect(await text(workflow)).toContain('It gave the wrong closing date');

      await openUntil(visitor, PUBLIC_PAGE, 'It gave the wrong closing date');
      const notice = visitor.getByRole('article').filter({ hasText: TITLE }).getByRole('note');
      expect(await text(notice)).toMatch(/Retracted .*: It gave the wrong closing date/);
      await expectAccessible(visitor, 'public page with a retraction');

      await drain();
      expect(smtp.received.some((m) => m.subject === `Retracted: ${TITLE}`)).toBe(true);
    });
  });

  /** The demo's owner, signed in once for the steps that need no other role. */
  let ownerPage: Page | undefined;
  async function ownerAt(path: string): Promise<Page> {
    if (!ownerPage) {
      ownerPage = await signedInAs({ email: 'alex@paylode.example', password: 'amends-demo-2026' }, path);
    } else {
      await ownerPage.goto(path);
    }
    return ownerPage;
  }

  describe('the record behind the words, leadership and settings', () => {
    it('should register a promise as a commitment and link a claim to its action', async () => {
      const owner = await ownerAt(`${INCIDENT}/statements/new`);
      const form = owner.getByRole('form', { name: 'Statement' });
      await form.getByLabel('Title').fill('Keys and audit');
      await form
        .getByLabel('Text')
        .fill(
          'We blocked public access on every storage bucket. We will publish the audit report by 30 June.',
        );
      const findings = owner.getByRole('list', { name: 'Checker findings' });
      const promise = findings.getByRole('listitem').filter({ hasText: 'TRUTH-PROMISE' });
      await promise.getByRole('button', { name: 'Register a commitment' }).click();
      const register = promise.getByRole('form', { name: 'Register the promise' });
      expect(await register.getByLabel('The promise').inputValue()).toContain(
        'We will publish the audit report',
      );
      expect(await register.getByLabel('Due date').inputValue()).toMatch(/^\d{4}-06-30$/);
      await register.getByLabel('Owner').fill('Dana Whit');
      await expectAccessible(owner, 'register a promised commitment');
      await register.getByRole('button', { name: 'Register and link' }).click();
      await expectAnnounced(owner, 'Commitment registered and linked to the passage.');
      await promise.waitFor({ state: 'detached' });

      const claim = findings.getByRole('listitem').filter({ hasText: 'TRUTH-UNLINKED' });
      await claim.getByRole('button', { name: 'Link to an action' }).click();
      const link = claim.getByRole('form', { name: 'Link the claim to an action' });
      await link
        .getByLabel('Action that backs it')
        .selectOption({ label: 'Block public access on every storage bucket (Verified)' });
      await link.getByRole('button', { name: 'Link passage' }).click();
      await claim.waitFor({ state: 'detached' });

      const linked = owner.getByRole('region', { name: 'Passages linked to the record' });
      expect(await text(linked)).toContain(
        'Commitment “We will publish the audit report by 30 June.” (open)',
      );
      expect(await text(linked)).toContain('Action “Block public access on every storage bucket” (verified)');
      await owner.getByRole('button', { name: 'Save draft' }).click();
      await owner.getByRole('heading', { level: 2, name: 'Keys and audit' }).waitFor();
      // Saved with the statement: the page it moved to shows them once it has read the record.
      await expect.poll(() => linked.innerText()).toContain('Block public access on every storage bucket');
    });

    it('should log a leadership activity', async () => {
      const owner = await ownerAt(`${INCIDENT}/leadership`);
      const form = owner.getByRole('region', { name: 'Log a leadership activity' });
      await form.getByLabel('Kind').selectOption({ label: 'Customer call' });
      await form.getByLabel('Leader').fill('Sam Okafor');
      await form.getByLabel('Audience').selectOption({ label: 'Customers' });
      await form.getByLabel('When').fill('2026-11-02T10:00');
      await form.getByLabel('What was said and done').fill('Called the ten largest clients to apologize.');
      await form.getByRole('button', { name: 'Log activity' }).click();
      const card = owner.getByRole('listitem', { name: 'Customer call by Sam Okafor' });
      expect(await text(card)).toContain('Internal');
      await card.getByRole('button', { name: /^Show on the public page/ }).click();
      await card.getByText('Public', { exact: true }).waitFor();
      await expectAccessible(owner, 'leadership log');
    });

    it('should set the approval policy and add a webhook whose secret shows once', async () => {
      const owner = await ownerAt('/admin/orgs/paylode/incidents');
      await owner
        .getByRole('navigation', { name: 'Organization' })
        .getByRole('link', { name: 'Settings' })
        .click();
      const policy = owner.getByRole('form', { name: 'Approval policy' });
      await policy.getByLabel('Approvals needed').selectOption('2');
      await policy.getByRole('checkbox', { name: 'Communicator' }).check();
      await policy.getByRole('button', { name: 'Save approval policy' }).click();
      await expectAnnounced(owner, 'Approval policy saved.');
      const saved = await app.services.accounts.settings(SYSTEM, 'paylode');
      expect(saved).toMatchObject({ statements: { requiredApprovals: 2 } });
      // Put it back: other steps expect one approval.
      await app.services.accounts.updateSettings(SYSTEM, 'paylode', {
        statements: { requiredApprovals: 1, approverRoles: ['owner', 'admin', 'leader'] },
      });

      const add = owner.getByRole('form', { name: 'Add a webhook' });
      await add.getByLabel('Address').fill('not a url');
      await add.getByRole('button', { name: 'Add webhook' }).click();
      expect(await text(add.getByRole('alert'))).toContain('Address: must be an http(s) URL');
      await add.getByLabel('Address').fill(`${hooks.url}/settings`);
      await add.getByRole('button', { name: 'Add webhook' }).click();
      await expectAnnounced(owner, 'Copy its signing secret now');
      expect(await owner.getByLabel('Signing secret', { exact: true }).inputValue()).toMatch(/^whsec_/);
      await expectAccessible(owner, 'settings with a new webhook');
      const row = owner.getByRole('row').filter({ hasText: `${hooks.url}/settings` });
      await row.getByRole('button', { name: /^Remove/ }).click();
      await row.waitFor({ state: 'detached' });
    });

    it('should show a viewer statements without a control to change them', async () => {
      const viewer = await signedIn('viewer', `${INCIDENT}/statements`);
      // The demo's statements are there whatever the steps above did.
      const first = viewer.getByRole('table').getByRole('rowheader').first().getByRole('link');
      const title = await text(first);
      expect(await viewer.getByRole('link', { name: 'New statement' }).count()).toBe(0);
      await first.click();
      await viewer.getByRole('heading', { level: 2, name: title }).waitFor();
      expect(await viewer.getByRole('form', { name: 'Statement' }).getByLabel('Title').isDisabled()).toBe(
        true,
      );
      // Reading the checker's findings is not a change: pointing at their words is all it offers.
      const buttons = await viewer.locator('.tab-panel').getByRole('button').allInnerTexts();
      expect(buttons.filter((b) => !b.startsWith('Show in the text'))).toEqual([]);
      expect(
        await viewer.getByRole('navigation', { name: 'Organization' }).getByRole('link').allInnerTexts(),
      ).toEqual(['Incidents', 'Feedback', 'Measures', 'Mentions', 'Cases', 'Surveys']);
      await expectAccessible(viewer, 'statement as a viewer');
    });
  });

  describe('text that looks like code', () => {
    const XSS_TITLE = '<script>alert("title")</script> Our update';
    const XSS_IMG = '<img src=x onerror="alert(\'body\')">';
    const XSS_ACTION = '<svg onload=alert("action")> Lock the bucket';
    const XSS_BODY = [
      `We exposed payroll exports. ${XSS_IMG}`,
      '',
      '[Read more](javascript:alert("link")) and <script>alert("body")</script>',
    ].join('\n');

    it('should stay inert in the console and on the public page', async () => {
      const dialogs: string[] = [];
      const owner = await ownerAt(`${INCIDENT}/actions`);
      owner.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const plan = owner.getByRole('region', { name: 'Plan an action' });
      await plan.getByLabel('Title').fill(XSS_ACTION);
      await plan.getByLabel('Kind').selectOption({ label: 'Technology' });
      await plan.getByLabel('Repair logic').selectOption({ label: 'Distrust regulation' });
      await plan.getByRole('button', { name: 'Add action' }).click();
      await owner.getByRole('row').filter({ hasText: XSS_ACTION }).waitFor();

      await owner.goto(`${INCIDENT}/statements/new`);
      const form = owner.getByRole('form', { name: 'Statement' });
      await form.getByLabel('Title').fill(XSS_TITLE);
      await form.getByLabel('Text').fill(XSS_BODY);
      const preview = owner.getByRole('region', { name: 'Preview' });
      expect(await text(preview)).toContain(XSS_IMG);
      expect(await preview.locator('img, script, a[href^="javascript"]').count()).toBe(0);
      await form.getByRole('button', { name: 'Save draft' }).click();
      await owner.getByRole('heading', { level: 2, name: XSS_TITLE }).waitFor();
      await owner.getByRole('button', { name: 'Submit for review' }).click();
      await expectAnnounced(owner, 'Version 1 is in review.');

      const leader = await signedIn('leader', new URL(owner.url()).pathname, 'second-leader');
      await leader
        .getByRole('form', { name: 'Review this version' })
        .getByRole('button', { name: 'Approve' })
        .click();
      await expectAnnounced(leader, 'You approved version 1');

      await owner.reload();
      await owner.getByRole('button', { name: 'Publish now' }).click();
      const override = owner.getByRole('form', { name: 'Publish with override' });
      const published = owner.getByRole('status').filter({ hasText: 'Version 1 is published.' });
      await Promise.race([override.waitFor(), published.waitFor({ state: 'attached' })]);
      if (await override.isVisible()) {
        await override
          .getByLabel('Why publish despite these findings?')
          .fill('Testing what the page escapes');
        await override.getByRole('button', { name: 'Publish with override' }).click();
      }
      await published.waitFor({ state: 'attached' });

      const visitor = await fresh();
      visitor.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await openUntil(visitor, PUBLIC_PAGE, XSS_TITLE);
      await visitor.getByRole('heading', { name: XSS_TITLE }).waitFor();
      const update = visitor.getByRole('article').filter({ hasText: XSS_TITLE });
      expect(await text(update)).toContain(XSS_IMG);
      expect(await text(update)).toContain('<script>alert("body")</script>');
      await visitor.getByRole('heading', { name: XSS_ACTION }).waitFor();
      expect(await visitor.locator('main img, main svg, main script').count()).toBe(0);
      expect(await visitor.locator('a[href^="javascript"]').count()).toBe(0);
      await expectAccessible(visitor, 'public page with code-like text');
      expect(dialogs).toEqual([]);
    });
  });
});
