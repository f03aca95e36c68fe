import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Sentiment } from './feedback.ts';

/**
 * Text analytics for feedback: sentiment with a trust-domain word list on top of wink-nlp's
 * general lexicon, language, and themes. General lexicons read incident vocabulary ("breach",
 * "outage", "exposed") as the writer's feeling — "the breach notice was very clear" scores
 * negative — and miss how people say trust is gone ("I no longer trust them"). The domain list
 * masks the topic words and scores trust phrases itself. Accuracy on labelled sentences is
 * measured in analysis.test.ts and reported in docs/listening.md.
 */

// Sentiment needs sentence boundaries and negation only: a pipeline without tagging and entity
// recognition scores the same and runs 2–3× faster. Key phrases need parts of speech.
const sentimentNlp = winkNLP(model, ['sbd', 'negation', 'sentiment']);
const nlp = winkNLP(model);
const its = nlp.its;

/** Words that name what happened, not how the writer feels about it. */
const TOPIC =
  /\b(breach(es)?|outage|incident|affected|leak(ed)?|exposed?|exposure|attack(ed)?|hack(ed)?|vulnerabilit(y|ies)|failure|failed payments?|bug|crash(ed)?|compromised?|stolen|theft)\b/gi;

interface Cue {
  pattern: RegExp;
  weight: number;
}

