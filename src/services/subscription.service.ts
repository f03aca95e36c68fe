import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Organization } from '../domain/account.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Subscription } from '../domain/subscription.ts';
import { newId } from '../store/ids.ts';
import type { Store } from '../store/store.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { audit, authorize, authorizeWrite, nowIso } from './common.ts';
import { getIncident } from './incident.service.ts';

const LINK_SECRET = 'link-signing';

/** Signed tokens in confirmation and unsubscribe links: verifiable without storing them. */
export class LinkSigner {
  private secret: Promise<string> | undefined;

  constructor(private readonly deps: ServiceDeps) {}

  private key(): Promise<string> {
    this.secret ??= this.deps.store.secrets.instanceSecret(
      LINK_SECRET,
      () => randomBytes(32).toString('base64url'),
      nowIso(this.deps.clock),
    );
    return this.secret;
  }

  async sign(purpose: 'confirm' | 'unsubscribe', subscriptionId: string): Promise<string> {
    return createHmac('sha256', await this.key())
      .update(`${purpose}:${subscriptionId}`)
      .digest('base64url');
  }

  async verify(purpose: 'confirm' | 'unsubscribe', subscriptionId: string, token: string): Promise<boolean> {
    const expected = Buffer.from(await this.sign(purpose, subscriptionId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

async function publicOrg(store: Store, orgSlug: string): Promise<Organization> {
  const org = await store.accounts.findOrganizationBySlug(orgSlug);
  if (!org) throw notFound('organization');
  return org;
}

/**
 * Who asked to be told: e-mail subscriptions from the public page (double opt-in, one-click
 * unsubscribe), and signed webhooks set up by the organization.
 */
export class SubscriptionService {
  readonly links: LinkSigner;

  constructor(private readonly deps: ServiceDeps) {
    this.links = new LinkSigner(deps);
  }

  private get store() {
    return this.deps.store;
  }

  /**
   * Asks for an e-mail subscription from a public page: creates it pending and queues the
   * confirmation message. Answers the same whatever the address's state, so the form does not
   * reveal who is subscribed.
   * @throws AppError `not_found` for an unknown organization or an incident with nothing published.
   */
  async subscribeEmail(orgSlug: string, incidentSlug: string | null, email: string): Promise<void> {
    const address = email.trim().toLowerCase();
    await this.store.transaction(async (tx) => {
      const org = await publicOrg(tx, orgSlug);
      await tx.accounts.bumpDataVersion(org.id);
      const incident = incidentSlug ? await getIncident(tx, org, incidentSlug) : null;
      const now = nowIso(this.deps.clock);
      let sub = await tx.deliveries.findSubscriptionByAddress(org.id, 'email', address, incident?.id ?? null);
      if (sub?.status === 'active') return;
      if (!sub) {
        sub = {
          organizationId: org.id,
          id: newId(),
          incidentId: incident?.id ?? null,
          channel: 'email',
          address,
          audience: 'public',
          status: 'pending',
          confirmTokenHash: null,
          secret: null,
          createdAt: now,
          confirmedAt: null,
          unsubscribedAt: null,
        };
        await tx.deliveries.insertSubscription(sub);
      } else if (sub.status === 'unsubscribed') {
        sub = { ...sub, status: 'pending', unsubscribedAt: null };
        await tx.deliveries.updateSubscription(sub);
      }
      // One confirmation message per request and day at most: a form cannot be used to flood an inbox.
      const day = now.slice(0, 10).replace(/-/g, '');
      await tx.deliveries.insertDelivery({
        organizationId: org.id,
        id: `confirm:${sub.id}:${day}`,
        sourceType: 'confirmation',
        sourceId: sub.id,
        sourceVersion: Number(day),
        subscriptionId: sub.id,
        channel: 'email',
        recipient: address,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        contentHash: null,
        lastError: null,
        response: null,
        sentAt: null,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  /** Confirms a pending e-mail subscription from its link. Idempotent. */
  async confirm(orgSlug: string, subscriptionId: string, token: string): Promise<Subscription> {
    return this.changeByLink(orgSlug, subscriptionId, token, 'confirm', (s, now) =>
      s.status === 'pending' ? { ...s, status: 'active', confirmedAt: now } : s,
    );
  }

  /** Ends a subscription from the link in any message (RFC 8058 one-click). Idempotent. */
  async unsubscribe(orgSlug: string, subscriptionId: string, token: string): Promise<Subscription> {
    return this.changeByLink(orgSlug, subscriptionId, token, 'unsubscribe', (s, now) =>
      s.status === 'unsubscribed' ? s : { ...s, status: 'unsubscribed', unsubscribedAt: now },
    );
  }

  private async changeByLink(
    orgSlug: string,
    subscriptionId: string,
    token: string,
    purpose: 'confirm' | 'unsubscribe',
    change: (s: Subscription, now: string) => Subscription,
  ): Promise<Subscription> {
    if (!(await this.links.verify(purpose, subscriptionId, token))) {
      throw new AppError('not_found', 'this link is not valid; it may have been copied incompletely');
    }
    return this.store.transaction(async (tx) => {
      const org = await publicOrg(tx, orgSlug);
      const sub = await tx.deliveries.findSubscription(org.id, subscriptionId);
      if (!sub)
        throw new AppError('not_found', 'this link is not valid; it may have been copied incompletely');
      const next = change(sub, nowIso(this.deps.clock));
      if (next !== sub) {
        await tx.accounts.bumpDataVersion(org.id);
        await tx.deliveries.updateSubscription(next);
      }
      return next;
    });
  }

  /**
   * Adds a webhook subscription. The signing secret (Standard Webhooks, `whsec_…`) is returned once.
   */
  async createWebhook(
    ctx: RequestContext,
    orgSlug: string,
    input: { url: string; incident?: string | undefined; audience?: string | undefined },
  ): Promise<{ subscription: Subscription; secret: string }> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'subscription:manage');
      const incident = input.incident ? await getIncident(tx, org, input.incident) : null;
      const now = nowIso(this.deps.clock);
      if (await tx.deliveries.findSubscriptionByAddress(org.id, 'webhook', input.url, incident?.id ?? null)) {
        throw new AppError('conflict', 'a webhook with this URL already exists for this scope', [
          { path: 'body.url', message: 'is already subscribed' },
        ]);
      }
      const secret = `whsec_${randomBytes(24).toString('base64')}`;
      const subscription: Subscription = {
        organizationId: org.id,
        id: newId(),
        incidentId: incident?.id ?? null,
        channel: 'webhook',
        address: input.url,
        audience: input.audience ?? 'public',
        status: 'active',
        confirmTokenHash: null,
        secret,
        createdAt: now,
        confirmedAt: now,
        unsubscribedAt: null,
      };
      await tx.deliveries.insertSubscription(subscription);
      await audit(tx, ctx, org, now, {
        action: 'created',
        recordType: 'subscription',
        recordId: subscription.id,
        incidentId: subscription.incidentId,
        after: { channel: 'webhook', address: input.url, audience: subscription.audience },
      });
      return { subscription, secret };
    });
  }

  async list(ctx: RequestContext, orgSlug: string): Promise<Subscription[]> {
    const { org } = await authorize(this.store, ctx, orgSlug, 'subscription:manage');
    return this.store.deliveries.listSubscriptions(org.id);
  }

  /** Ends a subscription on the organization's side. */
  async remove(ctx: RequestContext, orgSlug: string, id: string): Promise<Subscription> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'subscription:manage');
      const sub = await tx.deliveries.findSubscription(org.id, id);
      if (!sub) throw notFound('subscription');
      const now = nowIso(this.deps.clock);
      const next: Subscription = {
        ...sub,
        status: 'unsubscribed',
        unsubscribedAt: sub.unsubscribedAt ?? now,
      };
      await tx.deliveries.updateSubscription(next);
      await audit(tx, ctx, org, now, {
        action: 'removed',
        recordType: 'subscription',
        recordId: id,
        before: { status: sub.status },
        after: { status: 'unsubscribed' },
      });
      return next;
    });
  }

  /** Everything delivered for a statement: the proof of who was told what, and when. */
  async deliveriesOf(ctx: RequestContext, orgSlug: string, statementId: string) {
    const { org } = await authorize(this.store, ctx, orgSlug, 'audit:read');
    const statement = await this.store.statements.find(org.id, statementId);
    if (!statement) throw notFound('statement');
    return this.store.deliveries.listBySource(org.id, 'statement', statementId);
  }
}
