import type { Organization } from '../domain/account.ts';
import type { Delivery } from '../domain/delivery.ts';
import { MAX_ATTEMPTS, retryDelayMs } from '../domain/delivery.ts';
import type { CorrectiveAction } from '../domain/action.ts';
import type { Case, CaseAlert } from '../domain/case.ts';
import { isOpen } from '../domain/case.ts';
import type { Incident } from '../domain/incident.ts';
import type { MetricAlert } from '../domain/metric-alert.ts';
import type { Statement, StatementVersion } from '../domain/statement.ts';
import type { Subscription } from '../domain/subscription.ts';
import type { ServiceDeps } from './common.ts';
import { nowIso } from './common.ts';
import type { LinkSigner } from './subscription.service.ts';
import type { SurveyMessage, SurveyService } from './survey.service.ts';

/** Everything a sender needs to render one delivery. */
export type DeliveryMessage =
  | {
      kind: 'statement';
      org: Organization;
      incident: Incident;
      statement: Statement;
      version: StatementVersion;
      subscription: Subscription;
      unsubscribeToken: string;
    }
  | {
      kind: 'retraction';
      org: Organization;
      incident: Incident;
      statement: Statement;
      version: StatementVersion;
      subscription: Subscription;
      unsubscribeToken: string;
    }
  | {
      kind: 'confirmation';
      org: Organization;
      subscription: Subscription;
      confirmToken: string;
      incident: Incident | null;
    }
  | { kind: 'loop'; org: Organization; incident: Incident; action: CorrectiveAction }
  | SurveyMessage
  | {
      kind: 'case_alert';
      org: Organization;
      case: Case;
      alert: CaseAlert;
      incident: Incident | null;
      /** Sent to the assignee (true) or, unassigned, to the owners. */
      assigned: boolean;
    }
  | {
      kind: 'metric_alert';
      org: Organization;
      alert: MetricAlert;
      incident: Incident | null;
      /** The webhook subscription, for a webhook delivery; null for e-mail. */
      subscription: Subscription | null;
    };

/** How long a sender may hold a claimed delivery before another worker takes it over. */
export const CLAIM_LOCK_MS = 60_000;

/**
 * The delivery queue as the worker sees it: claim what is due, read what to send, record the
 * outcome (sent with its proof, retried with backoff, dead-lettered, or cancelled).
 */
export class DeliveryService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly links: LinkSigner,
    private readonly surveys?: Pick<SurveyService, 'message'>,
  ) {}

  async claimDue(limit: number): Promise<Delivery[]> {
    const now = this.deps.clock();
    return this.deps.store.transaction((tx) =>
      tx.deliveries.claimDue(now.toISOString(), new Date(now.getTime() + CLAIM_LOCK_MS).toISOString(), limit),
    );
  }

  /** What to send, or a reason to cancel (the recipient left, the record is gone). */
  async message(d: Delivery): Promise<DeliveryMessage | { cancel: string }> {
    const store = this.deps.store;
    const org = await store.accounts.findOrganizationById(d.organizationId);
    if (org && d.sourceType === 'loop') {
      const action = await store.actions.find(org.id, d.sourceId);
      const incident = action && (await store.incidents.find(org.id, action.incidentId));
      if (!action || !incident) return { cancel: 'the action no longer exists' };
      return { kind: 'loop', org, incident, action };
    }
    if (org && (d.sourceType === 'survey_invite' || d.sourceType === 'survey_reminder') && this.surveys) {
      return this.surveys.message(d, org);
    }
    if (org && d.sourceType === 'case_alert') {
      const alert = await store.cases.findAlert(org.id, d.sourceId);
      const c = alert && (await store.cases.find(org.id, alert.caseId));
      if (!alert || !c) return { cancel: 'the case no longer exists' };
      if (alert.ackedAt) return { cancel: 'the alert was acknowledged before it was sent' };
      if (!isOpen(c)) return { cancel: `the case was ${c.status} before the alert was sent` };
      const incident = c.incidentId ? ((await store.incidents.find(org.id, c.incidentId)) ?? null) : null;
      return { kind: 'case_alert', org, case: c, alert, incident, assigned: c.assigneeId !== null };
    }
    if (org && d.sourceType === 'metric_alert') {
      const alert = await store.metrics.findAlert(org.id, d.sourceId);
      if (!alert) return { cancel: 'the alert no longer exists' };
      if (alert.acknowledgedAt) return { cancel: 'the alert was acknowledged before it was sent' };
      const incident = alert.incidentId
        ? ((await store.incidents.find(org.id, alert.incidentId)) ?? null)
        : null;
      let subscription: Subscription | null = null;
      if (d.channel === 'webhook') {
        subscription = d.subscriptionId
          ? ((await store.deliveries.findSubscription(org.id, d.subscriptionId)) ?? null)
          : null;
        if (!subscription || subscription.status !== 'active')
          return { cancel: 'the webhook subscription is gone' };
      }
      return { kind: 'metric_alert', org, alert, incident, subscription };
    }
    const subscription = d.subscriptionId
      ? await store.deliveries.findSubscription(d.organizationId, d.subscriptionId)
      : undefined;
    if (!org || !subscription) return { cancel: 'the subscription no longer exists' };
    if (d.sourceType === 'confirmation') {
      if (subscription.status !== 'pending')
        return { cancel: `the subscription is already ${subscription.status}` };
      const incident = subscription.incidentId
        ? ((await store.incidents.find(org.id, subscription.incidentId)) ?? null)
        : null;
      return {
        kind: 'confirmation',
        org,
        subscription,
        incident,
        confirmToken: await this.links.sign('confirm', subscription.id),
      };
    }
    if (subscription.status !== 'active') return { cancel: 'unsubscribed before it was sent' };
    const statement = await store.statements.find(org.id, d.sourceId);
    const incident = statement && (await store.incidents.find(org.id, statement.incidentId));
    if (!statement || !incident) return { cancel: 'the statement no longer exists' };
    const number = d.sourceVersion === 0 ? statement.publishedVersion : d.sourceVersion;
    const version =
      number === null ? undefined : await store.statements.findVersion(org.id, statement.id, number);
    if (!version) return { cancel: 'the statement version no longer exists' };
    const unsubscribeToken = await this.links.sign('unsubscribe', subscription.id);
    return {
      kind: d.sourceVersion === 0 ? 'retraction' : 'statement',
      org,
      incident,
      statement,
      version,
      subscription,
      unsubscribeToken,
    };
  }

  async markSent(d: Delivery, contentHash: string, response: string): Promise<void> {
    await this.deps.store.deliveries.markSent(
      d.organizationId,
      d.id,
      nowIso(this.deps.clock),
      contentHash,
      response,
    );
  }

  /** A failed attempt: retried after an exponential backoff with jitter, dead after MAX_ATTEMPTS. */
  async markFailed(d: Delivery, error: string): Promise<'retry' | 'dead'> {
    const now = this.deps.clock();
    const next =
      d.attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(d.attempts)).toISOString();
    await this.deps.store.deliveries.markFailed(d.organizationId, d.id, now.toISOString(), error, next);
    return next ? 'retry' : 'dead';
  }

  async markCancelled(d: Delivery, reason: string): Promise<void> {
    await this.deps.store.deliveries.markCancelled(d.organizationId, d.id, nowIso(this.deps.clock), reason);
  }
}
