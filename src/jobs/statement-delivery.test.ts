import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import { MAX_ATTEMPTS } from '../domain/delivery.ts';
import { DeliveryWorker } from './delivery.worker.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { startSmtp, startWebhookReceiver } from '../../test/mail.ts';
import { SYSTEM, makeIncident, makeMember, makeOrg } from '../../test/factories.ts';

let now = new Date('2026-05-01T09:00:00Z');

describe.each(await dialects())('statements from draft to inbox on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let worker: DeliveryWorker;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    smtp = await startSmtp();
    hooks = await startWebhookReceiver();
    const config = testConfig({
      smtpUrl: smtp.url,
      webhookAllowPrivate: true,
      publicUrl: 'https://status.example.test',
    });
    s = createServices(config, db.conn, () => now);
    worker = new DeliveryWorker(s, config);
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp?.close();
    await hooks?.close();
    await db?.drop();
  });

  async function drain() {
    while ((await worker.runOnce()) > 0) {
      /* until nothing is due */
    }
  }

  it('should draft, review by another person, publish, and deliver by e-mail and signed webhook', async () => {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, {
      title: 'Bucket exposed',
      detectedAt: '2026-04-30T09:00:00Z',
    });
    const comms = await makeMember(s, org.slug, 'communicator');
    const leader = await makeMember(s, org.slug, 'leader');

    // A subscriber confirms by the link in the confirmation e-mail.
    await s.subscriptions.subscribeEmail(org.slug, incident.slug, 'Reader@Example.test');
    await drain();
    const confirmation = smtp.received.find(
      (m) => m.to && JSON.stringify(m.to).includes('reader@example.test'),
    );
    expect(confirmation?.subject).toMatch(/Confirm your subscription/);
    const link =
      /https:\/\/status\.example\.test\/[^\s]+\/subscriptions\/([\w-]+)\/confirm\?token=([\w-]+)/.exec(
        confirmation!.text!,
      )!;
    await expect(s.subscriptions.confirm(org.slug, link[1]!, 'forged')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await s.subscriptions.confirm(org.slug, link[1]!, link[2]!)).status).toBe('active');
    const { secret } = await s.subscriptions.createWebhook(SYSTEM, org.slug, { url: hooks.url });

    const draft = (
      await s.statements.create(comms.ctx, org.slug, incident.slug, {
        kind: 'update',
        title: 'What happened to the payroll exports',
        body: 'We left a storage bucket open to the internet for 11 days. We are sorry. We have closed it.',
        audiences: ['public'],
      })
    ).record;
    expect(draft.statement.state).toBe('draft');
    await s.statements.submit(comms.ctx, org.slug, draft.statement.id, undefined);
    await expect(
      s.statements.review(comms.ctx, org.slug, draft.statement.id, { decision: 'approved' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const approved = await s.statements.review(leader.ctx, org.slug, draft.statement.id, {
      decision: 'approved',
    });
    expect(approved.statement.state).toBe('approved');
    const published = await s.statements.publish(
      comms.ctx,
      org.slug,
      draft.statement.id,
      { overrideReason: 'Legal reviewed the wording' },
      undefined,
    );
    expect(published.statement).toMatchObject({ state: 'published', publishedVersion: 1 });

    await drain();
    const update = smtp.received.find((m) => m.subject?.includes('What happened to the payroll exports'));
    expect(update).toBeDefined();
    // Headers as sent, with folded lines joined (RFC 5322 §2.2.3).
    const raw = smtp.raw
      .find((r) => r.includes('What happened to the payroll exports'))!
      .replace(/\r\n[ \t]+/g, ' ');
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw).toMatch(
      /^List-Unsubscribe: <https:\/\/status\.example\.test\/[^>]+\/unsubscribe\?token=[^>]+>\r?$/m,
    );
    expect(hooks.calls).toHaveLength(1);
    const call = hooks.calls[0]!;
    const verified = new Webhook(secret).verify(call.body, call.headers) as {
      type: string;
      statement: { version: number };
    };
    expect(verified).toMatchObject({ type: 'statement.published', statement: { version: 1 } });
    expect(() => new Webhook(secret).verify(call.body.replace('exports', 'EXPORTS'), call.headers)).toThrow();

    const proof = await s.subscriptions.deliveriesOf(SYSTEM, org.slug, draft.statement.id);
    expect(proof.map((d) => [d.channel, d.status])).toEqual(
      expect.arrayContaining([
        ['email', 'sent'],
        ['webhook', 'sent'],
      ]),
    );
    expect(proof.every((d) => d.contentHash && d.sentAt)).toBe(true);
    // Publishing again queues nothing twice.
    await drain();
    expect(hooks.calls).toHaveLength(1);
  });

  it('should keep a published text and make an edit a new version that needs approval again', async () => {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, { detectedAt: '2026-04-30T09:00:00Z' });
    const comms = await makeMember(s, org.slug, 'communicator');
    const leader = await makeMember(s, org.slug, 'leader');
    const id = (
      await s.statements.create(comms.ctx, org.slug, incident.slug, {
        kind: 'holding_statement',
        title: 'We are investigating',
        body: 'We know some customers cannot reach payroll. We will post the next update by 14:00 UTC.',
        audiences: ['public'],
        nextUpdateBy: '2026-05-01T14:00:00Z',
      })
    ).record.statement.id;
    await s.statements.submit(comms.ctx, org.slug, id, undefined);
    await s.statements.review(leader.ctx, org.slug, id, { decision: 'approved' });
    await s.statements.publish(comms.ctx, org.slug, id, { overrideReason: 'test' }, undefined);
    let commitments = await s.commitments.list(SYSTEM, org.slug, incident.slug);
    expect(commitments.filter((c) => c.kind === 'next_update').map((c) => c.status)).toEqual(['open']);

    const edited = await s.statements.edit(
      comms.ctx,
      org.slug,
      id,
      { body: 'We know some customers cannot reach payroll since 09:00.' },
      undefined,
    );
    expect(edited.statement).toMatchObject({ state: 'draft', currentVersion: 2, publishedVersion: 1 });
    expect(edited.published!.body).toMatch(/next update by 14:00/);

    now = new Date('2026-05-01T15:00:00Z');
    await s.statements.submit(comms.ctx, org.slug, id, undefined);
    await s.statements.review(leader.ctx, org.slug, id, { decision: 'approved' });
    const v2 = await s.statements.publish(comms.ctx, org.slug, id, { overrideReason: 'test' }, undefined);
    expect(v2.statement).toMatchObject({ state: 'published', publishedVersion: 2 });
    expect(v2.versions.map((v) => Boolean(v.publishedAt))).toEqual([true, true]);
    commitments = await s.commitments.list(SYSTEM, org.slug, incident.slug);
    // The promise of an update by 14:00 was kept at 15:00: late, and honest about it.
    expect(commitments.filter((c) => c.kind === 'next_update').map((c) => c.status)).toEqual(['kept_late']);

    const retracted = await s.statements.retract(
      comms.ctx,
      org.slug,
      id,
      { reason: 'It named the wrong time' },
      undefined,
    );
    expect(retracted.statement).toMatchObject({
      state: 'retracted',
      retractionReason: 'It named the wrong time',
    });
    await expect(s.statements.edit(comms.ctx, org.slug, id, { title: 'x' }, undefined)).rejects.toMatchObject(
      {
        code: 'conflict',
      },
    );
    now = new Date('2026-05-01T09:00:00Z');
  });

  it('should refuse to publish high-severity findings without an override reason', async () => {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, {
      kind: 'misconduct',
      crisisType: 'management_misconduct',
      detectedAt: '2026-04-30T09:00:00Z',
    });
    const comms = await makeMember(s, org.slug, 'communicator');
    const leader = await makeMember(s, org.slug, 'leader');
    const id = (
      await s.statements.create(comms.ctx, org.slug, incident.slug, {
        kind: 'apology',
        title: 'A statement',
        body: 'We are sorry if anyone was offended. Mistakes were made.',
        audiences: ['public'],
      })
    ).record.statement.id;
    await s.statements.submit(comms.ctx, org.slug, id, undefined);
    await s.statements.review(leader.ctx, org.slug, id, { decision: 'approved' });
    const refused = await s.statements.publish(comms.ctx, org.slug, id, {}, undefined).catch((e) => e);
    expect(refused.code).toBe('checker_blocked');
    expect(refused.errors.map((e: { rule: string }) => e.rule)).toEqual(expect.arrayContaining(['LANG-N3']));
    const published = await s.statements.publish(
      comms.ctx,
      org.slug,
      id,
      { overrideReason: 'Counsel insists' },
      undefined,
    );
    expect(published.published!.overrideReason).toBe('Counsel insists');
  });

  it('should publish a scheduled statement when its time comes, and not before', async () => {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, { detectedAt: '2026-04-30T09:00:00Z' });
    const comms = await makeMember(s, org.slug, 'communicator');
    const leader = await makeMember(s, org.slug, 'leader');
    const id = (
      await s.statements.create(comms.ctx, org.slug, incident.slug, {
        kind: 'update',
        title: 'Scheduled update',
        body: 'Service is restored. We are sorry for the outage.',
        audiences: ['public'],
      })
    ).record.statement.id;
    await s.statements.submit(comms.ctx, org.slug, id, undefined);
    await s.statements.review(leader.ctx, org.slug, id, { decision: 'approved' });
    const scheduled = await s.statements.publish(
      comms.ctx,
      org.slug,
      id,
      { at: '2026-05-01T12:00:00Z', overrideReason: 'test' },
      undefined,
    );
    expect(scheduled.statement).toMatchObject({
      state: 'approved',
      scheduledAt: '2026-05-01T12:00:00.000Z',
      publishedVersion: null,
    });
    await worker.runOnce();
    expect((await s.statements.get(SYSTEM, org.slug, id)).statement.state).toBe('approved');
    now = new Date('2026-05-01T12:00:01Z');
    await worker.runOnce();
    const done = await s.statements.get(SYSTEM, org.slug, id);
    expect(done.statement).toMatchObject({ state: 'published', publishedVersion: 1, scheduledAt: null });
    expect(done.published!.overrideReason).toBe('test');
    now = new Date('2026-05-01T09:00:00Z');
  });

  it('should retry a failing webhook with growing delays and dead-letter it after the last attempt', async () => {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, { detectedAt: '2026-04-30T09:00:00Z' });
    const comms = await makeMember(s, org.slug, 'communicator');
    const leader = await makeMember(s, org.slug, 'leader');
    const failing = await startWebhookReceiver();
    failing.answer(500);
    try {
      await s.subscriptions.createWebhook(SYSTEM, org.slug, { url: failing.url });
      const id = (
        await s.statements.create(comms.ctx, org.slug, incident.slug, {
          kind: 'update',
          title: 'Webhook retry',
          body: 'Service is restored. We are sorry for the outage.',
          audiences: ['public'],
        })
      ).record.statement.id;
      await s.statements.submit(comms.ctx, org.slug, id, undefined);
      await s.statements.review(leader.ctx, org.slug, id, { decision: 'approved' });
      await s.statements.publish(comms.ctx, org.slug, id, { overrideReason: 'test' }, undefined);
      const delays: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await worker.runOnce();
        const [d] = await s.subscriptions.deliveriesOf(SYSTEM, org.slug, id);
        expect(d!.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS) {
          expect(d!.status).toBe('pending');
          delays.push(Date.parse(d!.nextAttemptAt) - now.getTime());
          now = new Date(d!.nextAttemptAt);
        } else {
          expect(d!.status).toBe('dead');
          expect(d!.lastError).toMatch(/answered 500/);
        }
      }
      expect(failing.calls).toHaveLength(MAX_ATTEMPTS);
      // Each wait is drawn from a window twice as large as the one before (full jitter in its upper half).
      for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]! / 2);
      expect(delays[delays.length - 1]!).toBeGreaterThan(delays[0]! * 10);
    } finally {
      await failing.close();
      now = new Date('2026-05-01T09:00:00Z');
    }
  });

  it('should deliver every message once after the SMTP server comes back', async () => {
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug, { detectedAt: '2026-04-30T09:00:00Z' });
    const comms = await makeMember(s, org.slug, 'communicator');
    const leader = await makeMember(s, org.slug, 'leader');
    const down = await startSmtp();
    const port = down.port;
    await down.close();
    const config = testConfig({ smtpUrl: `smtp://127.0.0.1:${port}`, webhookAllowPrivate: true });
    const flaky = new DeliveryWorker(s, config);
    const addresses = ['a@example.test', 'b@example.test', 'c@example.test'];
    for (const a of addresses) {
      await s.subscriptions.subscribeEmail(org.slug, null, a);
    }
    // Confirmations fail while the server is down, and are retried later.
    await flaky.runOnce();
    const up = await startSmtp(port);
    try {
      now = new Date(now.getTime() + 60_000);
      await flaky.runOnce();
      const confirmations = up.received.filter((m) => m.subject?.includes('Confirm'));
      expect(confirmations).toHaveLength(3);
      for (const m of confirmations) {
        const l = /\/subscriptions\/([\w-]+)\/confirm\?token=([\w-]+)/.exec(m.text!)!;
        await s.subscriptions.confirm(org.slug, l[1]!, l[2]!);
      }
      await up.close();
      const id = (
        await s.statements.create(comms.ctx, org.slug, incident.slug, {
          kind: 'update',
          title: 'Outage update',
          body: 'Payroll runs are delayed. We are restoring service.',
          audiences: ['public'],
        })
      ).record.statement.id;
      await s.statements.submit(comms.ctx, org.slug, id, undefined);
      await s.statements.review(leader.ctx, org.slug, id, { decision: 'approved' });
      await s.statements.publish(comms.ctx, org.slug, id, { overrideReason: 'test' }, undefined);
      await flaky.runOnce();
      await flaky.runOnce();
      const pending = await s.subscriptions.deliveriesOf(SYSTEM, org.slug, id);
      expect(pending.every((d) => d.status === 'pending' && d.attempts === 1 && d.lastError)).toBe(true);
      const back = await startSmtp(port);
      try {
        now = new Date(now.getTime() + 3_600_000);
        await flaky.runOnce();
        await flaky.runOnce();
        const updates = back.received.filter((m) => m.subject?.includes('Outage update'));
        expect(updates.map((m) => JSON.stringify(m.to)).sort()).toEqual(
          addresses.map((a) => expect.stringContaining(a)),
        );
        expect(updates).toHaveLength(3);
      } finally {
        await back.close();
      }
    } finally {
      await flaky.stop();
      now = new Date('2026-05-01T09:00:00Z');
    }
  });
});
