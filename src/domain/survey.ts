/**
 * Surveys: versioned instruments, waves sent to an audience, per-recipient signed links, the rules
 * of a response, and results with an anonymity threshold. Pure: no I/O (HMAC is computation).
 *
 * Research: `research/trust-repair-science.md` §8 (constructs kept separate, 7-point agreement with a
 * labelled midpoint, "never change item wording in the middle of a series: version the instrument",
 * waves T0–T4) and `research/listening-and-metrics.md` §1.2, §2.1–2.4 (signed single-use links, one
 * response per recipient enforced by the database, NPS/CSAT/CES arithmetic, suppress cuts under k = 5
 * including differences between cuts, verbatims only above the threshold).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, invalid } from './errors.ts';
import type { FieldError } from './errors.ts';

// ---------------------------------------------------------------------------------------------
// Questions

export const QUESTION_TYPES = [
  'nps',
  'csat',
  'ces',
  'agreement',
  'single_choice',
  'multiple_choice',
  'text',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The trust scales the built-in instrument measures, each on its own (MEAS §8.1). */
export const TRUST_SCALES = [
  'ability',
  'benevolence',
  'integrity',
  'distrust',
  'behavioural_integrity',
] as const;
export type TrustScale = (typeof TRUST_SCALES)[number];

export interface ChoiceOption {
  id: string;
  label: string;
}

export interface Question {
  /** Stable within an instrument: answers and results are keyed by it. */
  id: string;
  type: QuestionType;
  text: string;
  required: boolean;
  /** Agreement items: the scale they belong to. */
  dimension?: TrustScale | undefined;
  /** Agreement items worded against the construct: score as 8 − answer. */
  reverse?: boolean | undefined;
  /** Choice questions. */
  options?: ChoiceOption[] | undefined;
  /** Free text: longest answer accepted. */
  maxLength?: number | undefined;
}

/** How a scale question is drawn: its range and which labels anchor it. */
export type ScaleLabels = 'nps' | 'csat' | 'agreement';
export interface Scale {
  min: number;
  max: number;
  labels: ScaleLabels;
}

/** NPS 0–10; CSAT 1–5; CES 2.0 and trust items as 1–7 agreement (MEAS §2.3). */
export function scaleOf(type: QuestionType): Scale | undefined {
  switch (type) {
    case 'nps':
      return { min: 0, max: 10, labels: 'nps' };
    case 'csat':
      return { min: 1, max: 5, labels: 'csat' };
    case 'ces':
    case 'agreement':
      return { min: 1, max: 7, labels: 'agreement' };
    default:
      return undefined;
  }
}

export const DEFAULT_TEXT_MAX = 2000;
export const MAX_QUESTIONS = 100;
const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Checks an instrument's questions: unique ids, text, options where needed, flags only where they
 * mean something.
 * @throws AppError `validation` listing every problem with its path under `body.questions`.
 */
