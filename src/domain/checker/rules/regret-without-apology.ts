import { APOLOGY } from '../lexicon.ts';
import type { Rule } from '../rule.ts';
import { finding, hasCredit } from '../rule.ts';
import { has, inSentence } from '../text.ts';
import type { Severity } from '../types.ts';

/**
 * LANG-N5, regret without apology: "regret", "unfortunate" or "saddened" in a statement that neither
 * apologizes nor takes responsibility anywhere (Kampf 2009: compromising the performative verb;
 * Hargie et al. 2010: regret without culpability).
 */

const REGRET_TERMS =
  /\b(?:regret(?:s|ted|table|tably)?|unfortunate(?:ly)?|saddened|sad (?:that|to|about)|deeply troubled|(?:are|am|were) troubled|disappointed (?:that|by|to)|it is a shame)\b/g;

const APOLOGY_RE = new RegExp(String.raw`\b${APOLOGY}\b`);

export const regretWithoutApology: Rule = {
  id: 'LANG-N5',
  title: 'Regret without apology',
  defaultSeverity: 'medium',
  citation:
    'Kampf 2009 (compromising the performative verb); Hargie, Stapleton & Tourish 2010, Organization 17(6); research §6.1 N5',
  check({ doc, ctx, credits }) {
    if (ctx.culpability === 'disproved') return [];
    if (has(doc, { start: 0, end: doc.text.length }, APOLOGY_RE) || hasCredit(credits, 'LANG-P1')) return [];
    const severity: Severity = ctx.cluster === 'victim' ? 'low' : 'medium';
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, REGRET_TERMS).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          ctx.cluster === 'victim'
            ? 'Regret without an apology fits a crisis the organization did not cause; still say what people should do.'
            : 'The statement expresses regret but never apologizes or takes responsibility: regret alone reads as apology avoidance.',
          'Apologize and own it: "We are sorry. We failed to protect your data."',
        ),
      ),
    );
  },
};
