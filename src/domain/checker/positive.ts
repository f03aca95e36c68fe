import { APOLOGY, COMPENSATION, SPECIFIC_RE, WE } from './lexicon.ts';
import { CONDITIONAL_APOLOGY, FEELINGS_APOLOGY, SCOPE_SHRINKING } from './rules/apology-framing.ts';
import type { Doc, Sentence } from './text.ts';
import { has, inSentence } from './text.ts';
import type { Credit, RuleInfo } from './types.ts';

/**
 * Positive patterns LANG-P1…P10 (research §6.2) and the forgiveness request (Table F): passages the
 * apology scorer credits. They never raise a finding on their own.
 */

const CITATION = 'Lewicki, Polin & Lount 2016, NCMR 9(2); research §6.2';

interface Positive {
  id: string;
  label: string;
  re: RegExp;
  /** Extra condition on the sentence, e.g. a concrete detail. */
  when?: (doc: Doc, s: Sentence) => boolean;
}

const RESPONSIBILITY_VERBS = [
  'failed',
  String.raw`did(?: not|n't) (?:apply|patch|review|test|protect|follow|notify|tell|catch|detect|act|meet|check|encrypt|secure|live up|do enough|take|keep|update|fix|respond|listen|disclose|consult)`,
  String.raw`made (?:a |an |several |serious |two |three |many )?(?:\w+ )?(?:mistakes?|errors?|wrong (?:call|decision|choice)|bad (?:call|decision))`,
  String.raw`(?:were|was|got (?:it|this)) wrong`,
  String.raw`(?:are|am|'re|'m) (?:fully |solely |entirely )?responsible`,
  String.raw`(?:take|accept|bear) (?:full |complete |total |sole )?responsibility`,
  String.raw`own (?:this|it|the (?:mistake|failure|error|outcome)|our (?:mistake|failure|part))`,
  'should have',
  String.raw`let (?:you|them|our \w+|many of you|our \w+ and \w+) down`,
  'misconfigured',
  'mishandled',
  String.raw`(?:missed|ignored|overlooked) (?:a|an|the|our|your|its|this|that|these|those|several|multiple|repeated|clear|early|critical|warnings?|alerts?|signs?)`,
  'broke',
  'caused',
  'misled',
  'fell short',
  'dropped the ball',
  String.raw`(?:exposed|shared|sold|leaked|lost|deleted) (?:your|customers?'?|users?'?|personal|private|sensitive|employees?'?|patients?'?|members?'?)`,
];

