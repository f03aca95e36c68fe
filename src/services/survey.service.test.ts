import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import type { AppError } from '../domain/errors.ts';
import type { Question, Survey } from '../domain/survey.ts';
import type { TestDb } from '../../test/db.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import { SYSTEM, makeIncident, makeMember, makeOrg } from '../../test/factories.ts';
import type { GroupResult, SurveyInput } from './survey.service.ts';

const QUESTIONS: Question[] = [
  { id: 'nps', type: 'nps', text: 'Would you recommend us?', required: true },
  { id: 'csat', type: 'csat', text: 'How satisfied are you?', required: false },
  { id: 'ab1', type: 'agreement', text: 'They can fix it.', required: false, dimension: 'ability' },
  {
    id: 'plan',
    type: 'single_choice',
    text: 'Your plan',
    required: false,
    options: [
      { id: 'free', label: 'Free' },
      { id: 'pro', label: 'Pro' },
    ],
  },
  { id: 'say', type: 'text', text: 'Anything else?', required: false },
];

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as AppError).code;
  }
  return undefined;
}

describe.each(await dialects())('surveys on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let now = Date.parse('2029-03-01T09:00:00.000Z');
  const clock = () => new Date(now);

  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn, clock);
  });
  afterAll(async () => db?.drop());

  async function wave(org: string, over: Partial<SurveyInput> = {}) {
    const i = await s.surveys.createInstrument(SYSTEM, org, {
      key: `i-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Pulse',
      questions: QUESTIONS,
    });
    const survey = (
      await s.surveys.createSurvey(SYSTEM, org, {
        title: 'After the outage',
        instrument: i.record.instrument.id,
        audience: 'customers',
        wave: 'post_incident',
        closesAt: '2029-04-01T00:00:00Z',
        editWindowHours: 24,
        ...over,
      })
    ).record;
    await s.surveys.move(SYSTEM, org, survey.id, 'open');
    return survey;
  }

  async function recipients(survey: Survey, list: { email: string; segments?: Record<string, string> }[]) {
    await s.surveys.addRecipients(
      SYSTEM,
      (await s.store.accounts.findOrganizationById(survey.organizationId))!.slug,
      survey.id,
      list,
    );
    const rows = await s.store.db
      .selectFrom('survey_recipients')
      .select(['id', 'email'])
      .where('organization_id', '=', survey.organizationId)
      .where('survey_id', '=', survey.id)
      .orderBy('email')
      .execute();
    return Promise.all(
      rows.map(async (r) => ({
        ...r,
        token: (await s.surveys.link(survey, r.id, new Date(now).toISOString())).token,
      })),
    );
  }

  it('should take one response per link, replace it inside the edit window and refuse it after (409)', async () => {
    const org = (await makeOrg(s)).slug;
    const survey = await wave(org);
    const [ana] = await recipients(survey, [{ email: 'Ana@Example.test' }]);
    expect(ana!.email).toBe('ana@example.test');

    const first = await s.surveys.submit(ana!.token, { nps: 9, say: 'Better than I feared' });
    expect(first).toMatchObject({ created: true, editableUntil: '2029-03-02T09:00:00.000Z' });
    now += 23 * 3_600_000;
    const second = await s.surveys.submit(ana!.token, { nps: '4' });
    expect(second).toMatchObject({ created: false, responseId: first.responseId });
    const form = await s.surveys.form(ana!.token);
    expect(form.answers).toEqual([{ questionId: 'nps', choice: '', value: 4, text: null }]);
    // The replaced free text is no longer feedback either.
    const fb = await s.feedback.list(SYSTEM, org, { channel: 'survey' }, { limit: 10 });
    expect(fb.items).toHaveLength(0);

    now += 3_600_000;
    expect(await codeOf(s.surveys.submit(ana!.token, { nps: 10 }))).toBe('conflict');
    expect(await codeOf(s.surveys.form(ana!.token))).toBe('conflict');
    const results = await s.surveys.results(SYSTEM, org, survey.id);
    expect(results.respondents).toBe(1);
    expect(results.questions.find((q) => q.id === 'nps')!.mean).toBe(4);
  });

  it('should answer 410 for an expired link and for a closed wave, and refuse tampered links', async () => {
    const org = (await makeOrg(s)).slug;
    const survey = await wave(org, { closesAt: undefined });
    const [a, b] = await recipients(survey, [{ email: 'a@example.test' }, { email: 'b@example.test' }]);
    const tampered = a!.token.slice(0, 20) + (a!.token[20] === 'A' ? 'B' : 'A') + a!.token.slice(21);
    expect(await codeOf(s.surveys.form(tampered))).toBe('not_found');
    expect(await codeOf(s.surveys.submit('not-a-token', { nps: 1 }))).toBe('validation');
    // Links without a closing date work 30 days after the invitation.
    const saved = now;
    now += 30 * 86_400_000;
    expect(await codeOf(s.surveys.submit(a!.token, { nps: 1 }))).toBe('gone');
    now = saved;
    await s.surveys.move(SYSTEM, org, survey.id, 'closed');
    expect(await codeOf(s.surveys.submit(b!.token, { nps: 1 }))).toBe('gone');
    expect(await codeOf(s.surveys.move(SYSTEM, org, survey.id, 'open'))).toBe('conflict');
  });

  it('should validate answers: out of range, unknown option, missing required, control characters', async () => {
    const org = (await makeOrg(s)).slug;
    const survey = await wave(org);
    const [a] = await recipients(survey, [{ email: 'a@example.test' }]);
    try {
      await s.surveys.submit(a!.token, { csat: 6, plan: 'gold', say: 'x\u0000y' });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('validation');
      expect((e as AppError).errors.map((x) => x.path).sort()).toEqual([
        'answers.csat',
        'answers.nps',
        'answers.plan',
        'answers.say',
      ]);
    }
    // Nothing was stored: the link still makes a first response.
    expect((await s.surveys.submit(a!.token, { nps: 0 })).created).toBe(true);
  });

  it('should never change the questions a wave pinned: editing a used instrument makes a new version', async () => {
    const org = (await makeOrg(s)).slug;
    const made = await s.surveys.createInstrument(SYSTEM, org, {
      key: 'pulse',
      name: 'Pulse',
      questions: QUESTIONS,
    });
    const id = made.record.instrument.id;
    // Unused: rewritten in place.
    const rewritten = await s.surveys.updateInstrument(
      SYSTEM,
      org,
      'pulse',
      { questions: QUESTIONS.map((q) => (q.id === 'nps' ? { ...q, text: 'Recommend us?' } : q)) },
      undefined,
    );
    expect(rewritten.instrument.currentVersion).toBe(1);
    const survey = (
      await s.surveys.createSurvey(SYSTEM, org, {
        title: 'T0',
        instrument: id,
        audience: 'customers',
        wave: 'baseline',
      })
    ).record;
    const edited = await s.surveys.updateInstrument(
      SYSTEM,
      org,
      id,
      { questions: QUESTIONS.slice(0, 2) },
      rewritten.instrument.version,
    );
    expect(edited.instrument.currentVersion).toBe(2);
    expect(edited.versions.map((v) => [v.number, v.waves])).toEqual([
      [1, 1],
      [2, 0],
    ]);
    expect((await s.surveys.getInstrumentVersion(SYSTEM, org, id, 1)).questions).toHaveLength(5);
    expect((await s.surveys.getSurvey(SYSTEM, org, survey.id)).survey.instrumentVersion).toBe(1);
    expect(await codeOf(s.surveys.updateInstrument(SYSTEM, org, id, { name: 'x' }, 1))).toBe('stale');
    // The built-in instrument by its key.
    const builtin = (
      await s.surveys.createSurvey(SYSTEM, org, {
        title: 'T1',
        instrument: 'amends-trust',
        audience: 'customers',
        wave: 'post_incident',
      })
    ).record;
    const trust = await s.surveys.getInstrument(SYSTEM, org, builtin.instrumentId);
    expect(trust.instrument.key).toBe('amends-trust');
    expect(trust.questions.length).toBeGreaterThan(15);
  });

  it('should compute results by hand-checked values and break them down by a recipient attribute', async () => {
    const org = (await makeOrg(s)).slug;
    const survey = await wave(org);
    const people = await recipients(
      survey,
      ['a', 'b', 'c', 'd', 'e'].map((x, i) => ({
        email: `${x}@example.test`,
        segments: { region: i < 3 ? 'EU' : 'US' },
      })),
    );
    const given = [
      { nps: 10, csat: 5, plan: 'pro' },
      { nps: 9, csat: 4, plan: 'pro' },
      { nps: 7, csat: 2, plan: 'free' },
      { nps: 3, csat: 4 },
    ];
    for (const [i, answers] of given.entries()) await s.surveys.submit(people[i]!.token, answers);
    await s.surveys.invite(SYSTEM, org, survey.id);
    const r = await s.surveys.results(SYSTEM, org, survey.id, 'region');
    expect(r).toMatchObject({
      respondents: 4,
      invited: 5,
      responseRate: 0.8,
      suppressed: false,
      threshold: null,
    });
    const nps = r.questions.find((q) => q.id === 'nps')!;
    // Promoters 2 (10, 9), passives 1 (7), detractors 1 (3): NPS 25; mean 29 / 4 = 7.25.
    expect(nps).toMatchObject({
      n: 4,
      mean: 7.25,
      nps: { promoters: 2, passives: 1, detractors: 1, score: 25 },
    });
    // CSAT top-2-box: 5, 4, 4 of 4 answers → 0.75; mean 15 / 4 = 3.75.
    expect(r.questions.find((q) => q.id === 'csat')).toMatchObject({
      mean: 3.75,
      topBox: { count: 3, share: 0.75 },
    });
    expect(r.questions.find((q) => q.id === 'plan')!.distribution).toEqual({ free: 1, pro: 2 });
    const groups: Record<string, GroupResult> = Object.fromEntries(
      r.breakdown!.groups.map((g) => [g.value ?? '', g]),
    );
    expect(groups.EU!.n).toBe(3);
    expect(groups.EU!.questions.find((q) => q.id === 'nps')!.mean).toBeCloseTo(26 / 3, 4);
    expect(groups.US!.questions.find((q) => q.id === 'nps')!.nps!.score).toBe(-100);
  });

  it('should hide groups under 5 in anonymous waves (also their free text), show groups of 5, and keep no link to the person', async () => {
    const org = (await makeOrg(s)).slug;
    const incident = await makeIncident(s, org);
    const survey = await wave(org, { anonymous: true, incident: incident.slug });
    const sizes = { ops: 4, legal: 4, sales: 5 } as Record<string, number>;
    const list = Object.entries(sizes).flatMap(([team, n]) =>
      Array.from({ length: n }, (_, i) => ({ email: `${team}${i}@example.test`, segments: { team } })),
    );
    const people = await recipients(survey, list);
    for (const [i, p] of people.entries()) {
      await s.surveys.submit(
        p.token,
        { nps: i % 11, say: i === 0 ? 'Call me on +44 20 7946 0958, ana@example.test' : 'ok' },
        true,
      );
    }
    const r = await s.surveys.results(SYSTEM, org, survey.id, 'team');
    expect(r.threshold).toBe(5);
    const groups: Record<string, GroupResult> = Object.fromEntries(
      r.breakdown!.groups.map((g) => [g.value ?? '', g]),
    );
    expect(groups.ops).toMatchObject({ suppressed: true, n: null, questions: [] });
    expect(groups.legal).toMatchObject({ suppressed: true, n: null, questions: [] });
    expect(groups.sales).toMatchObject({ suppressed: false, n: 5 });
    // Overall (13 people) shows free text, redacted.
    const say = r.questions.find((q) => q.id === 'say')!;
    expect(say.verbatims).toHaveLength(13);
    expect(say.verbatims!.join(' ')).not.toContain('ana@example.test');
    expect(say.verbatims!.join(' ')).not.toContain('7946');
    // No response row names a recipient; the feedback items carry no contact, consent refused.
    const keys = await s.store.db
      .selectFrom('survey_responses')
      .select('respondent_key')
      .where('survey_id', '=', survey.id)
      .execute();
    const ids = new Set(people.map((p) => p.id));
    expect(keys.some((k) => ids.has(k.respondent_key))).toBe(false);
    const fb = await s.feedback.list(SYSTEM, org, { channel: 'survey' }, { limit: 50 });
    expect(fb.items).toHaveLength(13);
    expect(
      fb.items.every(
        (f) => !f.consent && f.contactEmail === null && f.redacted && f.incidentId === incident.id,
      ),
    ).toBe(true);

    // A wave of 4 shows no figures at all.
    const small = await wave(org, { anonymous: true });
    for (const p of await recipients(
      small,
      [1, 2, 3, 4].map((i) => ({ email: `s${i}@example.test` })),
    )) {
      await s.surveys.submit(p.token, { nps: 5, say: 'hi' });
    }
    expect(await s.surveys.results(SYSTEM, org, small.id)).toMatchObject({ suppressed: true, questions: [] });
  });

  it('should keep contact details with consent in identified waves', async () => {
    const org = (await makeOrg(s)).slug;
    const survey = await wave(org);
    const [a, b] = await recipients(survey, [{ email: 'a@example.test' }, { email: 'b@example.test' }]);
    await s.surveys.submit(a!.token, { nps: 2, say: 'Call me' }, true);
    await s.surveys.submit(b!.token, { nps: 2, say: 'Do not call me' }, false);
    const fb = (await s.feedback.list(SYSTEM, org, { channel: 'survey' }, { limit: 10 })).items;
    const byText = Object.fromEntries(fb.map((f) => [f.text, f]));
    expect(byText['Call me']).toMatchObject({
      consent: true,
      contactEmail: 'a@example.test',
      ratings: { nps: 2 },
    });
    expect(byText['Do not call me']).toMatchObject({ consent: false, contactEmail: null });
  });

  it('should answer not found for another organization’s surveys and forbid roles without survey:write', async () => {
    const home = (await makeOrg(s)).slug;
    const other = (await makeOrg(s)).slug;
    const theirs = await wave(other);
    const member = await makeMember(s, home, 'analyst');
    expect(await codeOf(s.surveys.getSurvey(member.ctx, home, theirs.id))).toBe('not_found');
    expect(await codeOf(s.surveys.results(member.ctx, home, theirs.id))).toBe('not_found');
    expect(await codeOf(s.surveys.invite(member.ctx, home, theirs.id))).toBe('not_found');
    expect(await codeOf(s.surveys.getSurvey(member.ctx, other, theirs.id))).toBe('not_found');
    const viewer = await makeMember(s, home, 'viewer');
    expect(await codeOf(s.surveys.createInstrument(viewer.ctx, home, { template: 'amends-trust' }))).toBe(
      'forbidden',
    );
  });
});
