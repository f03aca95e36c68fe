/**
 * Conversation notes: a one-on-one or group conversation staff held with stakeholders after an
 * incident — who was there and what they raised. Each concern raised becomes a feedback item
 * (channel `one_on_one` or `group`) linked back to the conversation, so it is analysed, counted
 * and answered ("you said, we did") like any other feedback.
 */
export const CONVERSATION_KINDS = ['one_on_one', 'group'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export interface Conversation {
  organizationId: string;
  id: string;
  incidentId: string | null;
  kind: ConversationKind;
  /** The stakeholder met one-on-one, or the group's name. */
  name: string;
  audience: string;
  /** Who took part, as staff wrote them down. */
  attendees: string[];
  heldAt: string;
  notes: string | null;
  /** How the author appears in the audit trail (an e-mail address or a token's name). */
  createdBy: string;
  createdAt: string;
  version: number;
}

/** A concern raised in a conversation, as stored: a feedback item and what analysis found in it. */
export interface ConversationConcern {
  id: string;
  text: string;
  redacted: boolean;
  sentiment: string | null;
  themes: string[];
  analysedAt: string | null;
  createdAt: string;
}

/** The feedback channel of the concerns raised in a conversation of this kind. */
export function concernChannel(kind: ConversationKind): 'one_on_one' | 'group' {
  return kind === 'group' ? 'group' : 'one_on_one';
}