const POSITIVES: Positive[] = [
  {
    id: 'LANG-P1',
    label: 'responsibility, first person and active',
    re: new RegExp(
      String.raw`\b${WE}(?: \w+){0,2}? (?:${RESPONSIBILITY_VERBS.join('|')})\b` +
        String.raw`|\b(?:this|it|that) (?:was|is) (?:entirely |completely |wholly )?(?:our|my) (?:fault|mistake|responsibility|error|failure|doing)\b` +
        String.raw`|\bour (?:mistake|error|failure|fault|decision to)\b` +
        String.raw`|\b(?:the )?(?:fault|responsibility|blame) (?:is|was|lies|rests) (?:entirely )?(?:with )?(?:ours|us|me)\b`,
      'g',
    ),
  },
  {
    id: 'LANG-P2',
    label: 'regret aimed at the harm',
    re: new RegExp(
      String.raw`\b${APOLOGY}\b|\b(?:we|i) (?:deeply |sincerely |truly )?regret (?:that |the |our |exposing|failing|letting|what|having)`,
      'g',
    ),
    when: (doc, s) =>
      !has(doc, s, CONDITIONAL_APOLOGY) && !has(doc, s, FEELINGS_APOLOGY) && !has(doc, s, SCOPE_SHRINKING),
  },
  {
    id: 'LANG-P3',
    label: 'explanation',
    re: /\b(?:because|root cause|the (?:immediate |underlying )?cause (?:was|is|of)|caused by|this happened (?:when|because|after)|due to|as a result of|resulted from|the reason (?:was|is)|(?:was|were) triggered by|stemmed from|traced (?:it |this )?(?:back )?to)\b/g,
  },
  {
    id: 'LANG-P4',
    label: 'repentance or a change of practice',
    re: /\b(?:we(?: have|'ve)? (?:changed|stopped|ended|discontinued|abandoned|withdrawn|banned|reversed|overhauled|redesigned|put in place|introduced (?:a |an |new )|added (?:a |an |new |mandatory |required )|replaced)|(?:we|i) (?:will|'ll) no longer|no longer (?:share|sell|use|allow|permit|store|keep|collect)|from now on|never again|(?:will not|won't) (?:happen|let (?:this|it) happen) again|(?:we|i) (?:will|'ll) (?:now )?(?:require|always))\b/g,
  },
  {
    id: 'LANG-P5',
    label: 'concrete offer of repair',
    re: new RegExp(
      String.raw`\b(?:will|we'll|i'll|are|is|have|has been|have been|we've)(?: \w+){0,2}? (?:offer|provid|refund|credit|reimburs|giv|cover|pay|reset|replac|compensat|fix|patch|contact|notify|email|call|restor|rotat|revok|delet|monitor|deploy|complet|finish|audit|review|publish|add|introduc|requir|enabl|hir|appoint)\w*\b|${COMPENSATION}`,
      'g',
    ),
    when: (doc, s) => has(doc, s, SPECIFIC_RE),
  },
  {
    id: 'LANG-P6',
    label: 'instructing information',
    re: /^(?:[-*+]\s+|\d+[.)]\s+)?(?:please,? )?(?:reset|change|check|contact|call|email|visit|update|enable|review|watch|look out|go to|sign in|log in|turn on|do not|don't|be alert|be wary|monitor|report|read|follow|install|download|freeze)\b|https?:\/\/\S+|\bwww\.\S+|\+?\d[\d ().-]{7,}\d|\b(?:helpline|hotline|help (?:centre|center|desk|line|page)|support@\S+|faq)\b|\byou (?:should|can|may want to|need to|must) (?:reset|change|check|contact|call|enable|monitor|update|review|freeze|watch)\b/g,
  },
  {
    id: 'LANG-P7',
    label: 'concern and empathy',
    re: /\b(?:we|i) (?:understand|know|recognise|recognize|realise|realize|appreciate)(?: that)? (?:this|how|you|many|the|it|what|your)\b|\b(?:this|it) (?:is|was|has been|must be) (?:\w+ )?(?:worrying|upsetting|frustrating|stressful|concerning|distressing|disruptive|difficult|unsettling)\b|\bwe (?:hear|see) you\b|\blet (?:you|many of you|our \w+) down\b|\bdisrupted your\b|\bour thoughts are with\b/g,
  },
  {
    id: 'LANG-P8',
    label: 'distrust regulation (controls, audits, oversight)',
    re: /\b(?:independent (?:\w+ )?(?:auditors?|audits?|firms?|reviews?|monitors?|assessments?|investigations?|experts?|oversight)|external (?:audits?|reviews?|auditors?)|third-party (?:audits?|reviews?|assessments?)|audit(?:s|ed|ing)?|oversight|governance|access controls?|penetration test\w*|certif(?:y|ied|ication))\b/g,
  },
  {
    id: 'LANG-P9',
    label: 'transparency commitment (a schedule of updates)',
    re: /\b(?:updates? (?:every|each|daily|weekly|twice)|(?:next|further|another|regular|an) updates? (?:by|on|at|within|before|tomorrow|this|next)|(?:we|i) (?:will|'ll) (?:post|publish|share|send|provide|give) (?:an? |regular |weekly |daily |further |the next |more |our )?(?:update|progress|report|findings|details|postmortem)\w*|status page|(?:publish|post) (?:our|the|its) (?:findings|report|postmortem|results))\b/g,
  },
  {
    id: 'LANG-P10',
    label: 'voice invitation',
    re: /\b(?:tell us|let us know|reply to (?:this|us)|write to us|(?:we|our \w+(?: \w+)?) (?:read|reads|will read|answer|answers) every|share your (?:feedback|questions|concerns|thoughts|experience)|your feedback|we (?:want|would like|'d like) to hear|questions or concerns|listening sessions?|town halls?)\b/g,
  },
  {
    id: 'APOL-F6',
    label: 'request for forgiveness',
    re: /\b(?:ask(?:ing)? (?:for )?(?:your )?forgiveness|(?:hope|ask|pray) (?:that )?you (?:can|will|could|might|may) (?:\w+ )?forgive|forgive us|beg your (?:pardon|forgiveness))\b/g,
  },
];

/** The positive patterns as rule metadata, for the docs and the UI. */
export const POSITIVE_RULES: RuleInfo[] = POSITIVES.map((p) => ({
  id: p.id,
  title: p.label,
  defaultSeverity: 'info',
  citation: p.id === 'APOL-F6' ? 'Lewicki, Polin & Lount 2016; research §3.6' : CITATION,
}));

/** Every positive pattern in the statement, in order of position. */
export function findPositives(doc: Doc): Credit[] {
  const out: Credit[] = [];
  for (const s of doc.sentences) {
    for (const p of POSITIVES) {
      const matches = inSentence(doc, s, p.re);
      if (matches.length === 0 || (p.when && !p.when(doc, s))) continue;
      for (const m of matches) {
        out.push({
          rule: p.id,
          start: m.start,
          end: m.end,
          text: doc.text.slice(m.start, m.end),
          label: p.label,
        });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

/** True when the sentence or paragraph has an apology that is not conditional, feelings-based or scope-shrunk. */
export function isApology(doc: Doc, span: { start: number; end: number }): boolean {
  return has(doc, span, new RegExp(String.raw`\b${APOLOGY}\b`));
}
