import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import type { Question, Survey } from './survey.ts';
import {
  AMENDS_TRUST_INSTRUMENT,
  TRUST_SCALES,
  decideSubmission,
  questionsHash,
  signToken,
  summarizeQuestion,
  suppressedGroups,
  validateAnswers,
  validateQuestions,
  verifyToken,
  versionChange,
} from './survey.ts';

const KEY = 'test-key';
const claims = {
  organizationId: '01900000-0000-7000-8000-000000000001',
  surveyId: '01900000-0000-7000-8000-000000000002',
  recipientId: '01900000-0000-7000-8000-000000000003',
  expiresAt: Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000),
};

const wave = (over: Partial<Survey> = {}) => ({
  status: 'open' as const,
  opensAt: null,
  closesAt: '2030-01-01T00:00:00.000Z',
  editWindowMinutes: 60,
  ...over,
});

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return undefined;
}

describe('survey link tokens', () => {
  it('should round-trip claims and fit in a URL path segment', () => {
    const token = signToken(KEY, claims);
    expect(token.length).toBeLessThan(200);
    expect(verifyToken(KEY, token, Date.parse('2029-01-01'))).toEqual({ ok: true, claims });
  });

  it('should refuse a token with any character changed, or signed with another key', () => {
    const token = signToken(KEY, claims);
    for (const i of [0, 10, 40, 71, 73, 100, token.length - 2]) {
      const c = token[i] === 'A' ? 'B' : 'A';
      const bad = token.slice(0, i) + c + token.slice(i + 1);
      expect(verifyToken(KEY, bad, 0).ok, `position ${i}`).toBe(false);
    }
    expect(verifyToken('other', token, 0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('should call a token malformed when it is not one we could have issued', () => {
    for (const t of ['', 'abc', 'a.b', `${'A'.repeat(72)}.${'B'.repeat(42)}`, 'x'.repeat(300)]) {
      expect(verifyToken(KEY, t, 0)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('should report an expired token only when its signature holds', () => {
    const token = signToken(KEY, claims);
    expect(verifyToken(KEY, token, claims.expiresAt * 1000).ok).toBe(false);
    expect(verifyToken(KEY, token, claims.expiresAt * 1000)).toMatchObject({ reason: 'expired' });
    expect(verifyToken('other', token, claims.expiresAt * 1000)).toMatchObject({ reason: 'bad_signature' });
  });
});

describe('response rules', () => {
  it('should create first, replace inside the edit window, refuse after it', () => {
    const first = decideSubmission(wave(), undefined, '2029-06-01T10:00:00.000Z');
    expect(first).toEqual({ kind: 'create', editableUntil: '2029-06-01T11:00:00.000Z' });
    expect(decideSubmission(wave(), first, '2029-06-01T10:59:59.999Z').kind).toBe('replace');
    expect(code(() => decideSubmission(wave(), first, '2029-06-01T11:00:00.000Z'))).toBe('conflict');
  });

  it('should answer gone for a closed wave or one past its closing time, conflict before it opens', () => {
    expect(code(() => decideSubmission(wave({ status: 'closed' }), undefined, '2029-01-01T00:00:00Z'))).toBe(
      'gone',
    );
    expect(code(() => decideSubmission(wave(), undefined, '2030-01-01T00:00:00.000Z'))).toBe('gone');
    expect(code(() => decideSubmission(wave({ status: 'draft' }), undefined, '2029-01-01T00:00:00Z'))).toBe(
      'conflict',
    );
    expect(
      code(() =>
        decideSubmission(wave({ opensAt: '2029-02-01T00:00:00.000Z' }), undefined, '2029-01-01T00:00:00Z'),
      ),
    ).toBe('conflict');
  });
});

const questions: Question[] = [
  { id: 'nps', type: 'nps', text: 'Recommend?', required: true },
  { id: 'csat', type: 'csat', text: 'Satisfied?', required: false },
  { id: 'ab1', type: 'agreement', text: 'Able', required: true, dimension: 'ability' },
  {
    id: 'pick',
    type: 'single_choice',
    text: 'Pick',
    required: false,
    options: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ],
  },
  {
    id: 'many',
    type: 'multiple_choice',
    text: 'Many',
    required: false,
    options: [
      { id: 'x', label: 'X' },
      { id: 'y', label: 'Y' },
    ],
  },
  { id: 'say', type: 'text', text: 'Say', required: false, maxLength: 10 },
];

describe('answer validation', () => {
  it('should accept numbers and numeric strings in range, options and text', () => {
    const { answers, errors } = validateAnswers(questions, {
      nps: '10',
      csat: 4,
      ab1: '1',
      pick: 'b',
      many: ['x', 'y', 'x'],
      say: '  fine\r\n ',
    });
    expect(errors).toEqual([]);
    expect(answers).toEqual([
      { questionId: 'nps', choice: '', value: 10, text: null },
      { questionId: 'csat', choice: '', value: 4, text: null },
      { questionId: 'ab1', choice: '', value: 1, text: null },
      { questionId: 'pick', choice: 'b', value: 1, text: null },
      { questionId: 'many', choice: 'x', value: 1, text: null },
      { questionId: 'many', choice: 'y', value: 1, text: null },
      { questionId: 'say', choice: '', value: null, text: 'fine' },
    ]);
  });

  it('should name each problem: out of range, unknown option, missing required, control characters, unknown question', () => {
    const { errors } = validateAnswers(questions, {
      nps: '11',
      csat: 2.5,
      pick: 'c',
      many: ['x', 'z'],
      say: 'a\u0007b',
      extra: 1,
    });
    const by = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(by).toEqual({
      'answers.extra': 'is not a question of this survey',
      'answers.nps': 'choose a whole number from 0 to 10',
      'answers.csat': 'choose a whole number from 1 to 5',
      'answers.ab1': 'please answer this question',
      'answers.pick': 'choose one of the options shown',
      'answers.many': 'choose one of the options shown',
      'answers.say': 'must not contain control characters',
    });
    expect(
      validateAnswers(questions, { nps: -1, ab1: 8, say: 'x'.repeat(11) }).errors.map((e) => e.path),
    ).toEqual(['answers.nps', 'answers.ab1', 'answers.say']);
    expect(validateAnswers(questions, { nps: 0, ab1: 7, pick: ['a', 'b'] }).errors).toEqual([
      { path: 'answers.pick', message: 'choose one option' },
    ]);
  });
});

describe('instruments', () => {
  it('should ship a built-in instrument covering every trust scale with reverse-keyed items marked', () => {
    const qs = AMENDS_TRUST_INSTRUMENT.questions;
    expect(() => validateQuestions(qs)).not.toThrow();
    for (const scale of TRUST_SCALES) {
      expect(qs.filter((q) => q.dimension === scale).length, scale).toBeGreaterThanOrEqual(3);
    }
    expect(qs.filter((q) => q.reverse).map((q) => q.id)).toEqual(['be4', 'in4', 'bi4']);
    expect(qs.map((q) => q.type)).toEqual(expect.arrayContaining(['nps', 'csat', 'ces', 'text']));
  });

  it('should make a new version only when a wave uses the wording that changes', () => {
    const current = {
      organizationId: 'o',
      instrumentId: 'i',
      number: 1,
      questions,
      contentHash: questionsHash(questions),
      createdAt: '',
    };
    expect(versionChange(current, questions, true)).toBe('unchanged');
    const edited = questions.map((q) => (q.id === 'nps' ? { ...q, text: 'Recommend us?' } : q));
    expect(versionChange(current, edited, false)).toBe('rewrite');
    expect(versionChange(current, edited, true)).toBe('new_version');
  });

  it('should refuse duplicate ids, choice questions without options and misplaced flags', () => {
    expect(
      code(() =>
        validateQuestions([
          { id: 'a', type: 'text', text: 'x', required: false },
          { id: 'a', type: 'single_choice', text: 'y', required: false, options: [{ id: 'o', label: 'O' }] },
          { id: 'c', type: 'nps', text: 'z', required: false, reverse: true },
        ]),
      ),
    ).toBe('validation');
  });
});

describe('results', () => {
  it('should compute distribution, mean, NPS and top-box figures by hand-checked values', () => {
    const nps = summarizeQuestion(
      questions[0]!,
      [
        { questionId: 'nps', choice: '', value: 10, n: 3 },
        { questionId: 'nps', choice: '', value: 8, n: 1 },
        { questionId: 'nps', choice: '', value: 2, n: 1 },
      ],
      5,
    );
    // (3·10 + 8 + 2) / 5 = 8; NPS = 100 × (3 − 1) / 5 = 40.
    expect(nps).toMatchObject({
      n: 5,
      mean: 8,
      nps: { promoters: 3, passives: 1, detractors: 1, score: 40 },
    });
    expect(nps.distribution).toMatchObject({ '0': 0, '2': 1, '8': 1, '10': 3 });
    const csat = summarizeQuestion(
      questions[1]!,
      [
        { questionId: 'csat', choice: '', value: 5, n: 1 },
        { questionId: 'csat', choice: '', value: 4, n: 2 },
        { questionId: 'csat', choice: '', value: 1, n: 1 },
      ],
      4,
    );
    expect(csat).toMatchObject({ mean: 3.5, topBox: { count: 3, share: 0.75 } });
    const reverse = summarizeQuestion(
      { id: 'r', type: 'agreement', text: 'r', required: true, dimension: 'integrity', reverse: true },
      [{ questionId: 'r', choice: '', value: 2, n: 4 }],
      4,
    );
    expect(reverse).toMatchObject({ mean: 2, scoredMean: 6, reverse: true });
  });

  it('should hide groups under 5, and one more when the hidden ones alone would be revealed by subtraction', () => {
    expect(
      suppressedGroups([
        { value: 'a', n: 4 },
        { value: 'b', n: 4 },
        { value: 'c', n: 5 },
      ]),
    ).toEqual(new Set(['a', 'b']));
    expect(
      suppressedGroups([
        { value: 'a', n: 4 },
        { value: 'c', n: 5 },
        { value: 'd', n: 9 },
      ]),
    ).toEqual(new Set(['a', 'c']));
    expect(suppressedGroups([{ value: 'c', n: 5 }])).toEqual(new Set());
  });
});
