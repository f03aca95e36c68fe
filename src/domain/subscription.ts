/**
 * People and systems who asked to be told: e-mail subscriptions (double opt-in, one-click
 * unsubscribe) and signed webhooks, per incident or for the whole organization.
 */
export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed';

export interface Subscription {
  organizationId: string;
  id: string;
  /** An incident id, or null for every incident of the organization. */
  incidentId: string | null;
  channel: 'email' | 'webhook';
  address: string;
  audience: string;
  status: SubscriptionStatus;
  confirmTokenHash: string | null;
  /** The webhook signing secret (whsec_…), null for e-mail. */
  secret: string | null;
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

export const ORG_WIDE = '*';
