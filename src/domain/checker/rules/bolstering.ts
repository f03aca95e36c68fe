import { APOLOGY } from '../lexicon.ts';
import type { Rule } from '../rule.ts';
import { finding } from '../rule.ts';
import { has, inSentence } from '../text.ts';
import type { Finding } from '../types.ts';

/**
 * LANG-N12, bolstering or self-praise inside the apology paragraph. Bolstering is a supplement only,
 * and the least effective strategy in tests (Coombs 2007; Benoit & Drew 1997); inside an apology it
 * turns attention from the harm to the organization. Judged per paragraph.
 */

export const BOLSTER =
  /\b(?:take|takes|taking|treat|treats) (?:\w+ ){0,3}?(?:very |extremely |incredibly |deeply |most |so )?seriously\b|\b(?:the )?utmost (?:seriousness|importance|care)\b|\bindustry[- ]lead(?:ing|er|ers)\b|\bworld[- ]class\b|\bbest[- ]in[- ]class\b|\bstate[- ]of[- ]the[- ]art\b|\bcutting[- ]edge\b|\b(?:long|proud|strong|excellent|impeccable|unblemished|outstanding) (?:track )?record\b|\btrack record\b|\bcommitment to (?:excellence|quality|security|privacy|our customers|transparency|safety)\b|\b(?:we|i) (?:pride ourselves|are proud|have always (?:been|led|put|prioriti[sz]ed))\b|\bproud (?:of|to)\b|\b(?:is|are|remains?) (?:our|my) (?:top|highest|number one|first|utmost) priority\b|\bour (?:top|highest|number one) priority\b|\b(?:highest|rigorous|robust|stringent) (?:security |privacy |safety )?standards\b|\bvalued customers?\b/g;

const APOLOGY_RE = new RegExp(String.raw`\b${APOLOGY}\b|\b(?:we|i) (?:deeply |sincerely )?regret\b`);

export const bolstering: Rule = {
  id: 'LANG-N12',
  title: 'Bolstering inside an apology',
  defaultSeverity: 'medium',
  citation: 'Coombs 2007 (bolster is supplemental only); Benoit & Drew 1997; research §6.1 N12',
  check({ doc }) {
    const out: Finding[] = [];
    for (const p of doc.paragraphs) {
      if (!has(doc, p, APOLOGY_RE)) continue;
      for (const s of p.sentences) {
        for (const m of inSentence(doc, s, BOLSTER)) {
          out.push(
            finding(
              doc,
              this,
              m,
              'medium',
              'Self-praise in the same paragraph as the apology turns attention from the harm to the organization.',
              'Move any reminder of past good work out of the apology, or drop it: let the apology and the fix speak.',
            ),
          );
        }
      }
    }
    return out;
  },
};
