import type { Strategy } from '../../advisor.ts';
import { STRATEGY_FAMILY, assessPlan } from '../../advisor.ts';
import { APOLOGY, COMPENSATION } from '../lexicon.ts';
import type { RuleInput } from '../rule.ts';
import { finding, hasCredit } from '../rule.ts';
import type { Doc } from '../text.ts';
import type { Finding, RuleInfo } from '../types.ts';
import { advisorProfile } from '../context.ts';
import { BOLSTER } from './bolstering.ts';

/**
 * LANG-N20, mixed postures: the statement's strategies, read from the other rules' findings and the
 * positive patterns, checked with the advisor's `assessPlan` (SCCT-A8: deny never with diminish or
 * rebuild). A denial in the same paragraph as an apology or an excuse is high; in another paragraph,
 * medium. SCCT-A9 (bolstering as the only strategy) is reported here too.
 */

export const MIXED_POSTURES: RuleInfo = {
  id: 'LANG-N20',
  title: 'Mixed postures',
  defaultSeverity: 'high',
  citation: 'Coombs 2007 (SCCT: never mix deny with diminish or rebuild); research §6.1 N20, §3.1 SCCT-A8',
};

export const BOLSTER_ONLY: RuleInfo = {
  id: 'SCCT-A9',
  title: 'Bolstering as the only strategy',
  defaultSeverity: 'low',
  citation: 'Coombs 2007; Benoit & Drew 1997; research §3.1 SCCT-A9',
};

interface Located {
  strategy: Strategy;
  start: number;
  end: number;
}

const APOLOGY_RE = new RegExp(String.raw`\b${APOLOGY}\b`, 'g');
const COMPENSATION_RE = new RegExp(COMPENSATION, 'g');

function paragraphOf(doc: Doc, offset: number): number {
  return doc.paragraphs.find((p) => offset >= p.start && offset < p.end)?.index ?? -1;
}

function spans(doc: Doc, re: RegExp, strategy: Strategy): Located[] {
  const out: Located[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(doc.norm); m !== null; m = re.exec(doc.norm))
    out.push({ strategy, start: m.index, end: m.index + m[0].length });
  return out;
}

/** The SCCT strategies a statement uses, with where it uses them. */
export function strategiesOf(doc: Doc, input: RuleInput, findings: Finding[]): Located[] {
  const from = (rule: string, strategy: Strategy, keep: (f: Finding) => boolean = () => true) =>
    findings.filter((f) => f.rule === rule && keep(f)).map((f) => ({ strategy, start: f.start, end: f.end }));
  const { credits, ctx } = input;
  const located: Located[] = [
    ...from('LANG-N10', 'denial'),
    // A verified external cause, named as such, is an explanation rather than a scapegoat.
    ...from('LANG-N9', 'scapegoat', () => !(ctx.externalCauseVerified && ctx.cluster !== 'preventable')),
    ...from('LANG-N8', 'excuse', (f) => f.severity !== 'info'),
    ...from('LANG-N7', 'justification'),
    ...from('LANG-N16', 'victimage'),
    ...spans(doc, APOLOGY_RE, 'apology').filter((a) =>
      credits.some((c) => c.rule === 'LANG-P2' && c.start === a.start),
    ),
    ...spans(doc, COMPENSATION_RE, 'compensation'),
    ...spans(doc, BOLSTER, 'reminder'),
  ];
  if (hasCredit(credits, 'LANG-P6')) located.push({ strategy: 'instructing', start: 0, end: 0 });
  if (hasCredit(credits, 'LANG-P7') || hasCredit(credits, 'LANG-P4'))
    located.push({ strategy: 'adjusting', start: 0, end: 0 });
  if (hasCredit(credits, 'LANG-P5') || hasCredit(credits, 'LANG-P8'))
    located.push({ strategy: 'corrective_action', start: 0, end: 0 });
  return located;
}

/** Runs after the other rules, over their findings. */
export function checkMixedPostures(input: RuleInput, findings: Finding[]): Finding[] {
  const { doc, ctx } = input;
  const located = strategiesOf(doc, input, findings);
  const plan = assessPlan(
    located.map((l) => l.strategy),
    advisorProfile(ctx),
  );
  const out: Finding[] = [];
  if (plan.issues.some((i) => i.rule === 'SCCT-A8')) {
    const others = located.filter((l) => {
      const f = STRATEGY_FAMILY[l.strategy];
      return f === 'rebuild' || f === 'diminish';
    });
    for (const deny of located.filter((l) => STRATEGY_FAMILY[l.strategy] === 'deny')) {
      const para = paragraphOf(doc, deny.start);
      const near = others.filter((o) => paragraphOf(doc, o.start) === para);
      const with_ = (near.length > 0 ? near : others).map((o) => `"${doc.text.slice(o.start, o.end)}"`);
      out.push(
        finding(
          doc,
          MIXED_POSTURES,
          deny,
          near.length > 0 ? 'high' : 'medium',
          `This ${deny.strategy === 'scapegoat' ? 'blame' : 'denial'} sits ${near.length > 0 ? 'in the same paragraph as' : 'in the same statement as'} ${with_.slice(0, 3).join(', ')}: mixing deny with diminish or rebuild erodes the whole response (SCCT-A8).`,
          'Choose one posture. If the facts support a denial, deny with evidence and drop the apology; otherwise drop the denial and own the harm.',
        ),
      );
    }
  }
  if (plan.issues.some((i) => i.rule === 'SCCT-A9')) {
    const first = located.find((l) => l.strategy === 'reminder' || l.strategy === 'victimage');
    if (first) {
      out.push(
        finding(
          doc,
          BOLSTER_ONLY,
          first,
          'low',
          'Reminders of past good work are the only response strategy here; bolstering is a supplement only and was rated least effective.',
          'Lead with the base response (what happened, what to do) and an apology or corrective action; keep any reminder short and last.',
        ),
      );
    }
  }
  return out;
}
