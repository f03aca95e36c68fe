import type { NetSentimentDefinition } from '../contract.ts';

/** How the Mentions page names subjects, sources and the net sentiment definitions. */

export const SELF = 'self';
const PEER = 'peer:';

/** `self` → "Your organization"; `peer:Acme Bank` → "Acme Bank (peer)". */
export function subjectLabel(subject: string): string {
  if (subject === SELF) return 'Your organization';
  return subject.startsWith(PEER) ? `${subject.slice(PEER.length)} (peer)` : subject;
}

/** A peer's name typed in a form → its subject; blank means the organization itself. */
export function subjectOf(peerName: string | undefined): string {
  const name = peerName?.trim();
  return name ? `${PEER}${name}` : SELF;
}

export const NET_SENTIMENT_LABELS: Record<NetSentimentDefinition, { name: string; definition: string }> = {
  all: {
    name: 'Over all mentions',
    definition:
      '(positive − negative) ÷ all analysed mentions × 100, from −100 to +100; neutral and mixed mentions count in the total.',
  },
  polar: {
    name: 'Over polar mentions',
    definition:
      '(positive − negative) ÷ (positive + negative) × 100, from −100 to +100; neutral and mixed mentions are left out.',
  },
  positive_ratio: {
    name: 'Positive ratio',
    definition:
      'positive ÷ (positive + negative) × 100, from 0 to 100; neutral and mixed mentions are left out.',
  },
};

/** Only http(s) addresses become links: anything else a feed carried is shown as text. */
export function safeHref(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function formatScore(v: number): string {
  const r = Math.round(v);
  return r > 0 ? `+${r}` : String(r).replace('-', '−');
}
