import { insertTestAlert } from '../../../test/metrics-fixtures.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { createTestApp } from '../../../test/app.ts';
import { dialects } from '../../../test/db.ts';
import {
  SYSTEM,
  actionInput,
  commitmentInput,
  incidentInput,
  makeIncident,
  makeIncidentAtEvaluate,
  makeOrg,
  makeToken,
  leadershipInput,
  rootCauseInput,
  statementInput,
} from '../../../test/factories.ts';

/**
 * Property: whatever body arrives at a create or update route — random JSON, a valid body with
 * one field replaced by garbage, bytes that are not JSON, odd content types — the answer is a
 * problem document or a success, never a 5xx.
 */

const VALID: Record<string, () => Record<string, unknown>> = {
  'POST /api/v1/orgs/:org/incidents': () => ({ ...incidentInput() }),
  'PATCH /api/v1/orgs/:org/incidents/:incident': () => ({ summary: 'x', severity: 2 }),
  'POST /api/v1/orgs/:org/incidents/:incident/transitions': () => ({ to: 'diagnose' }),
  'POST /api/v1/orgs/:org/incidents/:incident/root-causes': () => ({ ...rootCauseInput() }),
  'PATCH /api/v1/orgs/:org/root-causes/:id': () => ({ description: 'y' }),
  'POST /api/v1/orgs/:org/incidents/:incident/actions': () => ({ ...actionInput() }),
  'PATCH /api/v1/orgs/:org/actions/:id': () => ({ status: 'in_progress' }),
  'POST /api/v1/orgs/:org/incidents/:incident/commitments': () => ({ ...commitmentInput() }),
  'PATCH /api/v1/orgs/:org/commitments/:id': () => ({ dueAt: '2031-01-01', explanation: 'z' }),
  'POST /api/v1/orgs/:org/tokens': () => ({ name: 'fuzz', role: 'viewer' }),
  'POST /api/v1/orgs/:org/members': () => ({ email: 'fuzz@example.test', role: 'viewer' }),
  'POST /api/v1/orgs/:org/incidents/:incident/statements': () => ({ ...statementInput() }),
  'PATCH /api/v1/orgs/:org/statements/:id': () => ({
    title: 'A new title',
    links: [{ quote: 'We', actionId: 'x' }],
  }),
  'POST /api/v1/orgs/:org/statements/:id/submit': () => ({ ignored: true }),
  'POST /api/v1/orgs/:org/statements/:id/reviews': () => ({
    decision: 'rejected',
    comment: 'Say who did it',
  }),
  'POST /api/v1/orgs/:org/statements/:id/publish': () => ({
    at: '2030-01-01T00:00:00Z',
    overrideReason: 'x',
  }),
  'POST /api/v1/orgs/:org/statements/:id/retract': () => ({ reason: 'Wrong figure' }),
  'POST /api/v1/orgs/:org/incidents/:incident/check': () => ({
    text: 'We are sorry. Mistakes were made.',
    audience: 'public',
  }),
  'POST /api/v1/orgs/:org/incidents/:incident/audience-links': () => ({ audience: 'employees' }),
  'POST /api/v1/orgs/:org/subscriptions': () => ({ url: 'https://hooks.example.test/a' }),
  'POST /api/v1/orgs/:org/incidents/:incident/leadership-activities': () => ({ ...leadershipInput() }),
  'PATCH /api/v1/orgs/:org/leadership-activities/:id': () => ({ summary: 'More', isPublic: false }),
  'POST /api/v1/orgs/:org/actions/:id/feedback-links': () => ({ themes: ['Trust'], feedbackIds: ['x'] }),
  'POST /api/v1/orgs/:org/instruments': () => ({
    key: 'fuzz',
    name: 'Fuzz',
    questions: [{ id: 'nps', type: 'nps', text: 'Recommend?', required: true }],
  }),
  'PATCH /api/v1/orgs/:org/instruments/:id': () => ({ name: 'Renamed' }),
  'POST /api/v1/orgs/:org/surveys': () => ({
    title: 'Pulse',
    instrument: 'amends-trust',
    audience: 'customers',
    wave: 'tracking',
    closesAt: '2030-01-01T00:00:00Z',
    reminderHours: [24],
  }),
  'POST /api/v1/orgs/:org/surveys/:id/open': () => ({ ignored: true }),
  'POST /api/v1/orgs/:org/surveys/:id/close': () => ({ ignored: true }),
  'POST /api/v1/orgs/:org/surveys/:id/recipients': () => ({
    recipients: [{ email: 'fuzz@example.test', segments: { region: 'EU' } }],
  }),
  'POST /api/v1/orgs/:org/surveys/:id/invitations': () => ({ ignored: true }),
  'POST /api/v1/orgs/:org/surveys/:id/reminders': () => ({ ignored: true }),
  'POST /api/v1/orgs/:org/feedback/imports': () => ({ id: 'f-1', text: 'Imported', nps: 3 }),
  'POST /api/v1/orgs/:org/feedback/inbound': () => ({ source: 'fuzz', sourceId: 'f-1', text: 'Sent in' }),
  'POST /api/v1/orgs/:org/conversations': () => ({
    kind: 'group',
    name: 'Town hall',
    audience: 'employees',
    heldAt: '2025-01-01T10:00:00Z',
    concerns: ['Pay'],
  }),
  'PUT /api/v1/orgs/:org/settings': () => ({
    statements: { requiredApprovals: 2, approverRoles: ['leader'] },
  }),
  'POST /api/v1/orgs/:org/incidents/:incident/lessons': () => ({
    title: 'Review storage changes',
    learned: 'One person could open a bucket.',
    category: 'process',
  }),
  'PATCH /api/v1/orgs/:org/lessons/:id': () => ({ followUp: 'Two-person review', category: 'people' }),
  'PUT /api/v1/orgs/:org/theme-rules/:name': () => ({ terms: ['refund', 'money back'] }),
  'POST /api/v1/orgs/:org/theme-rules/:name/rename': () => ({ to: 'Honesty' }),
  'POST /api/v1/orgs/:org/theme-rules/merge': () => ({ from: ['Speed'], into: 'Support' }),
  'POST /api/v1/orgs/:org/theme-rules/reapply': () => ({ ignored: true }),
  'POST /api/v1/orgs/:org/cases': () => ({ title: 'Charged twice', severity: 'high', incident: 'x' }),
  'PATCH /api/v1/orgs/:org/cases/:id': () => ({ severity: 'low', assigneeId: null }),
  'POST /api/v1/orgs/:org/cases/:id/transitions': () => ({ to: 'resolved', note: 'Refunded' }),
  'POST /api/v1/orgs/:org/case-alerts/:id/ack': () => ({ ignored: true }),
  'POST /api/v1/orgs/:org/alerts/:id/ack': () => ({ ignored: true }),
  'PUT /api/v1/orgs/:org/settings/case-sla': () => ({
    targets: { high: { acknowledgeHours: 2, resolveHours: 48 } },
    atRiskShare: 0.3,
  }),
};

