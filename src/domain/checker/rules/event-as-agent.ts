import type { Rule } from '../rule.ts';
import { creditsIn, finding } from '../rule.ts';
import { inSentence } from '../text.ts';
import type { Severity } from '../types.ts';

/**
 * LANG-N2, the event as agent ("an issue arose"): a fault noun as the subject of an intransitive
 * verb of happening, so the failure happens by itself.
 */

const EVENT_AS_AGENT =
  /\b(?:(?:an?|the|this|that|some) )?(?:(?:technical|unexpected|unforeseen|configuration|software|system|security|data|network|human) )?(?:issues?|problems?|errors?|mistakes?|failures?|outages?|incidents?|bugs?|glitch(?:es)?|breach(?:es)?|lapses?|misconfigurations?|disruptions?|exposures?)(?: \w+){0,2}? (?:arose|arise|occurred|occurs|happened|happens|took place|emerged|crept in|surfaced|materiali[sz]ed|developed)\b|\bthere (?:was|were|has been|have been) (?:an? |some )?(?:issues?|errors?|problems?|mistakes?|lapses?)\b/g;

export const eventAsAgent: Rule = {
  id: 'LANG-N2',
  title: 'Event as agent',
  defaultSeverity: 'medium',
  citation: 'Kampf 2009 (questioning the identity of the offender); research §6.1 N2',
  check({ doc, ctx, credits }) {
    return doc.sentences.flatMap((s) => {
      const owned = creditsIn(credits, 'LANG-P1', s.start, s.end).length > 0;
      const severity: Severity = owned || ctx.cluster === 'victim' ? 'low' : 'medium';
      return inSentence(doc, s, EVENT_AS_AGENT).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          'The failure is the subject and nobody acts: it "happened", as if by itself.',
          'Say who or what did it: "We deployed a faulty configuration that took the service down."',
        ),
      );
    });
  },
};
