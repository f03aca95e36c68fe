import { FAULT_NOUNS, FAULT_PARTICIPLES, NEUTRAL_PARTICIPLES } from '../lexicon.ts';
import type { Rule } from '../rule.ts';
import { creditsIn, finding } from '../rule.ts';
import type { Doc, Sentence, Word } from '../text.ts';
import type { Finding, Severity } from '../types.ts';

/**
 * LANG-N1, the agentless passive ("mistakes were made"): a passive auxiliary, then the participle of a
 * fault verb, with no "by" agent, in a sentence about the failure. Plain passives over-flag neutral
 * technical prose (research §6.1, implementation note), so the participle must be a fault verb
 * ("exposed", "accessed") or a neutral one ("made", "introduced") in a sentence naming a fault.
 * Written over retext's word tokens, so adverbs between the auxiliary and the participle
 * ("were inadvertently exposed") are handled.
 */

const AUXILIARIES = new Set([
  'am',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'get',
  'gets',
  'got',
  'gotten',
]);
const BETWEEN =
  /^(?:\w+ly|not|also|then|all|since|later|subsequently|potentially|possibly|mistakenly|wrongly)$/;
const STRONG = new RegExp(`^(?:${FAULT_PARTICIPLES.filter((p) => !p.includes(' ')).join('|')})$`);
const NEUTRAL = new RegExp(`^(?:${NEUTRAL_PARTICIPLES.filter((p) => !p.includes(' ')).join('|')})$`);
const FAULT_NOUN = new RegExp(`\\b(?:${FAULT_NOUNS.join('|')})\\b`);
// "by Friday", "by 10%", "by mistake", "by the end of" name a time, an amount or a manner, not an agent.
const NOT_AGENT =
  /^(?:mistake|accident|error|chance|default|design|hand|email|mail|phone|post|law|then|now|noon|midnight|today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|\d.*|the (?:end|time|close|middle|start))$/;

interface Passive {
  aux: Word;
  participle: Word;
  strong: boolean;
  agent: boolean;
}

function passivesIn(s: Sentence): Passive[] {
  const out: Passive[] = [];
  const w = s.words;
  for (let i = 0; i < w.length; i++) {
    if (!AUXILIARIES.has(w[i]!.lower)) continue;
    for (let j = i + 1; j <= Math.min(i + 3, w.length - 1); j++) {
      const word = w[j]!.lower;
      const strong = STRONG.test(word);
      if (strong || NEUTRAL.test(word)) {
        const next = w[j + 1]?.lower;
        const after = w
          .slice(j + 2, j + 4)
          .map((x) => x.lower)
          .join(' ');
        const agent = next === 'by' && !NOT_AGENT.test(after) && !NOT_AGENT.test(w[j + 2]?.lower ?? '');
        out.push({ aux: w[i]!, participle: w[j]!, strong, agent });
        break;
      }
      if (!BETWEEN.test(word)) break;
    }
  }
  return out;
}

function baseSeverity(cluster: string): Severity {
  return cluster === 'preventable' ? 'high' : cluster === 'accidental' ? 'medium' : 'low';
}

export const agentlessPassive: Rule = {
  id: 'LANG-N1',
  title: 'Agentless passive',
  defaultSeverity: 'high',
  citation:
    'Kampf 2009 (questioning the identity of the offender); Kim et al. 2006 (internal attribution); research §6.1 N1',
  check({ doc, ctx, credits }) {
    const out: Finding[] = [];
    for (const s of doc.sentences) {
      const sentence = doc.norm.slice(s.start, s.end);
      const aboutFault = FAULT_NOUN.test(sentence);
      for (const p of passivesIn(s)) {
        if (p.agent || (!p.strong && !aboutFault)) continue;
        // Naming ourselves as the actor in the same sentence ("…because we misconfigured it") answers the question the passive raises.
        const owned = creditsIn(credits, 'LANG-P1', s.start, s.end).length > 0;
        const severity: Severity = owned ? 'low' : baseSeverity(ctx.cluster);
        out.push(
          finding(
            doc,
            this,
            { start: p.aux.start, end: p.participle.end },
            severity,
            `"${textOf(doc, p.aux, p.participle)}" says what happened but not who did it. Hiding the actor reads as evasion` +
              (ctx.cluster === 'preventable'
                ? ', and in a preventable incident stakeholders expect the organization to own it.'
                : '.') +
              (owned ? ' The sentence does name us elsewhere, so this is minor.' : ''),
            ctx.cluster === 'victim'
              ? 'Name the actor: "An attacker accessed…" or "We exposed…".'
              : `Say who did it, in the active voice: "We ${p.participle.lower}…", for example "We exposed customer records when we misconfigured a server."`,
          ),
        );
      }
    }
    return out;
  },
};

function textOf(doc: Doc, a: Word, b: Word): string {
  return doc.text.slice(a.start, b.end);
}
