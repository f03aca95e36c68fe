import type { Rule } from '../rule.ts';
import { finding, hasCredit } from '../rule.ts';
import { inSentence } from '../text.ts';
import type { Severity } from '../types.ts';

/**
 * LANG-N13, reticence ("no comment"): suboptimal for every violation type (Ferrin et al. 2007) and
 * worst in the immediate-response stage, unless the statement promises a later update.
 */

const RETICENCE =
  /\bno comment\b|\b(?:cannot|can't|can not|unable to|not able to|won't|will not|do not|don't|are not (?:able|in a position) to|not in a position to) (?:\w+ )?(?:comment|discuss|share (?:any )?(?:details|more|further|specifics)|provide (?:any )?(?:details|further (?:details|information)|more information)|say more|speculate)\b|\b(?:inappropriate|premature) to (?:speculate|comment)\b|\bongoing (?:legal )?matter\b|\bdeclined? to comment\b/g;

export const reticence: Rule = {
  id: 'LANG-N13',
  title: 'Reticence or no comment',
  defaultSeverity: 'high',
  citation:
    'Ferrin, Kim, Cooper & Dirks 2007, J. Applied Psychology 92(4); Coombs 2007 (avoid "no comment"); research §6.1 N13',
  check({ doc, ctx, credits }) {
    const updatePromised = hasCredit(credits, 'LANG-P9');
    const severity: Severity = updatePromised ? 'low' : ctx.stage === 'respond' ? 'high' : 'medium';
    const why = updatePromised
      ? 'Declining to say more is softened by the promised update, but say what you can now.'
      : ctx.stage === 'respond'
        ? 'Silence in the immediate response is the worst choice for both competence and integrity violations.'
        : 'Declining to comment with no promise of a later update reads as hiding.';
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, RETICENCE).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          why,
          'Say what you know, what you do not know yet, and when you will update: "We do not yet know how many accounts are affected; we will post an update by 18:00 today."',
        ),
      ),
    );
  },
};
