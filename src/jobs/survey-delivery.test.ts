import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { startSmtp } from '../../test/mail.ts';
import { SYSTEM, makeOrg } from '../../test/factories.ts';
import { DeliveryWorker } from './delivery.worker.ts';

describe.each(await dialects())('survey invitations and reminders by e-mail on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let worker: DeliveryWorker;
  let now = Date.parse('2029-05-01T08:00:00.000Z');

  beforeAll(async () => {
    db = await createTestDb(dialect);
    smtp = await startSmtp();
    const config = testConfig({ smtpUrl: smtp.url, publicUrl: 'https://trust.example.test' });
    s = createServices(config, db.conn, () => new Date(now));
    worker = new DeliveryWorker(s, config);
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp?.close();
    await db?.drop();
  });

  const drain = async () => {
    while ((await worker.runOnce()) > 0) {
      /* send everything due */
    }
  };
  const to = (m: (typeof smtp.received)[number]) => JSON.stringify(m.to);
  const linkIn = (text: string) => /https:\/\/trust\.example\.test(\/s\/[A-Za-z0-9_.-]+)/.exec(text)![1]!;

  it('should e-mail personal links, then remind only those who have not answered, once per step', async () => {
    const org = (await makeOrg(s)).slug;
    const survey = (
      await s.surveys.createSurvey(SYSTEM, org, {
        title: 'How are we doing <now>?',
        instrument: 'amends-trust',
        audience: 'customers',
        wave: 'post_response',
        closesAt: '2029-06-01T00:00:00Z',
        reminderHours: [48, 120],
      })
    ).record;
    await s.surveys.addRecipients(SYSTEM, org, survey.id, [
      { email: 'ana@example.test' },
      { email: 'ben@example.test' },
      { email: 'cy@example.test' },
    ]);
    await s.surveys.move(SYSTEM, org, survey.id, 'open');
    expect(await s.surveys.invite(SYSTEM, org, survey.id)).toEqual({ queued: 3 });
    expect(await s.surveys.invite(SYSTEM, org, survey.id)).toEqual({ queued: 0 });
    await drain();
    const invites = smtp.received.filter((m) => m.subject?.includes('asks for your view'));
    expect(invites).toHaveLength(3);
    expect(invites[0]!.subject).toContain('How are we doing <now>?');
    expect(invites[0]!.html).toContain('How are we doing &#60;now&#62;?');
    const links = Object.fromEntries(invites.map((m) => [to(m).match(/(\w+)@/)![1]!, linkIn(m.text!)]));
    expect(new Set(Object.values(links)).size).toBe(3);

    // Ana answers through her link.
    const token = links.ana!.slice(3);
    const form = await s.surveys.form(token);
    const answers = Object.fromEntries(
      form.questions.filter((q) => q.required).map((q) => [q.id, q.type === 'nps' ? 8 : 5]),
    );
    await s.surveys.submit(token, answers);

    // Nothing is due before the first step.
    now += 47 * 3_600_000;
    expect(await s.surveys.remind(SYSTEM, org, survey.id)).toEqual({ queued: 0 });
    now += 2 * 3_600_000;
    // The worker's own pass queues the first step; a manual call right after finds nothing new.
    await drain();
    expect(await s.surveys.remind(SYSTEM, org, survey.id)).toEqual({ queued: 0 });
    let reminders = smtp.received.filter((m) => m.subject?.startsWith('Reminder:'));
    expect(reminders.map(to).sort()).toEqual([
      expect.stringContaining('ben@example.test'),
      expect.stringContaining('cy@example.test'),
    ]);
    expect(linkIn(reminders.find((m) => to(m).includes('ben'))!.text!)).toBe(links.ben);

    // Ben answers; the second step reaches only Cy.
    await s.surveys.submit(links.ben!.slice(3), answers);
    now += 72 * 3_600_000;
    expect(await s.surveys.remind(SYSTEM, org, survey.id)).toEqual({ queued: 1 });
    await drain();
    reminders = smtp.received.filter((m) => m.subject?.startsWith('Reminder:'));
    expect(reminders).toHaveLength(3);
    expect(to(reminders[2]!)).toContain('cy@example.test');
    expect(await s.surveys.remind(SYSTEM, org, survey.id)).toEqual({ queued: 0 });

    const sent = await s.store.deliveries.countBySource(
      (await s.store.accounts.findOrganizationBySlug(org))!.id,
      'survey_reminder',
      (
        await s.store.db
          .selectFrom('survey_recipients')
          .select('id')
          .where('email', '=', 'cy@example.test')
          .where('survey_id', '=', survey.id)
          .executeTakeFirstOrThrow()
      ).id,
    );
    expect(sent).toEqual({ sent: 2 });
  });

  it('should cancel a queued reminder when the person answers before it goes out, and say anonymous waves are anonymous', async () => {
    const org = (await makeOrg(s)).slug;
    const survey = (
      await s.surveys.createSurvey(SYSTEM, org, {
        title: 'Team pulse',
        instrument: 'amends-trust',
        audience: 'employees',
        wave: 'tracking',
        anonymous: true,
        reminderHours: [24],
      })
    ).record;
    await s.surveys.addRecipients(SYSTEM, org, survey.id, [{ email: 'dee@example.test' }]);
    await s.surveys.move(SYSTEM, org, survey.id, 'open');
    await s.surveys.invite(SYSTEM, org, survey.id);
    await drain();
    const invite = smtp.received.find((m) => m.subject?.includes('Team pulse'))!;
    expect(invite.text).toContain('Your answers are anonymous');
    now += 25 * 3_600_000;
    expect(await s.surveys.remind(SYSTEM, org, survey.id)).toEqual({ queued: 1 });
    const form = await s.surveys.form(linkIn(invite.text!).slice(3));
    await s.surveys.submit(
      linkIn(invite.text!).slice(3),
      Object.fromEntries(form.questions.filter((q) => q.required).map((q) => [q.id, 5])),
    );
    const before = smtp.received.length;
    await drain();
    expect(smtp.received.length).toBe(before);
  });
});
