import type { Doc } from './text.ts';
import type { Credit, Finding, ResolvedContext, RuleInfo, Severity } from './types.ts';
import { SEVERITIES } from './types.ts';

/** What every rule receives: the parsed statement, the context, and the positive patterns found. */
export interface RuleInput {
  doc: Doc;
  ctx: ResolvedContext;
  credits: Credit[];
}

/** A checker rule: metadata for the docs and UI, and a pure check. */
export interface Rule extends RuleInfo {
  check(input: RuleInput): Finding[];
}

/** Builds a finding whose `text` is always the exact slice of the input. */
export function finding(
  doc: Doc,
  info: Pick<RuleInfo, 'id' | 'citation'>,
  span: { start: number; end: number },
  severity: Severity,
  message: string,
  suggestion: string,
  data?: Record<string, unknown>,
): Finding {
  const f: Finding = {
    rule: info.id,
    severity,
    start: span.start,
    end: span.end,
    text: doc.text.slice(span.start, span.end),
    message,
    suggestion,
    citation: info.citation,
  };
  if (data) f.data = data;
  return f;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Moves a severity up (positive) or down (negative), staying within info…high. */
export function shift(s: Severity, by: number): Severity {
  const i = Math.max(0, Math.min(SEVERITIES.length - 1, severityRank(s) + by));
  return SEVERITIES[i]!;
}

/** Credits of a rule whose span lies within [start, end). */
export function creditsIn(credits: Credit[], rule: string, start: number, end: number): Credit[] {
  return credits.filter((c) => c.rule === rule && c.start >= start && c.end <= end);
}

export function hasCredit(credits: Credit[], rule: string): boolean {
  return credits.some((c) => c.rule === rule);
}

/** The first sentence index of the statement that holds real prose (a heading alone does not count). */
export function proseSentences(doc: Doc) {
  return doc.sentences.filter((s) => !/^\s*#/.test(doc.norm.slice(s.start, s.end)));
}
