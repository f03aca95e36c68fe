import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import { body, createTestApp, orgWithTokens, type TestApp } from '../../test/app.ts';
import { dialects } from '../../test/db.ts';
import { SYSTEM, makeMember } from '../../test/factories.ts';
import { startSmtp, startWebhookReceiver } from '../../test/mail.ts';
import { insertCase } from '../../test/metrics-fixtures.ts';
import { DeliveryWorker } from './delivery.worker.ts';
import { MetricAlertWorker } from './metric-alert.worker.ts';

const NOW = new Date('2025-04-12T12:00:00.000Z');
const TODAY = Date.UTC(2025, 3, 12);
const dayAt = (daysBack: number, hour = 10) =>
  new Date(TODAY - daysBack * 86_400_000 + hour * 3_600_000).toISOString();

describe.each(await dialects())('metric alerts on %s', (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let orgSlug: string;
  let headers: Awaited<ReturnType<typeof orgWithTokens>>['headers'];
  let ownerEmail: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hook = await startWebhookReceiver();
    t = await createTestApp(dialect, { smtpUrl: smtp.url, webhookAllowPrivate: true }, () => NOW);
    const o = await orgWithTokens(t.services, ['owner', 'analyst', 'viewer']);
    orgSlug = o.org.slug;
    headers = o.headers;
    ownerEmail = (await makeMember(t.services, orgSlug, 'owner')).email;
    await makeMember(t.services, orgSlug, 'editor');
    await t.services.subscriptions.createWebhook(SYSTEM, orgSlug, { url: hook.url });
    // 56 baseline days of 1–3 complaints a day, then a quiet stretch, then 15 a day for the last 4 days.
    let n = 1;
    for (let back = 84; back >= 1; back--) {
      const count = back <= 4 ? 15 : 1 + (back % 3);
      for (let i = 0; i < count; i++)
        await insertCase(t.db.conn.db, o.org.id, n++, dayAt(back, 1 + (i % 20)));
    }
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await hook?.close();
  });

  it('should raise a complaint-volume alert once, e-mail owners and admins and call the webhook', async () => {
    const sweep = new MetricAlertWorker(t.services);
    const raised = await sweep.runOnce();
    expect(raised).toBeGreaterThan(0);
    expect(await sweep.runOnce()).toBe(0);
    const list = body(
      await t.app.inject({
        url: `/api/v1/orgs/${orgSlug}/alerts?acknowledged=false`,
        headers: headers.viewer,
      }),
    );
    expect(list.items.length).toBe(raised);
    const metrics = new Set(list.items.map((a: { metric: string }) => a.metric));
    expect(metrics).toEqual(new Set(['complaints.volume']));
    const detectors = new Set(list.items.map((a: { detector: string }) => a.detector));
    expect(detectors).toEqual(new Set(['ewma', 'cusum']));
    // Alarms fall in the spike (the last four days).
    for (const a of list.items) expect(a.period >= '2025-04-08').toBe(true);

    const worker = new DeliveryWorker(
      t.services,
      testConfig({ smtpUrl: smtp.url, webhookAllowPrivate: true }),
    );
    for (let i = 0; i < 5 && (await worker.runOnce()) > 0; i++);
    await worker.stop();
    const to = smtp.received.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)!.text);
    expect(to).toContain(ownerEmail);
    expect(smtp.received.every((m) => /early warning — complaints\.volume/.test(m.subject ?? ''))).toBe(true);
    // One e-mail per alert per owner or admin member (one owner here; the editor gets none).
    expect(smtp.received.length).toBe(raised);
    expect(hook.calls.length).toBe(raised);
    const payload = JSON.parse(hook.calls[0]!.body);
    expect(payload.type).toBe('metric_alert.raised');
    expect(hook.calls[0]!.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('should acknowledge once, for analysts and not for viewers, and show open alerts on the dashboard', async () => {
    const list = body(await t.app.inject({ url: `/api/v1/orgs/${orgSlug}/alerts`, headers: headers.viewer }));
    const id = list.items[0].id;
    const dash = body(
      await t.app.inject({ url: `/api/v1/orgs/${orgSlug}/dashboard`, headers: headers.viewer }),
    );
    expect(dash.alerts.map((a: { id: string }) => a.id)).toContain(id);
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgSlug}/alerts/${id}/ack`,
      headers: headers.viewer,
    });
    expect(denied.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgSlug}/alerts/${id}/ack`,
      headers: headers.analyst,
    });
    expect(ok.statusCode).toBe(200);
    const first = body(ok).acknowledgedAt;
    expect(first).toBe(NOW.toISOString());
    const again = body(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${orgSlug}/alerts/${id}/ack`,
        headers: headers.owner,
      }),
    );
    expect(again.acknowledgedAt).toBe(first);
    expect(again.acknowledgedBy).toBe(body(ok).acknowledgedBy);
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgSlug}/alerts/nope/ack`,
      headers: headers.owner,
    });
    expect(missing.statusCode).toBe(404);
    const other = await orgWithTokens(t.services, ['owner']);
    const cross = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${other.org.slug}/alerts/${id}/ack`,
      headers: other.headers.owner,
    });
    expect(cross.statusCode).toBe(404);
  });
});
