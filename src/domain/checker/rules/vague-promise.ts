import { SPECIFIC_RE } from '../lexicon.ts';
import type { Rule } from '../rule.ts';
import { finding } from '../rule.ts';
import { has, inSentence } from '../text.ts';
import type { Finding } from '../types.ts';

/**
 * LANG-N14, the vague promise (cheap talk): commitment language with no number, date, named control,
 * owner or verification. An offer of repair must be concrete (Lewicki et al. 2016), and say–do
 * tracking needs promises that can be checked (Simons 2002).
 */

export const PROMISE =
  /\b(?:we|i)(?:'ll| will| shall| are going to| am going to|'re going to|(?: are| am| remain|'re|'m) (?:\w+ )?(?:committed|dedicated|determined) to|(?: are|'re| am) (?:\w+ )?working (?:hard )?(?:to|on)| (?:will )?(?:strive|aim|intend|plan|pledge|promise|commit) to)\b|\b(?:going|moving) forward\b/g;

const VAGUE =
  /\b(?:do better|improve\w*|strengthen\w*|enhance\w*|work hard\w*|continu\w+ to|striv\w+|learn\w*|ensur\w+|prioriti[sz]\w+|rebuild\w*|regain\w*|earn back|restor\w+ (?:your|the|our) trust|make (?:this|things|it) right|better|review (?:our|the|all) (?:processes|policies|practices|procedures)|take (?:appropriate |necessary |all )?(?:steps|action|measures)|everything (?:we can|possible|in our power)|lessons)\b/;

export const vaguePromise: Rule = {
  id: 'LANG-N14',
  title: 'Vague promise',
  defaultSeverity: 'medium',
  citation:
    'Lewicki, Polin & Lount 2016 (concrete repair); Simons 2002, Organization Science 13(1) (behavioral integrity); research §6.1 N14',
  check({ doc }) {
    const out: Finding[] = [];
    for (const s of doc.sentences) {
      const promise = inSentence(doc, s, PROMISE)[0];
      if (!promise || has(doc, s, SPECIFIC_RE)) continue;
      let end = s.end;
      while (end > promise.start && /[.!?;:,\s]/.test(doc.text[end - 1]!)) end--;
      const vague = has(doc, { start: promise.start, end }, VAGUE);
      out.push(
        finding(
          doc,
          this,
          { start: promise.start, end },
          vague ? 'medium' : 'low',
          vague
            ? 'A promise to "do better" with no date, number, owner or way to check it is cheap talk, and cannot be tracked.'
            : 'The promise names an action but not when it will be done or how anyone can check it.',
          'Make it checkable: what, by when, who owns it, how we will know. "By 30 April, our CISO will require two-factor sign-in for every employee account, and an external auditor will verify it."',
        ),
      );
    }
    return out;
  },
};
