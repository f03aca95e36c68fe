import { FAULT_NOUNS, FAULT_PARTICIPLES, HARM_NOUNS } from '../lexicon.ts';
import type { Rule } from '../rule.ts';
import { finding } from '../rule.ts';
import { has, inSentence } from '../text.ts';
import type { ResolvedContext, Severity } from '../types.ts';

/**
 * The diminish family (SCCT excuse and justification; Benoit's minimization, differentiation and
 * transcendence): LANG-N7, N8 and N19. Their severity follows the advisor's posture: when Table A
 * says rebuild, diminishing is the wrong posture, not just weak wording.
 */

// A sentence about the failure: a fault event or a harm verb, not merely a mention of data.
const DATA_NOUNS = new Set([
  'data',
  'records?',
  'information',
  'details',
  'passwords?',
  'credentials',
  'accounts?',
  'files?',
  'payments?',
]);
const HARM_CONTEXT = new RegExp(
  `\\b(?:${[
    ...FAULT_NOUNS.filter((n) => !DATA_NOUNS.has(n)),
    ...FAULT_PARTICIPLES.filter((p) => !p.includes(' ')),
    'issues?',
    'disruptions?',
    'interruptions?',
    'downtime',
    'impact',
  ].join('|')})\\b`,
);

const MINIMIZERS = new RegExp(
  String.raw`\b(?:only|just|merely)(?: (?:a|an))? (?:few|small|handful|tiny|fraction|minority|limited|\d[\d,.]*%?|one|two|three|some|several)\b` +
    String.raw`|\ba (?:very )?(?:small|tiny|limited|minor) (?:number|subset|percentage|fraction|portion|group|set|minority|amount)\b` +
    String.raw`|\ba (?:small |tiny )?fraction of\b|\ba handful of\b|\ba minority of\b` +
    String.raw`|\b(?:less|fewer) than (?:\d[\d,.]*\s?%|one percent|a (?:handful|few|hundred|dozen))` +
    String.raw`|\b(?:minor|brief|briefly|momentary|momentarily|isolated|negligible|slight|slightly|limited|small|temporary|short-lived|minimal)(?: (?:technical|service|security|configuration|software|system|network))? (?:${HARM_NOUNS.join('|')})\b`,
  'g',
);

const EXCUSES =
  /\b(?:beyond|outside(?: of)?) (?:our|anyone's|anybody's|reasonable|any reasonable) control\b|\bunprecedented\b|\bunforesee(?:able|n)\b|\bcould(?: not|n't) (?:have )?(?:been )?(?:foreseen|predicted|anticipated|prevented)\b|\bno one could have (?:foreseen|predicted|anticipated|prevented|known)\b|\bindustry-wide\b|\bhighly sophisticated\b|\bsophisticated (?:attacks?|actors?|threats?|criminals?|hackers?|campaigns?|groups?)\b|\bperfect storm\b|\bacts? of god\b|\bforce majeure\b|\bnation-state\b|\bextremely rare\b|\bonce-in-an?-\w+\b|\bcombination of (?:unusual|rare|unforeseen|unexpected) (?:factors|circumstances|events)\b|\b(?:market|global|macroeconomic) (?:forces|conditions|headwinds)\b/g;

const DIFFERENTIATION =
  /\bunlike (?:other|many|some|most|recent|similar)\b|\bcompared (?:with|to) (?:other|similar|industry|recent|many)\b|\bin the (?:broader|wider|larger|bigger) (?:context|picture|scheme)\b|\bthe bigger picture\b|\bindustry averages?\b|\bfar (?:less|fewer|smaller) than\b|\bpales? in comparison\b/g;

/** How much a diminishing statement costs under the advisor's posture. */
export function diminishSeverity(ctx: ResolvedContext): { severity: Severity; why: string } {
  const { posture, postureRule } = ctx.advice;
  if (posture === 'rebuild')
    return {
      severity: 'high',
      why: `The advisor recommends rebuild here (${postureRule}, ${ctx.cluster} cluster): diminishing is the wrong posture.`,
    };
  if (posture === 'diminish')
    return {
      severity: 'medium',
      why: `Diminishing is allowed here (${postureRule}) only if it is true, and minimizing is rated least effective.`,
    };
  return {
    severity: 'low',
    why: `The advisor recommends ${posture} (${postureRule}); keep any diminishing true.`,
  };
}

export const minimization: Rule = {
  id: 'LANG-N7',
  title: 'Minimization',
  defaultSeverity: 'medium',
  citation:
    'Coombs 2007 (SCCT justification); Benoit & Drew 1997 (minimization rated least effective); research §6.1 N7',
  check({ doc, ctx }) {
    const { severity, why } = diminishSeverity(ctx);
    return doc.sentences.flatMap((s) =>
      has(doc, s, HARM_CONTEXT)
        ? inSentence(doc, s, MINIMIZERS).map((m) =>
            finding(
              doc,
              this,
              m,
              severity,
              `Downplaying the scope ("${doc.text.slice(m.start, m.end)}") reads as minimizing the harm. ${why}`,
              'State the scope as a plain number and say why it matters to the people affected: "4,200 customers (3%) had their addresses exposed."',
            ),
          )
        : [],
    );
  },
};

export const excuse: Rule = {
  id: 'LANG-N8',
  title: 'Excuse: uncontrollable forces',
  defaultSeverity: 'medium',
  citation:
    'Coombs 2007 (SCCT excuse); Hargie, Stapleton & Tourish 2010 (impersonal forces); research §6.1 N8',
  check({ doc, ctx }) {
    let severity: Severity;
    let why: string;
    if (ctx.preventableRootCauseKnown) {
      severity = 'high';
      why = 'Diagnosis found a preventable root cause, so this excuse contradicts the record.';
    } else if (ctx.externalCauseVerified && ctx.cluster !== 'preventable') {
      severity = 'info';
      why =
        'The external cause is verified, so an external account is acceptable (Table C); still say what you will change.';
    } else {
      ({ severity, why } = diminishSeverity(ctx));
    }
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, EXCUSES).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          `Appealing to forces no one controls ("${doc.text.slice(m.start, m.end)}") is an excuse. ${why}`,
          'Say what you could have done and what you are changing: "We had not patched a known flaw; we now patch critical flaws within 48 hours."',
        ),
      ),
    );
  },
};

export const differentiation: Rule = {
  id: 'LANG-N19',
  title: 'Differentiation or transcendence',
  defaultSeverity: 'low',
  citation: 'Benoit 1995/2015 (differentiation, transcendence); research §6.1 N19',
  check({ doc, ctx }) {
    const severity: Severity = ctx.advice.posture === 'rebuild' ? 'medium' : 'low';
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, DIFFERENTIATION).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          'Comparing with other incidents or the bigger picture reduces the offense by comparison; the people affected care about their own harm.',
          'Drop the comparison and describe this incident on its own terms.',
        ),
      ),
    );
  },
};
