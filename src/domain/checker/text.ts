import type { Paragraph as NlcstParagraph, Root, Sentence as NlcstSentence } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';

/**
 * The statement as the rules see it: paragraphs, sentences and words with character offsets into the
 * original string, from retext's English parser (nlcst). Rules match against `norm`, a lower-cased
 * copy of the text of exactly the same length (curly quotes straightened), so an offset found in
 * `norm` is an offset into `text`.
 */

export interface Word {
  start: number;
  end: number;
  /** Lower-cased, apostrophes straightened. */
  lower: string;
}

export interface Sentence {
  index: number;
  paragraph: number;
  start: number;
  end: number;
  words: Word[];
}

export interface Paragraph {
  index: number;
  start: number;
  end: number;
  sentences: Sentence[];
}

export interface Doc {
  text: string;
  norm: string;
  paragraphs: Paragraph[];
  sentences: Sentence[];
  wordCount: number;
}

export interface Match {
  start: number;
  end: number;
  /** The matched text, normalized. */
  value: string;
  groups: (string | undefined)[];
}

const parser = unified().use(retextEnglish).freeze();

/**
 * Lower-cases without moving offsets: a few characters grow when lowered ("İ"), so when the
 * lengths differ the text is lowered character by character, keeping such characters as they are.
 */
export function normalize(text: string): string {
  let lower = text.toLowerCase();
  if (lower.length !== text.length) {
    lower = '';
    for (const ch of text) {
      const l = ch.toLowerCase();
      lower += l.length === ch.length ? l : ch;
    }
  }
  return lower
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u00a0/g, ' ');
}

const BLOCK_START = /^\s*(?:[-*+>|#]|\d{1,3}[.)])\s/;

/**
 * Markdown lists and headings often have no full stop, so the parser runs them into one sentence:
 * split a sentence at a line break when the next line starts a block (list item, heading, quote,
 * table row), the line before is a heading, or the line before ends with a colon.
 */
function splitLines(norm: string, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let from = start;
  for (let i = norm.indexOf('\n', start); i !== -1 && i < end; i = norm.indexOf('\n', i + 1)) {
    const line = norm.slice(from, i);
    const next = norm.slice(i + 1, Math.min(end, i + 12));
    if (BLOCK_START.test(next) || /^\s*#/.test(line) || /:\s*$/.test(line)) {
      out.push([from, i]);
      from = i + 1;
    }
  }
  out.push([from, end]);
  return out
    .map(([s, e]): [number, number] => {
      while (s < e && /\s/.test(norm[s]!)) s++;
      while (e > s && /\s/.test(norm[e - 1]!)) e--;
      return [s, e];
    })
    .filter(([s, e]) => e > s);
}

function wordsOf(node: NlcstSentence, norm: string): Word[] {
  const words: Word[] = [];
  for (const child of node.children) {
    if (child.type !== 'WordNode' || !child.position) continue;
    const start = child.position.start.offset!;
    const end = child.position.end.offset!;
    words.push({ start, end, lower: norm.slice(start, end) });
  }
  return words;
}

/** Parses a statement. Pure; the same text always gives the same document. */
export function buildDoc(text: string): Doc {
  const norm = normalize(text);
  const tree = parser.parse(text) as Root;
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  let wordCount = 0;
  for (const child of tree.children) {
    if (child.type !== 'ParagraphNode' || !child.position) continue;
    const p: Paragraph = {
      index: paragraphs.length,
      start: child.position.start.offset!,
      end: child.position.end.offset!,
      sentences: [],
    };
    for (const node of (child as NlcstParagraph).children) {
      if (node.type !== 'SentenceNode' || !node.position) continue;
      const words = wordsOf(node, norm);
      for (const [start, end] of splitLines(norm, node.position.start.offset!, node.position.end.offset!)) {
        const s: Sentence = {
          index: sentences.length,
          paragraph: p.index,
          start,
          end,
          words: words.filter((w) => w.start >= start && w.end <= end),
        };
        wordCount += s.words.length;
        sentences.push(s);
        p.sentences.push(s);
      }
    }
    if (p.sentences.length > 0) paragraphs.push(p);
  }
  return { text, norm, paragraphs, sentences, wordCount };
}

/** Every match of a global regular expression within [start, end), with offsets into the text. */
export function matchAll(doc: Doc, re: RegExp, start: number, end: number): Match[] {
  const slice = doc.norm.slice(start, end);
  const out: Match[] = [];
  const g = re.global ? re : new RegExp(re.source, `${re.flags}g`);
  g.lastIndex = 0;
  for (let m = g.exec(slice); m !== null; m = g.exec(slice)) {
    if (m[0].length === 0) {
      g.lastIndex++;
      continue;
    }
    out.push({ start: start + m.index, end: start + m.index + m[0].length, value: m[0], groups: m.slice(1) });
  }
  return out;
}

/** Matches within one sentence. */
export function inSentence(doc: Doc, s: Sentence, re: RegExp): Match[] {
  return matchAll(doc, re, s.start, s.end);
}

/** True when the pattern occurs in the sentence. */
export function has(doc: Doc, s: Pick<Sentence, 'start' | 'end'>, re: RegExp): boolean {
  const g = new RegExp(re.source, re.flags.replace('g', ''));
  return g.test(doc.norm.slice(s.start, s.end));
}

/** The sentence text, normalized. */
export function sentenceText(doc: Doc, s: Pick<Sentence, 'start' | 'end'>): string {
  return doc.norm.slice(s.start, s.end);
}

/** Builds a case-insensitive, global regular expression from words joined as alternatives. */
export function words(list: readonly string[]): string {
  return `(?:${list.join('|')})`;
}