/** How people say trust is gone, or coming back. Weights are in wink's sentiment scale (−1…1). */
const CUES: Cue[] = [
  {
    pattern: /\b(no longer|don'?t|do not|can'?t|cannot|won'?t|never) (trust|believe|rely on)\b/i,
    weight: -0.8,
  },
  { pattern: /\blost (all |my |our )?(trust|faith|confidence)\b/i, weight: -0.8 },
  {
    pattern:
      /\b(never again|cancel+(ing|ed)? (my|our)|switching to|moving to another|leaving you|close my account)\b/i,
    weight: -0.7,
  },
  {
    pattern: /\b(cover[- ]?up|covered (it )?up|lied|lying|liars?|misleading|dishonest|hid (it|this))\b/i,
    weight: -0.8,
  },
  {
    pattern:
      /\b(unacceptable|disgrace(ful)?|outrage(d|ous)?|furious|appalled|shameful|incompetent|negligen(t|ce))\b/i,
    weight: -0.7,
  },
  {
    pattern:
      /\b(too (late|slow)|took (you )?((far|way|much) )?(so|too) long|still waiting|no (answer|reply|response)|nobody (answered|replied))\b/i,
    weight: -0.6,
  },
  { pattern: /\b(nobody|no one) cares|(don'?t|do not|doesn'?t) care\b/i, weight: -0.6 },
  { pattern: /\b(not|wasn'?t|isn'?t|never) (clear|honest|transparent|helpful|good enough)\b/i, weight: -0.6 },
  { pattern: /\b(thank(s| you)|appreciate[ds]?|grateful)\b/i, weight: 0.5 },
  {
    pattern: /\b(clear|transparent|honest|open about|owned (it|up)|took responsibility|straightforward)\b/i,
    weight: 0.5,
  },
  { pattern: /\b(sensible|good idea|right step|welcome (step|change))\b/i, weight: 0.4 },
  {
    pattern:
      /\b(well handled|handled (it |this )?well|good job|quick(ly)? (fix|response|answer)|fast response|helpful|reassur(ed|ing))\b/i,
    weight: 0.6,
  },
  {
    pattern:
      /\b(trust (you|them|it) again|rebuil(t|ding) (my |our )?trust|regain(ed)? (my |our )?trust|back on track)\b/i,
    weight: 0.6,
  },
];

export interface SentimentResult {
  sentiment: Sentiment;
  score: number;
}

/** Sentiment of a text: positive, negative, neutral, or mixed when it holds both clearly. */
export function sentimentOf(text: string): SentimentResult {
  const masked = text.replace(TOPIC, 'event');
  const general = sentimentNlp.readDoc(masked).out(sentimentNlp.its.sentiment) as number;
  let positive = Math.max(0, general);
  let negative = Math.min(0, general);
  for (const cue of CUES) {
    if (!cue.pattern.test(text)) continue;
    if (cue.weight > 0 && !/\b(not|wasn'?t|isn'?t|never) (clear|honest|transparent|helpful)\b/i.test(text))
      positive += cue.weight;
    if (cue.weight < 0) negative += cue.weight;
  }
  // A clearly negative cue outweighs polite framing ("thanks, but I no longer trust you").
  const score = Math.max(-1, Math.min(1, positive + negative));
  const sentiment: Sentiment =
    positive >= 0.4 && negative <= -0.4
      ? 'mixed'
      : score > 0.1
        ? 'positive'
        : score < -0.1
          ? 'negative'
          : 'neutral';
  return { sentiment, score: Math.round(score * 1000) / 1000 };
}

/** Words that make up a large share of any English text and rarely appear in other languages' text. */
const ENGLISH_FUNCTION_WORDS = new Set(
  'the and of to is was are were my your you they them it this that with for have has not been will would what where why when our their from at'.split(
    ' ',
  ),
);

/** Plainly English: at least three function words making a third of the words (no detector needed). */
function plainlyEnglish(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+(?:'\p{L}+)*/gu) ?? [];
  let hits = 0;
  for (const w of words) if (ENGLISH_FUNCTION_WORDS.has(w)) hits++;
  return hits >= 3 && hits * 3 >= words.length;
}

type Detector = (typeof import('eld/small'))['eld'];
let detector: Detector | null = null;

/**
 * Loads the language detector: ELD (Efficient Language Detector) with its small n-gram database,
 * 60 languages, ~100,000 short texts/s. Its 1.6 MB of data takes ~0.2 s to load, so it is loaded
 * by whatever analyses (the analysis steps, the demo), not by every CLI start. Idempotent.
 */
export async function loadLanguageDetector(): Promise<void> {
  detector ??= (await import('eld/small')).eld;
}

/**
 * The language of a text (ISO 639-1), or null when it is too short or the detector is unsure. The
 * detector decides what the English fast path does not.
 * @throws Error unless `loadLanguageDetector()` has run.
 */
export function languageOf(text: string): string | null {
  if (text.trim().length < 12) return null;
  if (plainlyEnglish(text)) return 'en';
  if (!detector) throw new Error('the language detector is not loaded: await loadLanguageDetector() first');
  const r = detector.detect(text);
  return r.language && r.isReliable() ? r.language : null;
}

/** A theme: a name and the words or phrases that put feedback in it. */
export interface ThemeRule {
  name: string;
  terms: string[];
}

/** Themes that fit most incidents; an organization adds, renames and merges its own. */
export const DEFAULT_THEMES: ThemeRule[] = [
  {
    name: 'Communication',
    terms: [
      'notice',
      'email',
      'e-mail',
      'letter',
      'update',
      'told',
      'inform',
      'communication',
      'statement',
      'explain',
    ],
  },
  {
    name: 'Compensation',
    terms: [
      'refund',
      'compensation',
      'credit monitoring',
      'identity monitoring',
      'money back',
      'reimburse',
      'voucher',
      'discount',
    ],
  },
  {
    name: 'Security',
    terms: ['security', 'password', 'encrypt', 'protect', 'breach', 'hack', 'bucket', 'access'],
  },
  {
    name: 'Personal data',
    terms: ['data', 'bank details', 'bank account', 'salary', 'address', 'records', 'personal information'],
  },
  {
    name: 'Support',
    terms: ['support', 'helpline', 'call centre', 'call center', 'phone line', 'answer', 'reply', 'waiting'],
  },
  { name: 'Speed', terms: ['slow', 'late', 'took long', 'too long', 'quick', 'fast', 'days', 'weeks'] },
  { name: 'Trust', terms: ['trust', 'honest', 'lied', 'transparent', 'believe', 'confidence'] },
];

/** Each rule set's terms compiled once into one expression per theme. */
const compiled = new WeakMap<ThemeRule[], { name: string; pattern: RegExp }[]>();

function compile(rules: ThemeRule[]) {
  let c = compiled.get(rules);
  if (!c) {
    c = rules
      .filter((r) => r.terms.length > 0)
      .map((r) => ({
        name: r.name,
        pattern: new RegExp(
          `(?:^|[^a-z])(?:${r.terms.map((t) => escapeRegExp(t.toLowerCase())).join('|')})(?:s|es)?(?:[^a-z]|$)`,
        ),
      }));
    compiled.set(rules, c);
  }
  return c;
}

/** The themes a text belongs to, by the organization's rules (case-insensitive, whole words). */
export function themesOf(text: string, rules: ThemeRule[] = DEFAULT_THEMES): string[] {
  const lower = text.toLowerCase();
  return compile(rules)
    .filter((r) => r.pattern.test(lower))
    .map((r) => r.name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Key phrases of a text: every noun, and each pair of adjacent nouns, for suggesting new themes. */
export function keyPhrases(text: string): string[] {
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens().filter((t) => t.out(its.type) === 'word' && !t.out(its.stopWordFlag));
  const pos = tokens.out(its.pos) as string[];
  const words = tokens.out(its.normal) as string[];
  const phrases = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    if (pos[i] !== 'NOUN' && pos[i] !== 'PROPN') continue;
    phrases.add(words[i]!);
    if (i + 1 < words.length && (pos[i + 1] === 'NOUN' || pos[i + 1] === 'PROPN'))
      phrases.add(`${words[i]} ${words[i + 1]}`);
  }
  return [...phrases];
}

export interface Analysis {
  sentiment: Sentiment;
  sentimentScore: number;
  language: string | null;
  themes: string[];
}

/** Everything the listening pipeline records about a text. */
export function analyse(text: string, rules: ThemeRule[] = DEFAULT_THEMES): Analysis {
  const s = sentimentOf(text);
  return {
    sentiment: s.sentiment,
    sentimentScore: s.score,
    language: languageOf(text),
    themes: themesOf(text, rules),
  };
}
