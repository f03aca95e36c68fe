import { scoreApology } from './apology.ts';
import { resolveContext } from './context.ts';
import { POSITIVE_RULES, findPositives } from './positive.ts';
import { measureReadability } from './readability.ts';
import type { Rule, RuleInput } from './rule.ts';
import { severityRank } from './rule.ts';
import { agentlessPassive } from './rules/agentless-passive.ts';
import {
  conditionalApology,
  feelingsApology,
  outcomeNotAct,
  scopeShrinkingApology,
} from './rules/apology-framing.ts';
import { scapegoating, victimAlignment } from './rules/blame.ts';
import { bolstering } from './rules/bolstering.ts';
import { absenceHedge, denial } from './rules/denial.ts';
import { differentiation, excuse, minimization } from './rules/diminish.ts';
import { eventAsAgent } from './rules/event-as-agent.ts';
import { legalisticHedging } from './rules/legalistic.ts';
import { BOLSTER_ONLY, MIXED_POSTURES, checkMixedPostures } from './rules/mixed-postures.ts';
import { prematureClosure } from './rules/premature-closure.ts';
import { regretWithoutApology } from './rules/regret-without-apology.ts';
import { reticence } from './rules/reticence.ts';
import { vaguePromise } from './rules/vague-promise.ts';
import { buildDoc } from './text.ts';
import { TRUTH_RULES, checkTruth } from './truth.ts';
import type { CheckContext, CheckResult, Finding, RuleInfo, Severity } from './types.ts';
import { SEVERITIES } from './types.ts';

export type * from './types.ts';
export { APOLOGY_CITATION, APOLOGY_RULES, APOLOGY_WEIGHTS } from './apology.ts';
export { READABILITY_TARGETS, readabilityTarget } from './readability.ts';
export { resolveContext } from './context.ts';

/**
 * The statement checker (research §6, §3.6; issue 3 §5). Pure: no I/O, runs in Node and in the
 * browser. Rules are LANG-N1…N20 over the text, LANG-N21 and the TRUTH-* rules over `context.record`,
 * LANG-P1…P10 as credits, APOL-F for the apology score.
 */

/** Negative patterns over the text, in id order; LANG-N20 runs after them over their findings. */
const TEXT_RULES: Rule[] = [
  agentlessPassive,
  eventAsAgent,
  conditionalApology,
  feelingsApology,
  regretWithoutApology,
  scopeShrinkingApology,
  minimization,
  excuse,
  scapegoating,
  denial,
  absenceHedge,
  bolstering,
  reticence,
  vaguePromise,
  prematureClosure,
  victimAlignment,
  outcomeNotAct,
  legalisticHedging,
  differentiation,
];

const strip = ({ id, title, defaultSeverity, citation }: RuleInfo): RuleInfo => ({
  id,
  title,
  defaultSeverity,
  citation,
});

/** Every rule the checker reports, for the docs and "why this finding?". */
export const CHECKER_RULES: readonly RuleInfo[] = [
  ...TEXT_RULES.map(strip),
  MIXED_POSTURES,
  TRUTH_RULES.prior,
  BOLSTER_ONLY,
  TRUTH_RULES.claim,
  TRUTH_RULES.unlinked,
  TRUTH_RULES.promise,
  TRUTH_RULES.date,
  ...POSITIVE_RULES,
];

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.rule}:${f.start}:${f.end}`;
    const prior = seen.get(key);
    if (!prior || severityRank(f.severity) > severityRank(prior.severity)) seen.set(key, f);
  }
  return [...seen.values()];
}

/**
 * Checks a statement in the context of its incident. Every finding's `text` is exactly
 * `text.slice(start, end)`. Never throws on any string input.
 */
export function checkStatement(text: string, context: CheckContext = {}): CheckResult {
  const ctx = resolveContext(context);
  const doc = buildDoc(text);
  const credits = findPositives(doc);
  const input: RuleInput = { doc, ctx, credits };
  const own = TEXT_RULES.flatMap((r) => r.check(input));
  const all = [...own, ...checkMixedPostures(input, own), ...(ctx.record ? checkTruth(doc, ctx.record) : [])];
  const findings = dedupe(all).sort(
    (a, b) =>
      a.start - b.start ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.rule.localeCompare(b.rule),
  );
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return {
    findings,
    credits,
    apology: scoreApology(credits, ctx),
    readability: measureReadability(doc, ctx.audience),
    posture: { posture: ctx.advice.posture, rule: ctx.advice.postureRule },
    counts,
  };
}

/** True when any finding is high: publishing then needs an explicit override with a reason. */
export function hasBlocking(result: Pick<CheckResult, 'findings'>): boolean {
  return result.findings.some((f) => f.severity === 'high');
}
