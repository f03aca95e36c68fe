/**
 * Deliveries: one message to one recipient over one channel, with its proof (content hash, time,
 * result). At least once: a delivery whose sender died is claimed again after its lock expires.
 */
/** cancelled: the recipient unsubscribed before it went out. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'dead' | 'cancelled';
export type DeliveryChannel = 'email' | 'webhook';

export interface Delivery {
  organizationId: string;
  /** The idempotency key: source × version × recipient × channel. */
  id: string;
  sourceType:
    | 'statement'
    | 'confirmation'
    | 'loop'
    | 'survey_invite'
    | 'survey_reminder'
    | 'case_alert'
    | 'metric_alert';
  sourceId: string;
  sourceVersion: number;
  subscriptionId: string | null;
  channel: DeliveryChannel;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lockedUntil: string | null;
  contentHash: string | null;
  lastError: string | null;
  response: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Attempts before a delivery is dead-lettered. */
export const MAX_ATTEMPTS = 8;
export const BASE_DELAY_MS = 5_000;
export const MAX_DELAY_MS = 60 * 60_000;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a random delay between half and all of min(cap, base × 2^(attempt − 1)).
 */
export function retryDelayMs(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** The delivery key for a statement version sent to a subscription over a channel. */
export function deliveryKey(
  sourceId: string,
  version: number,
  subscriptionId: string,
  channel: DeliveryChannel,
): string {
  return `${sourceId}:${version}:${subscriptionId}:${channel}`;
}