const garbage = fc.oneof(
  fc.anything(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    '\u0000',
    '\uD800',
    'a'.repeat(10_000),
    '2026-13-45',
    '<script>alert(1)</script>',
    -1,
    1e308,
    NaN,
  ),
  fc.array(fc.string(), { maxLength: 60 }),
  fc.dictionary(fc.string(), fc.anything()),
);

const bodyArb = (valid: () => Record<string, unknown>) =>
  fc.oneof(
    fc.jsonValue().map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
    fc
      .tuple(fc.constantFrom(...Object.keys(valid())), garbage)
      .map(([k, v]) => ({ raw: JSON.stringify({ ...valid(), [k]: v }) ?? '{}', type: 'application/json' })),
    fc
      .tuple(fc.string(), garbage)
      .map(([k, v]) => ({ raw: JSON.stringify({ ...valid(), [k]: v }) ?? '{}', type: 'application/json' })),
    fc.string({ unit: 'binary' }).map((raw) => ({ raw, type: 'application/json' })),
    fc
      .uint8Array({ maxLength: 200 })
      .map((b) => ({ raw: Buffer.from(b).toString('latin1'), type: 'application/json' })),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'application/json; charset=latin1',
      )
      .map((type) => ({ raw: JSON.stringify(valid()), type })),
  );

