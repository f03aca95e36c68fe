import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api.ts';
import { isApiError } from '../api.ts';
import type { CheckResult, Finding, FindingSeverity } from '../contract.ts';
import type { CheckInput } from '../endpoints.ts';
import { statements } from '../endpoints.ts';

export interface LiveCheck {
  /** The latest answer, and the text it is about (offsets refer to that text). */
  result: CheckResult | undefined;
  checkedText: string | undefined;
  /** A check is waiting for the author to pause, or under way. */
  pending: boolean;
  error: ApiError | undefined;
}

/** How long the author must pause before the text is checked. */
export const CHECK_DELAY_MS = 400;

/**
 * Checks the text as the author types: once they pause for CHECK_DELAY_MS, the text (with its
 * audience and passage links) goes to POST …/check. Answers to older texts are dropped, so the
 * findings shown always belong to `checkedText`.
 */
export function useLiveCheck(org: string, incidentId: string, input: CheckInput): LiveCheck {
  const [state, setState] = useState<LiveCheck>({
    result: undefined,
    checkedText: undefined,
    pending: false,
    error: undefined,
  });
  const latest = useRef(0);
  const key = JSON.stringify(input);

  useEffect(() => {
    const ticket = ++latest.current;
    if (!input.text.trim()) {
      setState({ result: undefined, checkedText: undefined, pending: false, error: undefined });
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(async () => {
      try {
        const result = await statements.check(org, incidentId, input);
        if (ticket === latest.current) {
          setState({ result, checkedText: input.text, pending: false, error: undefined });
        }
      } catch (e) {
        if (ticket === latest.current && isApiError(e)) {
          setState((s) => ({ ...s, pending: false, error: e }));
        }
      }
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
    // `key` stands for `input`, compared by value.
  }, [org, incidentId, key]);

  return state;
}

const RANK: Record<FindingSeverity, number> = { info: 0, low: 1, medium: 2, high: 3 };

export function severityRank(s: FindingSeverity): number {
  return RANK[s];
}

/** A run of the text, with the findings that cover it (none for unflagged text). */
export interface Segment {
  start: number;
  end: number;
  text: string;
  findings: Finding[];
  /** The findings that end with this segment, named after it for screen readers. */
  ending: Finding[];
}

/**
 * Cuts the text at every finding's start and end, so overlapping findings can be shown as marks
 * without nesting. Findings whose offsets fall outside the text are left out.
 */
export function segmentsOf(text: string, findings: Finding[]): Segment[] {
  const valid = findings.filter((f) => f.start >= 0 && f.end <= text.length && f.start < f.end);
  const cuts = new Set<number>([0, text.length]);
  for (const f of valid) {
    cuts.add(f.start);
    cuts.add(f.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    out.push({
      start,
      end,
      text: text.slice(start, end),
      findings: valid.filter((f) => f.start < end && f.end > start),
      ending: valid.filter((f) => f.end === end),
    });
  }
  return out;
}

/** The highest severity among findings. */
export function worst(findings: Finding[]): FindingSeverity {
  return findings.reduce<FindingSeverity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), 'info');
}
