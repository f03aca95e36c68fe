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

interface Counts {
  word: number;
  syllable: number;
}

function counts(doc: Doc, s: Sentence, cache: Map<string, number>): Counts {
  let word = 0;
  let syllables = 0;
  for (const w of s.words) {
    if (!LETTER.test(w.lower)) continue;
    word++;
    let n = cache.get(w.lower);
    if (n === undefined) {
      n = Math.max(1, syllable(w.lower));
      cache.set(w.lower, n);
    }
    syllables += n;
  }
  return { word, syllable: syllables };
}

function grade(sentences: number, c: Counts): number {
  if (sentences === 0 || c.word === 0) return 0;
  return Math.max(0, Math.round(fleschKincaid({ sentence: sentences, ...c }) * 10) / 10);
}

export function measureReadability(doc: Doc, audience: string): Readability {
  const target = readabilityTarget(audience);
  const prose = doc.sentences.filter((s) => s.words.some((w) => LETTER.test(w.lower)));
  const cache = new Map<string, number>();
  const per = prose.map((s) => ({ s, c: counts(doc, s, cache) }));
  const all = per.reduce((t, { c }) => ({ word: t.word + c.word, syllable: t.syllable + c.syllable }), {
    word: 0,
    syllable: 0,
  });
  const g = grade(prose.length, all);
  const hardSentences = per
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