describe.each(await dialects())('random and malformed requests on %s', (dialect) => {
  let t: TestApp;
  let urls: Record<string, string>;
  let auth: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const s = t.services;
    const org = await makeOrg(s);
    const incident = await makeIncident(s, org.slug);
    const rc = (await s.rootCauses.create(SYSTEM, org.slug, incident.id, rootCauseInput())).record;
    const action = (await s.actions.create(SYSTEM, org.slug, incident.id, actionInput())).record;
    const c = (await s.commitments.create(SYSTEM, org.slug, incident.id, commitmentInput())).record;
    const st = (await s.statements.create(SYSTEM, org.slug, incident.id, statementInput())).record.statement;
    const la = (await s.leadership.create(SYSTEM, org.slug, incident.id, leadershipInput())).record;
    const evaluated = await makeIncidentAtEvaluate(s, org.slug);
    const lesson = (
      await s.lessons.create(SYSTEM, org.slug, evaluated.incident.id, {
        title: 'Review storage changes',
        learned: 'One person could open a bucket.',
        category: 'process',
      })
    ).record;
    const survey = (
      await s.surveys.createSurvey(SYSTEM, org.slug, {
        title: 'Fuzzed',
        instrument: 'amends-trust',
        audience: 'customers',
        wave: 'baseline',
      })
    ).record;
    const kase = (await s.cases.open(SYSTEM, org.slug, { title: 'Fuzzed complaint' })).record;
    await s.cases.raiseBreachAlerts(new Date(Date.now() + 400 * 24 * 3_600_000));
    const alert = (await s.cases.listAlerts(SYSTEM, org.slug, {}, { limit: 1 })).items[0]!;
    auth = `Bearer ${(await makeToken(s, org.slug, 'owner')).token}`;
    urls = {};
    const ids: [string, string][] = [
      ['root-causes/:id', rc.id],
      ['actions/:id', action.id],
      ['commitments/:id', c.id],
      ['statements/:id', st.id],
      ['leadership-activities/:id', la.id],
      ['lessons/:id', lesson.id],
      ['instruments/:id', survey.instrumentId],
      ['surveys/:id', survey.id],
      ['cases/:id', kase.id],
      ['case-alerts/:id', alert.id],
      ['alerts/:id', (await insertTestAlert(s, org.slug)).id],
    ];
    for (const r of t.app.tenantRoutes) {
      if (r.method !== 'POST' && r.method !== 'PATCH' && r.method !== 'PUT') continue;
      const id = ids.find(([part]) => r.url.includes(part))?.[1] ?? 'none';
      urls[`${r.method} ${r.url}`] = r.url
        .replace(':org', org.slug)
        .replace(':incident', incident.id)
        .replace(':id', id)
        .replace(':name', 'Trust')
        .concat(r.url.endsWith('/feedback/imports') ? '?source=fuzz' : '');
    }
  });
  afterAll(async () => t?.close());

  it('should know a valid body for every create and update route', () => {
    expect(Object.keys(urls).sort()).toEqual(Object.keys(VALID).sort());
  });

  for (const key of Object.keys(VALID)) {
    it(`should never answer 5xx on ${key}`, async () => {
      const [method, pattern] = key.split(' ') as ['POST' | 'PATCH' | 'PUT', string];
      await fc.assert(
        fc.asyncProperty(bodyArb(VALID[key]!), async ({ raw, type }) => {
          const res = await t.app.inject({
            method,
            url: urls[`${method} ${pattern}`]!,
            headers: { authorization: auth, 'content-type': type, 'if-match': '*' },
            payload: raw,
          });
          if (res.statusCode >= 500)
            throw new Error(`${res.statusCode} for ${type} ${raw.slice(0, 300)}: ${res.body}`);
          if (res.statusCode >= 400) {
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
            const p = JSON.parse(res.body);
            expect(p.status).toBe(res.statusCode);
            expect(typeof p.detail).toBe('string');
          }
        }),
        { numRuns: 120 },
      );
    });
  }

  it('should never answer 5xx for odd path segments and query strings on any tenant route', async () => {
    // Raw bytes, percent-encoded one by one: any byte sequence, valid UTF-8 or not, reaches the router.
    const bytes = (b: Uint8Array) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');
    const segment = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 60 }).map(bytes),
      fc.string({ maxLength: 60 }).map(encodeURIComponent),
      fc.constantFrom('%00', 'a%00b', '..', '%25', '0000-01-01', '%ED%A0%80', 'x'.repeat(300)),
    );
    const query = fc.dictionary(
      fc.constantFrom(
        'cursor',
        'limit',
        'stage',
        'q',
        'status',
        'overdue',
        'recordId',
        'recordType',
        'incidentId',
        'breached',
        'severity',
        'assignee',
        'from',
        'to',
        'x',
      ),
      fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('\u0000', '-1', '1e9', '')),
    );
    const routes = t.app.tenantRoutes;
    await fc.assert(
      fc.asyncProperty(fc.nat(routes.length - 1), segment, segment, query, async (i, a, b, q) => {
        const route = routes[i]!;
        const url =
          route.url.replace(':org', a).replace(':incident', b).replace(':id', b) +
          '?' +
          new URLSearchParams(q).toString();
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: { authorization: auth, 'if-match': '*' },
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        if (res.statusCode >= 500)
          throw new Error(`${res.statusCode} for ${route.method} ${url}: ${res.body}`);
      }),
      { numRuns: 400 },
    );
  });

  it('should refuse dates PostgreSQL cannot store, with a 400', async () => {
    for (const dueAt of ['0000-01-01', '0001-01-01T00:00:00+01:00', '10000-01-01']) {
      const res = await t.app.inject({
        method: 'POST',
        url: urls['POST /api/v1/orgs/:org/incidents/:incident/actions']!,
        headers: { authorization: auth },
        payload: { ...actionInput(), dueAt },
      });
      expect(res.statusCode, dueAt).toBe(400);
    }
  });
});
