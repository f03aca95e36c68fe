import { APOLOGY, REGRET } from '../lexicon.ts';
import type { Rule } from '../rule.ts';
import { finding } from '../rule.ts';
import { inSentence } from '../text.ts';
import type { Finding, Severity } from '../types.ts';

/**
 * Non-apologies that blur the offense or question who was offended (Kampf 2009): conditional
 * apologies (N3), feelings-focused apologies (N4), apologies for a side effect (N6), and apologies for
 * the outcome rather than the act (N17).
 */

const APOLOGY_OR_REGRET = String.raw`(?:${APOLOGY}|${REGRET})`;

export const CONDITIONAL_APOLOGY = new RegExp(
  String.raw`\b${APOLOGY_OR_REGRET}\b(?:(?!\band\b|\bbut\b|\bso\b)[^.;!?,]){0,40}?\b(?:if|to the extent(?: that)?|in case|insofar as|should (?:anyone|you) (?:have|feel))\b` +
    String.raw`|\bif (?:anyone|anybody|any of you|some of you) (?:was|were|felt|has been|have been|may have been|might have been|took) (?:offended|upset|hurt|offence|offense)\b`,
);

export const FEELINGS_APOLOGY = new RegExp(
  String.raw`\b${APOLOGY_OR_REGRET}(?: \w+){0,2}? (?:that |if |for how |for the way )?(?:you|some (?:of you|users|customers|people|members|clients)|anyone|people|users|customers|many of you|our (?:users|customers|community|members|clients)) (?:feel|felt|are feeling|may feel|might feel|have felt|were made to feel|may have felt|might have felt)\b` +
    String.raw`|\bsorry for how (?:this|it|that) (?:made|makes|has made|may have made) you feel\b` +
    String.raw`|\b(?:${REGRET}|sorry for|apologi[sz]e for) (?:any|the) (?:concern|distress|upset|frustration|worry|anxiety|alarm|disappointment|offen[cs]e|hurt feelings)(?: (?:this|that|it))?(?: (?:may|might) have| has)?(?: caused)?`,
);

export const SCOPE_SHRINKING = new RegExp(
  String.raw`\b${APOLOGY_OR_REGRET}(?: \w+){0,2}? (?:for|about) (?:any |the |this |all the |any and all )?(?:inconveniences?|confusion|disruptions?|trouble|hassle|delays?|difficult(?:y|ies))\b(?:(?: (?:this|that|it))?(?: (?:may|might) have| has| may| might)?(?: caused)?)`,
);

const OUTCOME_NOT_ACT =
  /\b(?:regret|sorry (?:for|about)|apologi[sz]e for) (?:the |how (?:it|this|things) )?(?:outcome|results?|turned out|consequences|way (?:it|this|things) (?:turned out|played out|went))\b|\bstand by (?:our|the|my) (?:decision|choice|approach)\b/;

const KAMPF = 'Kampf 2009, Journal of Pragmatics 41(11)';

export const conditionalApology: Rule = {
  id: 'LANG-N3',
  title: 'Conditional apology',
  defaultSeverity: 'high',
  citation: `${KAMPF}: questioning the identity of the offended; research §6.1 N3`,
  check({ doc }) {
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, CONDITIONAL_APOLOGY).map((m) =>
        finding(
          doc,
          this,
          m,
          'high',
          'A conditional apology ("sorry if…") questions whether anyone was harmed; people read it as a non-apology.',
          'Name the harm and apologize for it without a condition: "We are sorry that we exposed your contact details."',
        ),
      ),
    );
  },
};

export const feelingsApology: Rule = {
  id: 'LANG-N4',
  title: 'Feelings-focused apology',
  defaultSeverity: 'high',
  citation: `${KAMPF}: the apology moves the problem to the audience's reaction; research §6.1 N4`,
  check({ doc }) {
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, FEELINGS_APOLOGY).map((m) =>
        finding(
          doc,
          this,
          m,
          'high',
          "The apology is about how people feel, not about what the organization did, so it shifts the problem to the audience's reaction.",
          'Apologize for the act: "We are sorry that we sent your records to the wrong people."',
        ),
      ),
    );
  },
};

function scopeSeverity(kind: string, severity: number): Severity {
  if (kind === 'data_breach' || kind === 'misconduct' || kind === 'product_failure' || severity >= 4)
    return 'high';
  if (severity >= 3) return 'medium';
  return 'info';
}

export const scopeShrinkingApology: Rule = {
  id: 'LANG-N6',
  title: 'Scope-shrinking apology',
  defaultSeverity: 'medium',
  citation: `${KAMPF}: blurring the nature of the offense; research §6.1 N6`,
  check({ doc, ctx }) {
    const severity = scopeSeverity(ctx.kind, ctx.severity);
    const harm =
      ctx.kind === 'data_breach'
        ? 'a data breach'
        : ctx.kind === 'product_failure'
          ? 'a product failure'
          : ctx.kind === 'misconduct'
            ? 'misconduct'
            : `an incident of severity ${ctx.severity}`;
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, SCOPE_SHRINKING).map((m) =>
        finding(
          doc,
          this,
          m,
          severity,
          severity === 'info'
            ? 'An apology for the inconvenience is proportionate only for a minor disruption; make sure that is what happened.'
            : `After ${harm}, apologizing for "inconvenience" or "confusion" apologizes for a side effect, not the harm.`,
          'Apologize for the harm itself: "We are sorry that our failure exposed your account details."',
        ),
      ),
    );
  },
};

export const outcomeNotAct: Rule = {
  id: 'LANG-N17',
  title: 'Outcome, not act',
  defaultSeverity: 'medium',
  citation: `${KAMPF}: apologizing for the outcome rather than the act; research §6.1 N17`,
  check({ doc }) {
    return doc.sentences.flatMap((s) =>
      inSentence(doc, s, OUTCOME_NOT_ACT).map((m): Finding =>
        finding(
          doc,
          this,
          m,
          'medium',
          'Regretting how things turned out while standing by the decision apologizes for the result, not for the act that caused it.',
          'Say which decision was wrong and what you are changing: "Our decision to share this data was wrong, and we have stopped."',
        ),
      ),
    );
  },
};
