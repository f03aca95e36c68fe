import { useEffect, useState } from 'react';
import type { CaseView } from '../contract.ts';

/**
 * A case's SLA timer: which target the running clock counts down to, how long is left (or how far
 * past it the case is), from the case's due times and the browser's clock — not from the
 * `remainingMs` of the moment the case was read, which goes stale.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2 d 3 h", "2 h 14 min", "14 min", "less than a minute". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

export type SlaState = 'ok' | 'at_risk' | 'breached' | 'met' | 'missed';

export interface SlaTimer {
  /** What a person (and a screen reader) reads: "Acknowledge within 2 h 14 min". */
  text: string;
  state: SlaState;
  /** The due time the text counts to, when a clock runs. */
  dueAt: string | null;
}

/** The timer of a case at `now` (ms since the epoch). */
export function slaTimer(c: Pick<CaseView, 'sla' | 'status'>, now: number): SlaTimer {
  const { sla } = c;
  if (sla.clock === null) {
    const late = sla.ackBreached || sla.resolveBreached;
    return {
      text: late ? 'Resolved late (a target was missed)' : 'Resolved within its targets',
      state: late ? 'missed' : 'met',
      dueAt: null,
    };
  }
  const dueAt = sla.clock === 'acknowledge' ? sla.ackDueAt : sla.resolveDueAt;
  const remaining = Date.parse(dueAt) - now;
  const verb = sla.clock === 'acknowledge' ? 'Acknowledge' : 'Resolve';
  if (remaining < 0) {
    return { text: `${verb} overdue by ${formatDuration(remaining)}`, state: 'breached', dueAt };
  }
  // A missed acknowledgement stays a breach while the resolve clock runs.
  const state: SlaState = sla.breached ? 'breached' : sla.atRisk ? 'at_risk' : 'ok';
  return { text: `${verb} within ${formatDuration(remaining)}`, state, dueAt };
}

/** The time now, refreshed every `everyMs` (30 s by default), for timers that count down. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return now;
}

const STATE_WORD: Record<SlaState, string | null> = {
  ok: null,
  at_risk: 'At risk',
  breached: 'Breached',
  met: null,
  missed: 'Missed',
};

/**
 * The timer as text with, when it matters, a word badge ("Breached", "At risk") and an icon: the
 * colour only repeats what the words say.
 */
export function SlaTimerText({ c, now }: { c: Pick<CaseView, 'sla' | 'status'>; now: number }) {
  const t = slaTimer(c, now);
  const word = STATE_WORD[t.state];
  return (
    <span className={`sla sla-${t.state}`}>
      {word ? (
        <span className="sla-flag">
          <span aria-hidden="true">{t.state === 'at_risk' ? '◔ ' : '⚠ '}</span>
          {word}
          <span className="visually-hidden">:</span>
        </span>
      ) : null}{' '}
      {t.dueAt ? (
        <time dateTime={t.dueAt} title={new Date(t.dueAt).toLocaleString('en-GB')}>
          {t.text}
        </time>
      ) : (
        <span>{t.text}</span>
      )}
    </span>
  );
}
