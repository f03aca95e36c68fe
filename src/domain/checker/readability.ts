import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import type { Doc, Sentence } from './text.ts';
import type { Readability } from './types.ts';

/**
 * Readability as a Flesch–Kincaid grade level (the `flesch-kincaid` formula over retext's sentences
 * and words, syllables from `syllable`), against a target per audience. Targets follow plain-language
 * practice: the public and customers at about grade 8, specialists higher.
 */

export const READABILITY_TARGETS: Readonly<Record<string, number>> = {
  public: 8,
  customers: 8,
  employees: 9,
  partners: 10,
  investors: 12,
  regulators: 12,
};

/** The target for an audience; custom stakeholder groups get 9. */
export function readabilityTarget(audience: string): number {
  return READABILITY_TARGETS[audience] ?? 9;
}

const LETTER = /\p{L}/u;

function counts(doc: Doc, sentences: Sentence[]) {
  let word = 0;
  let syllables = 0;
  for (const s of sentences) {
    for (const w of s.words) {
      const text = doc.norm.slice(w.start, w.end);
      if (!LETTER.test(text)) continue;
      word++;
      syllables += Math.max(1, syllable(text));
    }
  }
  return { word, syllable: syllables };
}

function grade(sentences: number, c: { word: number; syllable: number }): number {
  if (sentences === 0 || c.word === 0) return 0;
  return Math.max(0, Math.round(fleschKincaid({ sentence: sentences, ...c }) * 10) / 10);
}

export function measureReadability(doc: Doc, audience: string): Readability {
  const target = readabilityTarget(audience);
  const prose = doc.sentences.filter((s) => s.words.some((w) => LETTER.test(doc.norm.slice(w.start, w.end))));
  const all = counts(doc, prose);
  const g = grade(prose.length, all);
  const hardSentences = prose
    .map((s) => ({ s, c: counts(doc, [s]) }))
    .filter(({ c }) => c.word >= 8)
    .map(({ s, c }) => ({ start: s.start, end: s.end, grade: grade(1, c) }))
    .filter((h) => h.grade >= target + 4);
  return {
    grade: g,
    target,
    audience,
    meetsTarget: g <= target,
    words: all.word,
    sentences: prose.length,
    hardSentences,
  };
}
