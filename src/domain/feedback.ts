import { FEEDBACK_CHANNEL_VALUES, SENTIMENT_VALUES } from '../shared/enums.ts';

/**
 * What people said: one item of feedback from any channel, with what analysis found in it.
 * Text from anonymous channels is redacted before it is stored (e-mail addresses, phone numbers,
 * card-like numbers), and a client's network address is kept only as a keyed hash.
 */
export const FEEDBACK_CHANNELS = FEEDBACK_CHANNEL_VALUES;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const SENTIMENTS = SENTIMENT_VALUES;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface Feedback {
  organizationId: string;
  id: string;
  incidentId: string | null;
  channel: FeedbackChannel;
  audience: string;
  text: string;
  /** Ratings given with it, by question (e.g. { csat: 2 }). */
  ratings: Record<string, number>;
  contactEmail: string | null;
  contactName: string | null;
  /** Explicit consent to be contacted: without it, nobody writes back. */
  consent: boolean;
  /** Where an imported item came from, and its id there: importing twice adds nothing. */
  source: string | null;
  sourceId: string | null;
  /** HMAC of the client's address (for rate limits and abuse review), never the address. */
  clientHash: string | null;
  redacted: boolean;
  sentiment: Sentiment | null;
  sentimentScore: number | null;
  language: string | null;
  themes: string[];
  analysedAt: string | null;
  loopClosedAt: string | null;
  createdAt: string;
  version: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or hyphens: card numbers and the like.
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
// Phone numbers: an optional +country, then 7+ digits with common separators.
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){2,4}\b/g;

/**
 * Removes e-mail addresses, card-like numbers and phone numbers from free text.
 * @returns the redacted text and whether anything was removed.
 */
export function redact(text: string): { text: string; redacted: boolean } {
  let redacted = false;
  const out = text
    .replace(EMAIL, () => {
      redacted = true;
      return '[e-mail removed]';
    })
    .replace(CARD, (m) => {
      if (m.replace(/\D/g, '').length < 13) return m;
      redacted = true;
      return '[number removed]';
    })
    .replace(PHONE, (m) => {
      // Dates and times are not phone numbers.
      if (
        m.replace(/\D/g, '').length < 7 ||
        /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/.test(m.trim())
      )
        return m;
      redacted = true;
      return '[phone removed]';
    });
  return { text: out, redacted };
}
