import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import type { Config } from '../config/env.ts';
import type { Services } from '../container.ts';
import type { Delivery } from '../domain/delivery.ts';
import type { DeliveryMessage } from '../services/delivery.service.ts';
import { renderEmail, renderMetricAlertWebhook, renderWebhook } from './render.ts';

export interface WorkerLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

const silent: WorkerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Loopback, private, link-local and unspecified addresses: where a webhook must not reach by default. */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 6) {
    const v = ip.toLowerCase();
    if (v.startsWith('::ffff:')) return isPrivateAddress(v.slice(7));
    return v === '::1' || v === '::' || v.startsWith('fc') || v.startsWith('fd') || v.startsWith('fe80');
  }
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * Sends what publishing queued: claims due deliveries, renders each, sends it by e-mail (SMTP
 * through a pooled nodemailer transport) or as a Standard Webhooks signed POST, and records the
 * proof — or retries with backoff, dead-letters, or cancels. Also publishes scheduled statements.
 * Safe to run in several processes: claims are exclusive and a stuck claim expires.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly mailer: Transporter | undefined;

  constructor(
    private readonly services: Services,
    private readonly config: Config,
    private readonly log: WorkerLog = silent,
    private readonly batchSize = 20,
  ) {
    this.mailer = config.smtpUrl
      ? nodemailer.createTransport({ url: config.smtpUrl, pool: true, maxConnections: 5 } as never)
      : undefined;
  }

  /** One pass: scheduled publications, then a batch of due deliveries. Returns how many were handled. */
  async runOnce(): Promise<number> {
    await this.services.statements.publishDue();
    await this.services.surveys.remindDue();
    const batch = await this.services.deliveries.claimDue(this.batchSize);
    await Promise.all(batch.map((d) => this.deliver(d)));
    return batch.length;
  }

  /** Runs passes until stopped, back to back while there is work, every `idleMs` otherwise. */
  start(idleMs = 1000): void {
    const tick = async () => {
      let handled = 0;
      try {
        this.running = this.runOnce();
        handled = (await this.running) as number;
      } catch (err) {
        this.log.error({ err }, 'delivery pass failed');
      }
      if (this.timer !== undefined) this.timer = setTimeout(tick, handled > 0 ? 0 : idleMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    this.mailer?.close();
  }

  private async deliver(d: Delivery): Promise<void> {
    try {
      const m = await this.services.deliveries.message(d);
      if ('cancel' in m) {
        await this.services.deliveries.markCancelled(d, m.cancel);
        return;
      }
      const { contentHash, response } =
        d.channel === 'email' ? await this.sendEmail(d, m) : await this.sendWebhook(d, m);
      await this.services.deliveries.markSent(d, contentHash, response);
      this.log.info({ delivery: d.id, channel: d.channel }, 'delivered');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const outcome = await this.services.deliveries.markFailed(d, message);
      this.log.warn({ delivery: d.id, attempt: d.attempts, outcome, err: message }, 'delivery failed');
    }
  }

  private async sendEmail(
    d: Delivery,
    m: DeliveryMessage,
  ): Promise<{ contentHash: string; response: string }> {
    if (!this.mailer) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
    const email = renderEmail(m, this.config.publicUrl);
    const info = await this.mailer.sendMail({
      from: this.config.smtpFrom,
      to: d.recipient,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // A stable Message-ID per delivery: a resend after a crash is recognisable as the same message.
      messageId: `<${sha256(d.id).slice(0, 32)}@amends>`,
      headers: {
        'X-Amends-Delivery': d.id,
        ...(email.unsubscribeUrl
          ? {
              'List-Unsubscribe': `<${email.unsubscribeUrl}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            }
          : {}),
      },
    });
    return {
      contentHash: sha256(`${email.subject}\n${email.text}\n${email.html}`),
      response: String(info.response ?? 'accepted'),
    };
  }

  private async sendWebhook(
    d: Delivery,
    m: DeliveryMessage,
  ): Promise<{ contentHash: string; response: string }> {
    const secret =
      m.kind === 'statement' || m.kind === 'retraction' || m.kind === 'metric_alert'
        ? m.subscription?.secret
        : undefined;
    if (!secret) throw new Error('not a webhook message');
    const url = new URL(d.recipient);
    if (!this.config.webhookAllowPrivate) {
      const addresses = isIP(url.hostname)
        ? [url.hostname]
        : (await lookup(url.hostname, { all: true })).map((a) => a.address);
      if (addresses.some(isPrivateAddress)) {
        throw new Error(
          `refusing to call a private address (${url.hostname}); set WEBHOOK_ALLOW_PRIVATE=true to allow it`,
        );
      }
    }
    const payload = JSON.stringify(
      m.kind === 'metric_alert'
        ? renderMetricAlertWebhook(m, d.id)
        : renderWebhook(
            m as Extract<DeliveryMessage, { kind: 'statement' | 'retraction' }>,
            d.id,
            this.config.publicUrl,
          ),
    );
    const timestamp = new Date();
    const signature = new Webhook(secret).sign(d.id, timestamp, payload);
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Amends-Webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: payload,
    });
    await res.body?.cancel();
    if (res.status < 200 || res.status >= 300) throw new Error(`the endpoint answered ${res.status}`);
    return { contentHash: sha256(payload), response: `HTTP ${res.status}` };
  }
}