export function validateQuestions(questions: Question[]): void {
  const errors: FieldError[] = [];
  const at = (i: number, field: string, message: string) =>
    errors.push({ path: `body.questions.${i}${field ? `.${field}` : ''}`, message });
  if (questions.length === 0) errors.push({ path: 'body.questions', message: 'must have a question' });
  if (questions.length > MAX_QUESTIONS)
    errors.push({ path: 'body.questions', message: `must have at most ${MAX_QUESTIONS} questions` });
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    if (!QUESTION_ID.test(q.id))
      at(i, 'id', 'must be lowercase letters, digits and _ (1–40, a letter first)');
    if (seen.has(q.id)) at(i, 'id', `repeats the id ${q.id}`);
    seen.add(q.id);
    const choice = q.type === 'single_choice' || q.type === 'multiple_choice';
    if (choice) {
      const options = q.options ?? [];
      if (options.length < 2) at(i, 'options', 'a choice question needs at least 2 options');
      const ids = new Set(options.map((o) => o.id));
      if (ids.size !== options.length) at(i, 'options', 'option ids must be unique');
      options.forEach((o, j) => {
        if (!QUESTION_ID.test(o.id)) at(i, `options.${j}.id`, 'must be lowercase letters, digits and _');
      });
    } else if (q.options !== undefined) at(i, 'options', `a ${q.type} question has no options`);
    if (q.type !== 'agreement' && (q.dimension !== undefined || q.reverse !== undefined)) {
      at(i, 'dimension', 'only agreement items have a dimension or reverse keying');
    }
    if (q.type !== 'text' && q.maxLength !== undefined) at(i, 'maxLength', 'only free text has a length');
  });
  if (errors.length > 0) {
    throw new AppError('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  }
}

/** A stable hash of a question list: two versions with the same hash ask exactly the same. */
export function questionsHash(questions: Question[]): string {
  return createHash('sha256').update(JSON.stringify(questions)).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Instruments and versions

export interface Instrument {
  organizationId: string;
  id: string;
  /** Unique per organization; `amends-trust` is the built-in one. */
  key: string;
  name: string;
  description: string | null;
  currentVersion: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One frozen wording of an instrument. A wave pins one; it never changes once a wave uses it. */
export interface InstrumentVersion {
  organizationId: string;
  instrumentId: string;
  number: number;
  questions: Question[];
  contentHash: string;
  createdAt: string;
}

/**
 * What editing an instrument's questions does: nothing when the wording is unchanged; rewrite the
 * current version when no wave uses it yet; otherwise a new version, so every wave keeps the exact
 * items its answers were given to (MEAS §8.3 "never change item wording in the middle of a series").
 */
export function versionChange(
  current: InstrumentVersion,
  next: Question[],
  usedByAWave: boolean,
): 'unchanged' | 'rewrite' | 'new_version' {
  if (questionsHash(next) === current.contentHash) return 'unchanged';
  return usedByAWave ? 'new_version' : 'rewrite';
}

export const BUILTIN_INSTRUMENT_KEY = 'amends-trust';

const agree = (id: string, dimension: TrustScale, text: string, reverse = false): Question => ({
  id,
  type: 'agreement',
  text,
  required: true,
  dimension,
  ...(reverse ? { reverse: true } : {}),
});

/**
 * The "Amends trust instrument", version 1: items written in our own words for the themes of
 * MEAS §8.2 (ability, benevolence, integrity, distrust, behavioural integrity; 7-point agreement,
 * reverse-keyed items marked), plus NPS, CSAT, CES and one open question. Not yet validated
 * (MEAS §8.2: pilot, α/ω ≥ .70, CFA): frozen from here on; a change is a new version.
 */
export const AMENDS_TRUST_INSTRUMENT: {
  key: string;
  name: string;
  description: string;
  questions: Question[];
} = {
  key: BUILTIN_INSTRUMENT_KEY,
  name: 'Amends trust instrument',
  description:
    'Ability, benevolence, integrity, distrust and behavioural integrity (7-point agreement), with NPS, CSAT and CES.',
  questions: [
    agree('ab1', 'ability', 'This organization has the skills to deliver what it promises.'),
    agree('ab2', 'ability', 'This organization knows its field well.'),
    agree('ab3', 'ability', 'This organization is capable of fixing the problems it caused.'),
    agree('ab4', 'ability', 'This organization has a record of doing its work well.'),
    agree('be1', 'benevolence', 'This organization cares about what happens to people like me.'),
    agree(
      'be2',
      'benevolence',
      'This organization would not knowingly harm me to gain something for itself.',
    ),
    agree('be3', 'benevolence', 'This organization thinks about my needs when it makes decisions.'),
    agree(
      'be4',
      'benevolence',
      'This organization puts its own interests before mine whenever it can.',
      true,
    ),
    agree('in1', 'integrity', 'This organization tells the truth, even when the truth is uncomfortable.'),
    agree('in2', 'integrity', 'This organization treats the people it deals with fairly.'),
    agree('in3', 'integrity', 'This organization sticks to its principles when circumstances change.'),
    agree('in4', 'integrity', 'This organization bends the rules when it thinks nobody is watching.', true),
    agree('di1', 'distrust', 'I expect this organization to act against my interests.'),
    agree('di2', 'distrust', 'I feel I need to keep a close eye on what this organization does.'),
    agree('di3', 'distrust', 'I am wary of this organization’s motives.'),
    agree('bi1', 'behavioural_integrity', 'This organization does what it says it will do.'),
    agree('bi2', 'behavioural_integrity', 'This organization lives by the values it talks about.'),
    agree('bi3', 'behavioural_integrity', 'When this organization cannot keep a promise, it explains why.'),
    agree(
      'bi4',
      'behavioural_integrity',
      'What this organization promises and what it does often differ.',
      true,
    ),
    {
      id: 'nps',
      type: 'nps',
      text: 'How likely are you to recommend this organization to a friend or colleague?',
      required: true,
    },
    {
      id: 'csat',
      type: 'csat',
      text: 'Overall, how satisfied are you with how this organization has handled the incident?',
      required: true,
    },
    {
      id: 'ces',
      type: 'ces',
      text: 'This organization made it easy for me to get what I needed after the incident.',
      required: true,
    },
    {
      id: 'comment',
      type: 'text',
      text: 'What is the one thing this organization should do to earn back your trust?',
      required: false,
      maxLength: DEFAULT_TEXT_MAX,
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Waves

/** Waves of a recovery study (MEAS §8.3): T0 baseline … T4+ tracking. */
export const WAVE_KINDS = ['baseline', 'post_incident', 'post_response', 'post_reform', 'tracking'] as const;
export type WaveKind = (typeof WAVE_KINDS)[number];

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** One wave: an instrument version sent to one audience at one point of the recovery. */
export interface Survey {
  organizationId: string;
  id: string;
  incidentId: string | null;
  title: string;
  audience: string;
  wave: WaveKind;
  instrumentId: string;
  instrumentVersion: number;
  /** No participant–answer link kept, and no breakdown under the threshold. */
  anonymous: boolean;
  status: SurveyStatus;
  opensAt: string | null;
  closesAt: string | null;
  /** How long after the first submission answers may still be changed. */
  editWindowMinutes: number;
  /** Reminder steps, in hours after the invitation. */
  reminderHours: number[];
  openedAt: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_EDIT_WINDOW_MINUTES = 24 * 60;
/** A link without a closing date is valid this long after the invitation. */
export const DEFAULT_LINK_TTL_DAYS = 30;
/** The smallest group shown in anonymous mode (MEAS §2.4: k = 5). */
export const ANONYMITY_THRESHOLD = 5;

/** Moves of a wave: draft → open → closed; opening twice or closing twice changes nothing. */
export function surveyMove(from: SurveyStatus, to: 'open' | 'closed'): 'move' | 'same' {
  if (from === to) return 'same';
  if (from === 'closed') throw new AppError('conflict', 'the survey is closed; create a new wave instead');
  return 'move';
}

/** Whether the wave takes answers at `now`. */
export function acceptsAnswers(s: Pick<Survey, 'status' | 'opensAt' | 'closesAt'>, now: string): boolean {
  return (
    s.status === 'open' &&
    (s.opensAt === null || s.opensAt <= now) &&
    (s.closesAt === null || now < s.closesAt)
  );
}

/** When a recipient's link stops working: the wave's closing time, or 30 days after the invitation. */
export function linkExpiry(s: Pick<Survey, 'closesAt'>, invitedAt: string): string {
  return s.closesAt ?? new Date(Date.parse(invitedAt) + DEFAULT_LINK_TTL_DAYS * 86_400_000).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Links: HMAC-SHA256 over organization, wave, recipient and expiry

export interface TokenClaims {
  organizationId: string;
  surveyId: string;
  recipientId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_VERSION = 1;
const PAYLOAD_BYTES = 1 + 16 * 3 + 5;

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`not a UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidOf(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function mac(key: string, payload: Buffer): Buffer {
  return createHmac('sha256', key).update('amends-survey-link\n').update(payload).digest();
}

/**
 * A link token: the three ids packed as bytes with the expiry, then its HMAC — short enough for a
 * URL path (about 115 characters), verifiable without storing it.
 */
export function signToken(key: string, c: TokenClaims): string {
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(TOKEN_VERSION, 0);
  uuidBytes(c.organizationId).copy(payload, 1);
  uuidBytes(c.surveyId).copy(payload, 17);
  uuidBytes(c.recipientId).copy(payload, 33);
  payload.writeUIntBE(c.expiresAt, 49, 5);
  return `${payload.toString('base64url')}.${mac(key, payload).toString('base64url')}`;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired'; claims?: TokenClaims };

/**
 * Verifies a link token: its shape, then its signature (in constant time), then its expiry — an
 * expired link is only reported as such once its signature holds.
 */
export function verifyToken(key: string, token: string, nowMs: number): TokenCheck {
  const m = /^([A-Za-z0-9_-]{72})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const payload = Buffer.from(m[1]!, 'base64url');
  const given = Buffer.from(m[2]!, 'base64url');
  if (payload.length !== PAYLOAD_BYTES || payload.readUInt8(0) !== TOKEN_VERSION || given.length !== 32) {
    return { ok: false, reason: 'malformed' };
  }
  if (!timingSafeEqual(given, mac(key, payload))) return { ok: false, reason: 'bad_signature' };
  const claims: TokenClaims = {
    organizationId: uuidOf(payload.subarray(1, 17)),
    surveyId: uuidOf(payload.subarray(17, 33)),
    recipientId: uuidOf(payload.subarray(33, 49)),
    expiresAt: payload.readUIntBE(49, 5),
  };
  if (nowMs >= claims.expiresAt * 1000) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

// ---------------------------------------------------------------------------------------------
// Responses

/** What a response already on file allows. */
export interface ExistingResponse {
  editableUntil: string;
}

export type SubmissionDecision =
  { kind: 'create'; editableUntil: string } | { kind: 'replace'; editableUntil: string };

/**
 * The response rules: the first submission creates the response, editable for the wave's window;
 * a submission inside the window replaces it; after the window → `conflict` (409); a wave that is
 * closed or past its closing time → `gone` (410); one not open yet → `conflict`.
 * (The link's own expiry is checked with its signature, see verifyToken.)
 * @throws AppError `gone` or `conflict`.
 */
export function decideSubmission(
  survey: Pick<Survey, 'status' | 'opensAt' | 'closesAt' | 'editWindowMinutes'>,
  existing: ExistingResponse | undefined,
  now: string,
): SubmissionDecision {
  assertAnswerable(survey, existing, now);
  if (existing) return { kind: 'replace', editableUntil: existing.editableUntil };
  const until = Date.parse(now) + survey.editWindowMinutes * 60_000;
  return { kind: 'create', editableUntil: new Date(until).toISOString() };
}

/**
 * Whether the form may be shown or submitted now (the same rules as decideSubmission).
 * @throws AppError `gone` or `conflict`.
 */
export function assertAnswerable(
  survey: Pick<Survey, 'status' | 'opensAt' | 'closesAt'>,
  existing: ExistingResponse | undefined,
  now: string,
): void {
  if (survey.status === 'closed' || (survey.closesAt !== null && now >= survey.closesAt)) {
    throw new AppError('gone', 'this survey has closed; answers are no longer accepted');
  }
  if (!acceptsAnswers(survey, now)) throw new AppError('conflict', 'this survey is not open yet');
  if (existing && now >= existing.editableUntil) {
    throw new AppError(
      'conflict',
      `this link was already used; answers could be changed until ${existing.editableUntil}`,
    );
  }
}

/** One stored answer: a number (scales; 1 for a ticked option), a choice, or text. */
export interface Answer {
  questionId: string;
  /** Option id for choice questions, '' otherwise. */
  choice: string;
  value: number | null;
  text: string | null;
}

/** Input as received: a number or numeric string, an option id, a list of option ids, or text. */
export type RawAnswers = Record<string, unknown>;

function asInteger(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d{1,3}\s*$/.test(v)) return Number(v);
  return undefined;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * Validates answers against the questions of a wave's instrument version.
 * @returns the rows to store, and one error per question in error (path `answers.<id>`); unknown
 * question ids are errors too.
 */
export function validateAnswers(
  questions: Question[],
  raw: RawAnswers,
): { answers: Answer[]; errors: FieldError[] } {
  const answers: Answer[] = [];
  const errors: FieldError[] = [];
  const err = (id: string, message: string) => errors.push({ path: `answers.${id}`, message });
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(raw)) {
    if (!known.has(id)) err(id, 'is not a question of this survey');
  }
  for (const q of questions) {
    const v = raw[q.id];
    if (isBlank(v) || (typeof v === 'string' && v.trim() === '')) {
      if (q.required) err(q.id, 'please answer this question');
      continue;
    }
    const scale = scaleOf(q.type);
    if (scale) {
      const n = asInteger(Array.isArray(v) && v.length === 1 ? v[0] : v);
      if (n === undefined || n < scale.min || n > scale.max) {
        err(q.id, `choose a whole number from ${scale.min} to ${scale.max}`);
      } else answers.push({ questionId: q.id, choice: '', value: n, text: null });
      continue;
    }
    if (q.type === 'single_choice' || q.type === 'multiple_choice') {
      const options = new Set((q.options ?? []).map((o) => o.id));
      const picked = Array.isArray(v) ? v : [v];
      if (q.type === 'single_choice' && picked.length > 1) {
        err(q.id, 'choose one option');
        continue;
      }
      if (!picked.every((p): p is string => typeof p === 'string' && options.has(p))) {
        err(q.id, 'choose one of the options shown');
        continue;
      }
      for (const p of new Set(picked)) answers.push({ questionId: q.id, choice: p, value: 1, text: null });
      continue;
    }
    // Free text.
    if (typeof v !== 'string') {
      err(q.id, 'must be text');
      continue;
    }
    const text = v.replace(/\r\n?/g, '\n').trim();
    const max = q.maxLength ?? DEFAULT_TEXT_MAX;
    if (CONTROL.test(text)) err(q.id, 'must not contain control characters');
    else if (text.length > max) err(q.id, `must be at most ${max} characters`);
    else answers.push({ questionId: q.id, choice: '', value: null, text });
  }
  return { answers, errors };
}

/** Throws the errors of validateAnswers as one `validation` AppError. */
export function answersOrThrow(questions: Question[], raw: RawAnswers): Answer[] {
  const { answers, errors } = validateAnswers(questions, raw);
  if (errors.length > 0) {
    throw new AppError('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  }
  return answers;
}

/** Segment attributes of a recipient, for breakdowns: short keys and values. */
export function validateSegments(segments: Record<string, unknown>, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Object.entries(segments);
  if (entries.length > 20) throw invalid(path, 'must have at most 20 attributes');
  for (const [k, v] of entries) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k))
      throw invalid(`${path}.${k}`, 'is not a valid attribute name');
    if (typeof v !== 'string' || v.length === 0 || v.length > 100 || CONTROL.test(v)) {
      throw invalid(`${path}.${k}`, 'must be text of 1–100 characters');
    }
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Results

/** Counts of one question's answers as stored: per numeric value or per option. */
export interface AnswerCount {
  questionId: string;
  choice: string;
  value: number | null;
  n: number;
}

export interface QuestionResult {
  id: string;
  type: QuestionType;
  text: string;
  dimension: TrustScale | null;
  reverse: boolean;
  /** People who answered this question. */
  n: number;
  /** Answers per scale point or per option (all points and options listed, zeros included). */
  distribution: Record<string, number> | null;
  mean: number | null;
  /** Reverse-keyed items: the mean scored in the construct's direction (8 − mean). */
  scoredMean: number | null;
  nps: { promoters: number; passives: number; detractors: number; score: number } | null;
  /** CSAT: share of 4 and 5; CES: share agreeing (5–7). */
  topBox: { count: number; share: number } | null;
  /** Free text: the newest answers (redacted in anonymous mode), when the group may be shown. */
  verbatims?: string[];
}

/**
 * Summarizes one question from its answer counts. `respondents` counts people who answered it
 * (for multiple choice, less than the number of ticks). Raw figures only: intervals belong to the
 * measurement feature.
 */
export function summarizeQuestion(q: Question, counts: AnswerCount[], respondents: number): QuestionResult {
  const scale = scaleOf(q.type);
  const base: QuestionResult = {
    id: q.id,
    type: q.type,
    text: q.text,
    dimension: q.dimension ?? null,
    reverse: q.reverse === true,
    n: respondents,
    distribution: null,
    mean: null,
    scoredMean: null,
    nps: null,
    topBox: null,
  };
  const mine = counts.filter((c) => c.questionId === q.id);
  if (scale) {
    const distribution: Record<string, number> = {};
    for (let v = scale.min; v <= scale.max; v++) distribution[String(v)] = 0;
    let total = 0;
    let sum = 0;
    for (const c of mine) {
      if (c.value === null) continue;
      distribution[String(c.value)] = (distribution[String(c.value)] ?? 0) + c.n;
      total += c.n;
      sum += c.value * c.n;
    }
    const mean = total > 0 ? round(sum / total) : null;
    const at = (lo: number, hi: number) =>
      Object.entries(distribution).reduce((a, [k, n]) => (Number(k) >= lo && Number(k) <= hi ? a + n : a), 0);
    const result: QuestionResult = {
      ...base,
      n: total,
      distribution,
      mean,
      scoredMean: mean !== null && q.reverse ? round(scale.min + scale.max - mean) : null,
    };
    if (q.type === 'nps' && total > 0) {
      const promoters = at(9, 10);
      const detractors = at(0, 6);
      result.nps = {
        promoters,
        passives: total - promoters - detractors,
        detractors,
        score: round((100 * (promoters - detractors)) / total),
      };
    }
    if (q.type === 'csat' && total > 0) result.topBox = { count: at(4, 5), share: round(at(4, 5) / total) };
    if (q.type === 'ces' && total > 0) result.topBox = { count: at(5, 7), share: round(at(5, 7) / total) };
    return result;
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const distribution: Record<string, number> = {};
    for (const o of q.options ?? []) distribution[o.id] = 0;
    for (const c of mine) distribution[c.choice] = (distribution[c.choice] ?? 0) + c.n;
    return { ...base, distribution };
  }
  return base;
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}

export interface GroupSize {
  /** The segment value; null for people without one. */
  value: string | null;
  n: number;
}

/**
 * Which breakdown groups must be hidden in anonymous mode: every group under `k` people; and, when
 * the hidden groups together hold fewer than `k` people, the smallest shown group too — otherwise
 * the total minus the shown groups would reveal them (MEAS §2.4: "apply it to differences between
 * cuts too"). Returns the hidden values.
 */
export function suppressedGroups(groups: GroupSize[], k = ANONYMITY_THRESHOLD): Set<string | null> {
  const hidden = new Set<string | null>(groups.filter((g) => g.n < k).map((g) => g.value));
  const hiddenTotal = groups.filter((g) => hidden.has(g.value)).reduce((a, g) => a + g.n, 0);
  if (hiddenTotal > 0 && hiddenTotal < k) {
    const shown = groups.filter((g) => !hidden.has(g.value)).sort((a, b) => a.n - b.n);
    if (shown[0]) hidden.add(shown[0].value);
  }
  return hidden;
}

// Trust scales as measured ------------------------------------------------------------------------

/** Agreement items are 1–7: a reverse-keyed item scores as this minus the answer. */
export const REVERSE_FROM = 8;

/** One trust scale of an instrument version: its agreement items in question order. */
export interface ScaleItems {
  dimension: TrustScale;
  items: { id: string; reverse: boolean }[];
}

/** The trust scales of an instrument version (agreement questions with a dimension), in order of first item. */
export function trustScales(questions: readonly Question[]): ScaleItems[] {
  const byDimension = new Map<TrustScale, ScaleItems>();
  for (const q of questions) {
    if (q.type !== 'agreement' || !q.dimension) continue;
    const scale = byDimension.get(q.dimension) ?? { dimension: q.dimension, items: [] };
    scale.items.push({ id: q.id, reverse: q.reverse === true });
    byDimension.set(q.dimension, scale);
  }
  return [...byDimension.values()];
}

/**
 * One respondent's scores on a scale: each item scored in the construct's direction and their
 * total, or null unless every item was answered (only complete responses enter a scale's mean and
 * Cronbach's alpha).
 */
export function scaleScores(
  scale: ScaleItems,
  values: ReadonlyMap<string, number>,
): { total: number; items: number[] } | null {
  const items: number[] = [];
  for (const item of scale.items) {
    const v = values.get(item.id);
    if (v === undefined) return null;
    items.push(item.reverse ? REVERSE_FROM - v : v);
  }
  return { total: items.reduce((a, b) => a + b, 0), items };
}
