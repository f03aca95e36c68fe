import type { Rule } from '../rule.ts';
import { finding } from '../rule.ts';
import { inSentence } from '../text.ts';
import type { Severity } from '../types.ts';

/** LANG-N18, legalistic hedging: weakens the acknowledgment of responsibility. */

const LEGALISTIC =
  /\balleged(?:ly)?\b|\bpurported(?:ly)?\b|\bwithout (?:admitting|admission of|accepting|prejudice)\b|\b(?:any|no) (?:legal )?liability\b|\bdeny (?:any )?liability\b|\bdenies (?:any )?liability\b/g;

export const legalisticHedging: Rule = {
  id: 'LANG-N18',
  title: 'Legalistic hedging',
  defaultSeverity: 'medium',
  citation:
    'Kampf 2009 (downgrading responsibility); research §6.1 N18 (informational when counsel requires it)',
  check({ doc, ctx }) {
    // For a rumor or a disproved claim, "alleged" is simply accurate.
    const severity: Severity = ctx.cluster === 'victim' || ctx.culpability === 'disproved' ? 'low' : 'medium';
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, LEGALISTIC).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          'Legal hedging weakens the acknowledgment of responsibility. If counsel requires it, keep it, and make sure the statement still owns the harm in substance.',
          'Where you can, say it plainly: "We are responsible for this." If counsel limits the wording, offer repair and concern instead of hedging.',
        ),
      ),
    );
  },
};
