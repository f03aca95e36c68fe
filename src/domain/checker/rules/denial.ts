import type { Rule } from '../rule.ts';
import { finding, hasCredit } from '../rule.ts';
import { inSentence } from '../text.ts';
import type { Severity } from '../types.ts';

/**
 * Denial and attacks on the accuser (LANG-N10), gated like the advisor's deny posture, and the
 * evidence-of-absence hedge (LANG-N11).
 */

const CLAIMS = String.raw`(?:claims?|reports?|allegations?|accusations?|rumou?rs?|stories|articles?|reporting|speculation|suggestions?)`;
const FALSE = String.raw`(?:false|baseless|unfounded|misleading|inaccurate|untrue|malicious|defamatory|fabricated|irresponsible|sensationali[sz]ed|without merit|wholly inaccurate|categorically false|simply wrong|wrong)`;

export const DENIAL = new RegExp(
  String.raw`\b${FALSE} ${CLAIMS}\b` +
    String.raw`|\b${CLAIMS}(?: \w+){0,4}? (?:are|is|were|was) (?:\w+ )?${FALSE}\b` +
    String.raw`|\b(?:categorically|firmly|strongly|flatly|emphatically|vigorously) (?:reject|rejects|deny|denies|refute|refutes|dispute|disputes)\b` +
    String.raw`|\bwe (?:deny|reject|refute|dispute) (?:the |these |any |all |this |such )?(?:${CLAIMS}|characteri[sz]ation)\b` +
    String.raw`|\bdid (?:nothing|not do anything) wrong\b` +
    String.raw`|\bthere (?:was|has been|is|were) no (?:wrongdoing|breach|misconduct|cover-?up|hack|data breach)\b` +
    String.raw`|\bnever happened\b` +
    String.raw`|\b(?:no|not a(?: single)?(?: shred of)?) evidence (?:of|that) (?:any )?(?:wrongdoing|misconduct|a breach|breach|hack|cover-?up)\b`,
  'g',
);

const ABSENCE_HEDGE =
  /\b(?:no |not (?:found|seen|identified|detected) (?:any )?|nor any )evidence (?:that|of|to suggest|to indicate)(?: \w+){0,8}? (?:misused|misuse|used|accessed|access|exfiltrat\w+|viewed|copied|taken|stolen|exploited|compromised|fraud\w*|shared|sold|published)\b/g;

export const denial: Rule = {
  id: 'LANG-N10',
  title: 'Denial or attack on the accuser',
  defaultSeverity: 'high',
  citation:
    'Coombs 2007 (SCCT deny strategies; never mixed with rebuild); Kim et al. 2004 (premature denial later contradicted is the worst case); research §6.1 N10',
  check({ doc, ctx }) {
    const gated = ctx.culpability === 'disproved' && ctx.evidenceAttached && !ctx.deceptionInvolved;
    const severity: Severity = gated ? 'low' : 'high';
    const why = gated
      ? 'Culpability is disproved and evidence is attached, so a denial is allowed (SCCT-A6, KIM-B3): publish the evidence with it and keep it about the claim, not the people.'
      : ctx.culpability === 'disproved'
        ? 'Culpability is marked disproved, but no evidence is attached: a denial without evidence that later proves wrong is the worst outcome (KIM-B3 guardrail).'
        : `Culpability is ${ctx.culpability}: a denial now, if later contradicted, does more damage than any apology (KIM-B4).`;
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, DENIAL).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          why,
          gated
            ? 'Pair the denial with the evidence: "An independent review (linked) found no access to customer data."'
            : 'Say what is known and unknown and when you will know more: "We are investigating these reports and will publish what we find by Friday."',
        ),
      ),
    );
  },
};

export const absenceHedge: Rule = {
  id: 'LANG-N11',
  title: 'Evidence-of-absence hedge',
  defaultSeverity: 'low',
  citation:
    'research §6.1 N11 (often minimizes; acceptable only if true and paired with instructing information)',
  check({ doc, credits }) {
    const instructed = hasCredit(credits, 'LANG-P6');
    const severity: Severity = instructed ? 'low' : 'medium';
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, ABSENCE_HEDGE).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          instructed
            ? '"No evidence of misuse" is acceptable only if true, and the absence of evidence is not evidence of absence.'
            : '"No evidence of misuse" with no instructions reads as minimizing: people still need to know what to do.',
          'Say what you checked and what people should do anyway: "We have seen no use of the data so far; please reset your password and watch for phishing emails."',
        ),
      ),
    );
  },
};
