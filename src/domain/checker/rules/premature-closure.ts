import type { Rule } from '../rule.ts';
import { finding, proseSentences } from '../rule.ts';
import { inSentence } from '../text.ts';
import type { Finding } from '../types.ts';

/**
 * LANG-N15, premature closure or forgiveness first: asking for forgiveness is the least effective
 * apology component (Lewicki et al. 2016) and closing early cuts off stakeholder voice (Frantz &
 * Bennigson 2005). Flagged in the first two sentences; closure talk later is flagged (low) while the
 * incident is still in respond or diagnose.
 */

const CLOSURE =
  /\b(?:move on|moving on|put (?:this|it|these events|the incident|the matter|all (?:of )?this) behind (?:us|you|everyone)|turn(?:ing)? the page|clos(?:e|ing) (?:this|the) chapter|draw(?:ing)? a line under|(?:this|the) matter is (?:now )?closed|consider (?:this|the matter) closed)\b/g;

const FORGIVENESS =
  /\b(?:ask(?:ing)? (?:for )?(?:your )?forgiveness|(?:hope|ask|pray) (?:that )?you (?:can|will|could|might|may) (?:\w+ )?forgive|forgive us|beg your (?:pardon|forgiveness))\b/g;

export const prematureClosure: Rule = {
  id: 'LANG-N15',
  title: 'Premature closure or forgiveness first',
  defaultSeverity: 'medium',
  citation:
    'Lewicki, Polin & Lount 2016 (forgiveness is the weakest component); Frantz & Bennigson 2005 (voice before closure); research §6.1 N15',
  check({ doc, ctx }) {
    const out: Finding[] = [];
    const early = ctx.stage === 'respond' || ctx.stage === 'diagnose';
    proseSentences(doc).forEach((s, i) => {
      const opening = i < 2;
      for (const m of inSentence(doc, s, CLOSURE)) {
        if (!opening && !early) continue;
        out.push(
          finding(
            doc,
            this,
            m,
            opening ? 'medium' : 'low',
            opening
              ? 'Opening with closure tells people the organization wants to move on before they have been heard.'
              : `Talking of closure while the incident is still in ${ctx.stage} cuts off the people who have not been heard yet.`,
            'Replace it with what happens next and how people can be heard: "We will keep reporting progress until every action is done; tell us what we missed."',
          ),
        );
      }
      if (!opening) return;
      for (const m of inSentence(doc, s, FORGIVENESS)) {
        out.push(
          finding(
            doc,
            this,
            m,
            'medium',
            'Asking for forgiveness first is the least effective part of an apology; it belongs, if anywhere, after responsibility and repair.',
            'Open with what happened and that you are responsible; if you ask for forgiveness, do it at the end.',
          ),
        );
      }
    });
    return out;
  },
};
