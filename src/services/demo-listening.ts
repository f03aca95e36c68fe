import { DEFAULT_THEMES, analyse, loadLanguageDetector } from '../domain/analysis.ts';
import type { Feedback } from '../domain/feedback.ts';
import { seededRng } from '../domain/metrics/random.ts';
import type { Store } from '../store/store.ts';
import type { RequestContext } from './common.ts';
import type { SurveyService } from './survey.service.ts';
import { newId } from '../store/ids.ts';

const DAY = 86_400_000;

/** What Paylode's customers and employees said before anything went wrong. */
const EVERYDAY = [
  'Payroll ran on time again, thanks.',
  'The new payslip layout is clear and easy to read.',
  'Support answered my question about holiday pay quickly.',
  'Could you add a CSV export of payslips?',
  'The holiday pay calculation was confusing this month.',
  'Signing in is slow on Monday mornings.',
  'Great service as always, thank you.',
  'Where do I change my bank details?',
];

/** After the breach: what people said, by how they felt. */
const NEGATIVE = [
  'I no longer trust Paylode with my bank details.',
  'Why did it take four days to tell us about the breach?',
  'Where is my identity monitoring code? Still waiting.',
  'Nobody answered the helpline for an hour.',
  'I want compensation for my salary data being exposed.',
  'You covered it up for days. Unacceptable.',
  'My employer should switch to another payroll provider.',
  'My home address and bank account were in that bucket. Furious.',
  'The letter took far too long to arrive.',
];
const NEUTRAL = [
  'Which of my records were in the bucket?',
  'When will the letters arrive?',
  'Is my home address part of the exposed data?',
  'Please send me a copy of the audit report.',
];
const POSITIVE = [
  'The breach notice was very clear, thank you.',
  'The identity monitoring code arrived today, thanks.',
  'The town hall answered my questions honestly.',
  'Good that you took responsibility quickly.',
  'I appreciate the credit monitoring offer.',
];
const MIXED = ['Thanks for the letter, but I do not trust you with my data any more.'];
const ELSEWHERE = [
  'Je veux savoir si mon adresse a été exposée dans cette fuite de données.',
  'Wann bekomme ich endlich den Code für die Identitätsüberwachung?',
];

export interface ListeningSeed {
  organizationId: string;
  incidentId: string;
  /** Midnight UTC of the demo's day 0. */
  start: number;
  /** The day the breach was disclosed. */
  disclosedDay: number;
  /** The last day of the demo (today). */
  today: number;
  /** Answers "Compensation": done on `lettersDoneDay`, so its loop is closed. */
  lettersActionId: string;
  lettersDoneDay: number;
  /** Answers "Personal data": still open, so people are waiting to hear back. */
  classificationActionId: string;
}

/**
 * Feedback for the demo: a quiet baseline for twelve weeks before the breach, a surge after the
 * disclosure that eases as the remedies land, analysed by the real pipeline, with two themes linked
 * to the actions that answer them — one loop closed, one with people still waiting. Deterministic:
 * the same demo every time.
 */
