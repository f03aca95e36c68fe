import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/app.ts';
import { body, createTestApp, orgWithTokens, problem } from '../../test/app.ts';
import { SYSTEM, makeOrg } from '../../test/factories.ts';

describe('survey API and pages', () => {
  let t: TestApp;
  let now = Date.parse('2029-07-01T10:00:00.000Z');
  let org: string;
  let headers: Awaited<ReturnType<typeof orgWithTokens>>['headers'];

  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, () => new Date(now));
    ({ headers } = await orgWithTokens(t.services, ['owner', 'viewer', 'analyst', 'leader']));
    org = (await t.services.store.db.selectFrom('organizations').select('slug').executeTakeFirstOrThrow())
      .slug;
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, h: object = headers.owner) =>
    t.app.inject({ method, url: `/api/v1/orgs/${org}${url}`, payload, headers: h as Record<string, string> });

  async function openWave(over: object = {}) {
    const res = await api('POST', '/surveys', {
      title: 'After the <b>outage</b>',
      instrument: 'amends-trust',
      audience: 'customers',
      wave: 'post_incident',
      closesAt: '2029-08-01T00:00:00Z',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    const survey = body(res);
    expect((await api('POST', `/surveys/${survey.id}/open`)).statusCode).toBe(200);
    const added = await api('POST', `/surveys/${survey.id}/recipients`, {
      recipients: [{ email: 'ana@example.test', segments: { region: 'EU' } }],
    });
    expect(body(added)).toEqual({ added: 1, skipped: 0 });
    const r = await t.services.store.db
      .selectFrom('survey_recipients')
      .select('id')
      .where('survey_id', '=', survey.id)
      .executeTakeFirstOrThrow();
    const orgId = (await t.services.store.accounts.findOrganizationBySlug(org))!.id;
    const s = await t.services.store.surveys.findSurvey(orgId, survey.id);
    const { token } = await t.services.surveys.link(s!, r.id, new Date(now).toISOString());
    return { survey, token };
  }

  it('should refuse without credentials, for a viewer, for another organization, and bad input', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org}/surveys` })).statusCode).toBe(401);
    const viewer = await api('POST', '/instruments', { template: 'amends-trust' }, headers.viewer);
    expect(viewer.statusCode).toBe(403);
    const leader = await api('POST', '/instruments', { template: 'amends-trust' }, headers.leader);
    expect(leader.statusCode).toBe(403);
    const other = (await makeOrg(t.services)).slug;
    const theirs = (
      await t.services.surveys.createSurvey(SYSTEM, other, {
        title: 'Theirs',
        instrument: 'amends-trust',
        audience: 'customers',
        wave: 'baseline',
      })
    ).record;
    expect((await api('GET', `/surveys/${theirs.id}`)).statusCode).toBe(404);
    expect((await api('GET', `/surveys/${theirs.id}/results`)).statusCode).toBe(404);
    expect((await api('POST', `/surveys/${theirs.id}/open`)).statusCode).toBe(404);
    const bad = await api('POST', '/surveys', {
      title: 'x',
      instrument: 'amends-trust',
      audience: 'customers',
      wave: 'someday',
    });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors![0]!.path).toBe('body.wave');
    const badQuestions = await api('POST', '/instruments', {
      key: 'k',
      name: 'K',
      questions: [{ id: 'a', type: 'single_choice', text: 'Pick', options: [{ id: 'x', label: 'X' }] }],
    });
    expect(badQuestions.statusCode).toBe(400);
    expect(problem(badQuestions).errors![0]!.path).toBe('body.questions.0.options');
  });

  it('should let an analyst run a wave and read its results', async () => {
    const res = await api(
      'POST',
      '/surveys',
      {
        title: 'Pulse',
        instrument: 'amends-trust',
        audience: 'employees',
        wave: 'tracking',
        anonymous: true,
      },
      headers.analyst,
    );
    expect(res.statusCode, res.body).toBe(201);
    const results = await api('GET', `/surveys/${body(res).id}/results?by=team`, undefined, headers.analyst);
    expect(results.statusCode).toBe(200);
    expect(body(results)).toMatchObject({ respondents: 0, suppressed: true, threshold: 5 });
  });

  it('should serve an accessible form that works without JavaScript, escaping text', async () => {
    const { token } = await openWave();
    const res = await t.app.inject({ method: 'GET', url: `/s/${token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toContain('script');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const html = res.body;
    expect(html).toContain('After the &lt;b&gt;outage&lt;/b&gt;');
    expect(html).not.toContain('<b>outage');
    expect(html).not.toContain('<script');
    expect(html).toMatch(new RegExp(`<form [^>]*action="/s/${token}"[^>]*method="post"`));
    // Scales are radio groups in fieldsets with legends; every point has a label, the ends their anchors.
    expect(html).toMatch(/<fieldset class="q" id="q-ab1"><legend>This organization has the skills/);
    expect(html).toMatch(/<input type="radio" id="q-ab1-1"[^>]* name="q_ab1" value="1"\/>/);
    expect(html).toMatch(/<label for="q-ab1-1">1<span class="anchor">Strongly disagree<\/span><\/label>/);
    expect(html).toMatch(/<label for="q-ab1-7">7<span class="anchor">Strongly agree<\/span><\/label>/);
    expect(html).toMatch(/<label for="q-nps-0">0<span class="anchor">Not at all likely<\/span>/);
    expect(html).toMatch(/<label for="q-nps-10">10<span class="anchor">Extremely likely<\/span>/);
    expect(html).toContain('<label class="text" for="q-comment-input">');
    expect(html).toContain('<label for="contact">');
  });

  it('should summarize errors at the top, tie them to their fields, and keep what was entered', async () => {
    const { token } = await openWave();
    const res = await t.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'q_nps=11&q_ab1=3&q_comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    });
    expect(res.statusCode).toBe(400);
    const html = res.body;
    expect(html).toContain('role="alert"');
    expect(html).toContain('<a href="#q-nps-0">');
    expect(html).toContain('choose a whole number from 0 to 10');
    expect(html).toContain('<fieldset class="q invalid" id="q-nps" aria-describedby="q-nps-error">');
    expect(html).toContain('<p class="field-error" id="q-nps-error">');
    expect(html).toMatch(/id="q-ab1-3"[^>]*checked=""/);
    expect(html).not.toMatch(/id="q-ab1-2"[^>]*checked=""/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('should thank, allow edits until the window closes, then answer 409; 410 after closing; 404 when tampered', async () => {
    const { survey, token } = await openWave({ editWindowHours: 1 });
    const required = body(
      await t.app.inject({ method: 'GET', url: `/s/${token}`, headers: { accept: 'application/json' } }),
    )
      .questions.filter((q: { required: boolean }) => q.required)
      .map((q: { id: string; type: string }) => `q_${q.id}=${q.type === 'nps' ? 9 : 4}`)
      .join('&');
    const post = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: `/s/${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    const first = await post(`${required}&q_comment=Keep+going&contact=yes`);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.body).toContain('Thank you');
    expect(first.body).toContain('1 Jul 2029, 11:00 UTC');
    const again = await t.app.inject({ method: 'GET', url: `/s/${token}` });
    expect(again.body).toContain('You can change your answers until');
    expect(again.body).toContain('Keep going</textarea>');
    expect((await post(required)).statusCode).toBe(200);

    now += 3_600_000;
    const used = await post(required);
    expect(used.statusCode).toBe(409);
    expect(used.body).toContain('You have already answered');
    const usedJson = await t.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      payload: { answers: { nps: 3 } },
    });
    expect(usedJson.statusCode).toBe(409);
    expect(usedJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem(usedJson).code).toBe('conflict');

    const tampered = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await t.app.inject({ method: 'GET', url: `/s/${tampered}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/s/nonsense' })).statusCode).toBe(400);

    const fresh = await openWave();
    await api('POST', `/surveys/${fresh.survey.id}/close`);
    const gone = await t.app.inject({ method: 'GET', url: `/s/${fresh.token}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('This survey has ended');
    const goneJson = await t.app.inject({
      method: 'POST',
      url: `/s/${fresh.token}`,
      payload: { answers: {} },
    });
    expect(goneJson.statusCode).toBe(410);
    expect(problem(goneJson)).toMatchObject({ code: 'gone', status: 410 });

    const detail = body(await api('GET', `/surveys/${survey.id}`));
    expect(detail).toMatchObject({ recipients: 1, responded: 1 });
  });

  it('should take JSON answers and report each bad answer with its path', async () => {
    const { survey, token } = await openWave();
    const bad = await t.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      payload: { answers: { nps: 'x', zz: 1 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).errors!.map((e) => e.path)).toEqual(
      expect.arrayContaining(['answers.nps', 'answers.zz']),
    );
    const malformed = await t.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      payload: { answers: { nps: { a: 1 } } },
    });
    expect(malformed.statusCode).toBe(400);
    const form = body(
      await t.app.inject({ method: 'GET', url: `/s/${token}`, headers: { accept: 'application/json' } }),
    );
    const answers = Object.fromEntries(
      form.questions.filter((q: { required: boolean }) => q.required).map((q: { id: string }) => [q.id, 5]),
    );
    const ok = await t.app.inject({ method: 'POST', url: `/s/${token}`, payload: { answers } });
    expect(ok.statusCode).toBe(201);
    const results = body(await api('GET', `/surveys/${survey.id}/results?by=region`));
    expect(results.questions.find((q: { id: string }) => q.id === 'nps')).toMatchObject({ n: 1, mean: 5 });
    expect(results.breakdown.groups).toEqual([
      expect.objectContaining({ value: 'EU', n: 1, suppressed: false }),
    ]);
    expect((await api('GET', `/surveys/${survey.id}/results?by=bad%20key`)).statusCode).toBe(400);
  });
});
