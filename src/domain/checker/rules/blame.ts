import type { Rule } from '../rule.ts';
import { creditsIn, finding } from '../rule.ts';
import { has, inSentence } from '../text.ts';
import type { Finding, Severity } from '../types.ts';

/**
 * Pointing away from the organization: scapegoating a third party or an individual (LANG-N9, judged
 * per paragraph) and aligning with the victims (LANG-N16).
 */

const TARGET = String.raw`(?:(?:a|an|the|our|one of our|its|their) )?(?:(?:third[- ]party|external|outside|former|rogue|junior|single|individual|lone|cloud|hosting|software|payment|upstream|network|data center|telecom)\s)*(?:vendors?|suppliers?|providers?|contractors?|subcontractors?|partners?|employees?|staff members?|engineers?|developers?|individuals?|person|insiders?|bad actors?|criminals?|hackers?|attackers?|cybercriminals?|threat actors?)`;

export const SCAPEGOAT = new RegExp(
  String.raw`\b(?:caused|triggered|introduced|created|started|brought about) by ${TARGET}\b` +
    String.raw`|\b(?:due to|because of|as a result of|the fault of|resulted from|stemmed from|traced (?:back )?to|attributable to|(?:the )?blame (?:lies )?with|responsibility (?:lies|rests) with) ${TARGET}\b` +
    String.raw`|\b${TARGET}(?:'s?)?(?: \w+){0,3}? (?:caused|triggered|introduced|is to blame|are to blame|was responsible|were responsible|acted alone|failed to|broke)\b`,
  'g',
);

/** Our own part, said in the same paragraph, turns an external account into an explanation. */
const OWN_PART =
  /\bour (?:own )?(?:controls?|oversight|due diligence|monitoring|review|processes|process|testing|vendor management|supplier management|responsibility|failure|mistake)\b|\b(?:we|i) (?:should have|are responsible|take responsibility|accept responsibility|failed|did not|didn't)\b/;

const VICTIM_ALIGNMENT =
  /\b(?:we|our company|the company|our team)(?: too| also)? (?:were|are|have been|was) (?:also |too )?(?:\w+ )?(?:victims?|targeted|attacked|harmed) (?:too|as well|of this|in this)\b|\blike (?:our|many|all|so many of our) (?:customers|users|members|clients|employees|you)(?: \w+)?,? (?:we|our company)\b|\ball of us (?:are|were) (?:victims|affected|hurt)\b|\bwe are (?:all|also) victims\b|\bwe(?: too| also)? were (?:also )?(?:the )?victims?\b|\bwe too (?:were|are|have been) (?:affected|hurt|harmed)\b/g;

export const scapegoating: Rule = {
  id: 'LANG-N9',
  title: 'Scapegoating or third-party blame',
  defaultSeverity: 'high',
  citation:
    'Coombs 2007 (SCCT scapegoat, a deny strategy); Kim et al. 2006 (external attribution fails for competence violations); research §6.1 N9',
  check({ doc, ctx, credits }) {
    const out: Finding[] = [];
    for (const p of doc.paragraphs) {
      const owned = has(doc, p, OWN_PART) || creditsIn(credits, 'LANG-P1', p.start, p.end).length > 0;
      if (owned) continue;
      let severity: Severity;
      let why: string;
      if (ctx.externalCauseVerified && ctx.cluster !== 'preventable') {
        severity = 'low';
        why =
          'The external cause is verified, so naming it is fair (Table C), but say what you will change about how you chose or back up that party.';
      } else if (ctx.cluster === 'victim') {
        severity = 'low';
        why =
          'In a victim crisis the outside cause may be the truth; keep it factual and say what people should do.';
      } else {
        severity = 'high';
        why = `In a ${ctx.cluster} crisis, blaming another party with no word about our own part in this paragraph reads as scapegoating.`;
      }
      for (const s of p.sentences) {
        for (const m of inSentence(doc, s, SCAPEGOAT)) {
          out.push(
            finding(
              doc,
              this,
              m,
              severity,
              why,
              'Own your part next to theirs: "Our vendor\'s update failed, and we had no test that would have caught it. We are adding one."',
            ),
          );
        }
      }
    }
    return out;
  },
};

export const victimAlignment: Rule = {
  id: 'LANG-N16',
  title: 'Victim alignment',
  defaultSeverity: 'medium',
  citation: 'Hargie, Stapleton & Tourish 2010 (alignment with the victims); SCCT-A10; research §6.1 N16',
  check({ doc, ctx }) {
    if (ctx.cluster === 'victim') return [];
    const severity: Severity = ctx.cluster === 'preventable' ? 'high' : 'medium';
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, VICTIM_ALIGNMENT).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          `Presenting the organization as a fellow victim fits victim crises only (SCCT-A10); this is a ${ctx.cluster} incident.`,
          'Speak to the people affected rather than alongside them: "You trusted us with your data, and we did not protect it."',
        ),
      ),
    );
  },
};