export async function seedListening(store: Store, o: ListeningSeed): Promise<number> {
  await loadLanguageDetector();
  const rng = seededRng(20261125);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)]!;
  const at = (day: number) => new Date(o.start + day * DAY + Math.floor(rng.uniform() * DAY)).toISOString();
  const items: Feedback[] = [];
  let person = 0;
  const item = (day: number, text: string, incidentId: string | null): Feedback => {
    const contact = incidentId !== null && rng.uniform() < 0.3;
    person += 1;
    const a = analyse(text, DEFAULT_THEMES);
    const createdAt = at(day);
    return {
      organizationId: o.organizationId,
      id: newId(),
      incidentId,
      channel: rng.uniform() < 0.8 ? 'form' : 'email',
      audience: rng.uniform() < 0.7 ? 'employees' : 'customers',
      text,
      ratings: {},
      contactEmail: contact ? `person${person}@mail.example` : null,
      contactName: null,
      consent: contact,
      source: null,
      sourceId: null,
      clientHash: null,
      redacted: false,
      sentiment: a.sentiment,
      sentimentScore: a.sentimentScore,
      language: a.language,
      themes: a.themes,
      analysedAt: createdAt,
      loopClosedAt: null,
      createdAt,
      version: 1,
    };
  };

  for (let day = -80; day < o.disclosedDay; day++) {
    const n = 1 + Math.floor(rng.uniform() * 3);
    for (let i = 0; i < n; i++) items.push(item(day, pick(EVERYDAY), null));
  }
  for (let day = o.disclosedDay; day <= o.today; day++) {
    const n = Math.round(45 * Math.exp(-(day - o.disclosedDay) / 6)) + 3;
    const negative = day < o.lettersDoneDay ? 0.65 : day < o.lettersDoneDay + 5 ? 0.4 : 0.25;
    for (let i = 0; i < n; i++) {
      const r = rng.uniform();
      const pool =
        r < negative
          ? NEGATIVE
          : r < negative + 0.05
            ? MIXED
            : r < negative + 0.08
              ? ELSEWHERE
              : day < o.lettersDoneDay && r < 0.9
                ? NEUTRAL
                : pick([POSITIVE, NEUTRAL, POSITIVE]);
      items.push(item(day, pick(pool), o.incidentId));
    }
  }
  items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  await store.feedback.insertMany(items);
  await store.feedback.saveAnalyses(items, items[items.length - 1]!.createdAt);

  const done = new Date(o.start + o.lettersDoneDay * DAY + 16 * 3_600_000).toISOString();
  await store.feedback.link(o.organizationId, o.lettersActionId, ['theme:Compensation'], done);
  await store.feedback.closeLoop(o.organizationId, o.lettersActionId, o.incidentId, done);
  await store.feedback.link(
    o.organizationId,
    o.classificationActionId,
    ['theme:Personal data'],
    new Date(o.start + 12 * DAY).toISOString(),
  );
  return items.length;
}

export interface WaveSeed {
  title: string;
  wave: 'baseline' | 'post_incident' | 'post_response' | 'post_reform' | 'tracking';
  incident?: string;
  audience: string;
  day: number;
  /** The hour the wave opens; answers come in over the next few hours. */
  hour: number;
  invited: number;
  responded: number;
  /** Where trust stands, on the 7-point agreement scale. */
  level: number;
  /** Sets the demo's clock to a day and hour, returning the time. */
  at: (day: number, hour?: number) => string;
}

/**
 * One survey wave of the built-in trust instrument, answered through signed links by most of those
 * invited, with answers drawn around `level` (reverse-keyed and distrust items the other way round).
 */
export async function seedWave(
  store: Store,
  surveys: SurveyService,
  ctx: RequestContext,
  orgSlug: string,
  w: WaveSeed,
  seed: number,
): Promise<void> {
  const rng = seededRng(seed);
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
  w.at(w.day, w.hour);
  const survey = (
    await surveys.createSurvey(ctx, orgSlug, {
      title: w.title,
      instrument: 'amends-trust',
      incident: w.incident,
      audience: w.audience,
      wave: w.wave,
    })
  ).record;
  await surveys.addRecipients(
    ctx,
    orgSlug,
    survey.id,
    Array.from({ length: w.invited }, (_, i) => ({
      email: `${w.wave}.${i}@clients.example`,
      segments: { region: i % 3 === 0 ? 'US' : 'EU' },
    })),
  );
  await surveys.move(ctx, orgSlug, survey.id, 'open');
  const recipients = await store.db
    .selectFrom('survey_recipients')
    .select('id')
    .where('organization_id', '=', survey.organizationId)
    .where('survey_id', '=', survey.id)
    .orderBy('id')
    .limit(w.responded)
    .execute();
  const { questions } = await surveys.getInstrument(ctx, orgSlug, 'amends-trust');
  for (const [i, r] of recipients.entries()) {
    const when = w.at(w.day, w.hour + 1 + Math.floor((i / recipients.length) * 4));
    const { token } = await surveys.link(survey, r.id, when);
    const person = rng.normal(w.level, 0.9);
    const answers: Record<string, number> = {};
    for (const q of questions) {
      if (q.type === 'agreement') {
        const v = clamp(rng.normal(person, 0.7), 1, 7);
        answers[q.id] = q.dimension === 'distrust' || q.reverse ? 8 - v : v;
      } else if (q.type === 'nps') answers[q.id] = clamp(((person - 1) / 6) * 10 + rng.normal(0, 1.2), 0, 10);
      else if (q.type === 'csat')
        answers[q.id] = clamp(((person - 1) / 6) * 4 + 1 + rng.normal(0, 0.5), 1, 5);
      else if (q.type === 'ces') answers[q.id] = clamp(person + rng.normal(0, 0.8), 1, 7);
    }
    await surveys.submit(token, answers);
  }
}
