import type { Credit, ApologyComponent, ApologyScore, ResolvedContext } from './types.ts';
import { APOLOGY_COMPONENTS } from './types.ts';

/**
 * APOL-F: apology completeness (research §3.6, Table F; Lewicki, Polin & Lount 2016). The weights are
 * the research's design heuristic, not the paper's. Score = Σ(weight × present) / Σ(weight) over the
 * components this context requires; components present but not required are reported, not scored.
 */

export const APOLOGY_CITATION = 'Lewicki, Polin & Lount 2016, NCMR 9(2); research §3.6 (Table F)';

/** Table F weights, in the paper's rank order. */
export const APOLOGY_WEIGHTS: Readonly<Record<ApologyComponent, number>> = {
  responsibility: 3,
  repair: 2.5,
  regret: 1.5,
  explanation: 1.5,
  repentance: 1.5,
  forgiveness: 0.5,
};

/** The Table F rule id of each component (APOL-F1 … APOL-F6, in the table's row order). */
export const APOLOGY_RULES: Readonly<Record<ApologyComponent, string>> = {
  responsibility: 'APOL-F1',
  repair: 'APOL-F2',
  regret: 'APOL-F3',
  explanation: 'APOL-F4',
  repentance: 'APOL-F5',
  forgiveness: 'APOL-F6',
};

const DETECTOR: Readonly<Record<ApologyComponent, string>> = {
  responsibility: 'LANG-P1',
  repair: 'LANG-P5',
  regret: 'LANG-P2',
  explanation: 'LANG-P3',
  repentance: 'LANG-P4',
  forgiveness: 'APOL-F6',
};

/** Scores the apology components the positive patterns found, against what the context requires. */
export function scoreApology(credits: Credit[], ctx: ResolvedContext): ApologyScore {
  const components = Object.fromEntries(
    APOLOGY_COMPONENTS.map((c) => [c, credits.some((k) => k.rule === DETECTOR[c])]),
  ) as Record<ApologyComponent, boolean>;
  const lead = ctx.advice.verbalResponse.rule;
  const why: string[] = [];
  const required: ApologyComponent[] = [];
  if (lead !== 'KIM-B3' && lead !== 'KIM-B4') {
    required.push('responsibility');
  } else {
    why.push(
      `APOL-F1: responsibility is not required while ${lead} applies (culpability ${ctx.culpability}).`,
    );
  }
  if (lead !== 'KIM-B3') required.push('repair');
  else why.push('APOL-F2: repair is not required with an evidenced denial (KIM-B3).');
  required.push('regret');
  if (ctx.stage !== 'respond') required.push('explanation');
  else why.push('APOL-F4: an explanation is required from the diagnose stage on; this is respond.');
  if (ctx.cluster === 'preventable' || ctx.violationTypes.includes('integrity')) {
    required.push('repentance');
    why.push(
      `APOL-F5: repentance is required for ${ctx.cluster === 'preventable' ? 'a preventable incident' : 'an integrity violation'}.`,
    );
  }
  why.push('APOL-F6: a request for forgiveness is optional and never required.');
  const total = required.reduce((s, c) => s + APOLOGY_WEIGHTS[c], 0);
  const got = required.filter((c) => components[c]).reduce((s, c) => s + APOLOGY_WEIGHTS[c], 0);
  return {
    score: total === 0 ? 1 : Math.round((got / total) * 100) / 100,
    components,
    required,
    // APOLOGY_COMPONENTS is already in rank order (ties keep Table F's row order).
    missing: APOLOGY_COMPONENTS.filter((c) => required.includes(c) && !components[c]),
    weights: { ...APOLOGY_WEIGHTS },
    why,
  };
}
