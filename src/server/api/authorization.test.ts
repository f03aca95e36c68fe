import { insertTestAlert } from '../../../test/metrics-fixtures.ts';
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
  makeMember,
  makeOrg,
  makeToken,
  leadershipInput,
  rootCauseInput,
  statementInput,
} from '../../../test/factories.ts';
import { can } from '../../domain/permissions.ts';
import type { Role } from '../../shared/enums.ts';
import { ROLES } from '../../shared/enums.ts';
import type { TenantRoute } from '../app.ts';

/**
 * The authorization matrix, generated from the routes' declared permissions and the permission
 * table: every tenant route × every role × another organization's ids. A new route or a change to
 * the table changes what this test expects, without editing it.
 */

interface OrgFixture {
  slug: string;
  incident: string;
  rootCause: string;
  action: string;
  commitment: string;
  statement: string;
  leadership: string;
  lesson: string;
  survey: string;
  instrument: string;
  case: string;
  caseAlert: string;
  conversation: string;
}

const LESSON = {
  title: 'Review storage changes',
  learned: 'One person could open a bucket.',
  category: 'process' as const,
};

async function fixture(t: TestApp): Promise<OrgFixture> {
  const s = t.services;
  const org = await makeOrg(s);
  const incident = await makeIncident(s, org.slug, { title: `Private incident of ${org.slug}` });
  const rc = (await s.rootCauses.create(SYSTEM, org.slug, incident.id, rootCauseInput())).record;
  const action = (await s.actions.create(SYSTEM, org.slug, incident.id, actionInput())).record;
  const c = (await s.commitments.create(SYSTEM, org.slug, incident.id, commitmentInput())).record;
  const statement = (await s.statements.create(SYSTEM, org.slug, incident.id, statementInput())).record
    .statement;
  const leadership = (await s.leadership.create(SYSTEM, org.slug, incident.id, leadershipInput())).record;
  const evaluated = await makeIncidentAtEvaluate(s, org.slug);
  const lesson = (await s.lessons.create(SYSTEM, org.slug, evaluated.incident.id, LESSON)).record;
  const survey = (
    await s.surveys.createSurvey(SYSTEM, org.slug, {
      title: `Private survey of ${org.slug}`,
      instrument: 'amends-trust',
      audience: 'customers',
      wave: 'post_incident',
    })
  ).record;
  const conversation = (
    await s.conversations.create(SYSTEM, org.slug, { ...conversationInput(), incident: incident.id })
  ).record.conversation;
  // Every role the table allows to review does so here, so the matrix sees the table, not the policy.
  await s.accounts.updateSettings(SYSTEM, org.slug, {
    statements: {
      requiredApprovals: 1,
      approverRoles: ['owner', 'admin', 'editor', 'communicator', 'leader'],
    },
  });
  const kase = (await s.cases.open(SYSTEM, org.slug, { title: 'Matrix complaint', incident: incident.id }))
    .record;
  // A sweep far in the future raises the case's breach alerts.
  await s.cases.raiseBreachAlerts(new Date(Date.now() + 400 * 24 * 3_600_000));
  const alert = (await s.cases.listAlerts(SYSTEM, org.slug, { caseId: kase.id }, { limit: 1 })).items[0]!;
  return {
    case: kase.id,
    caseAlert: alert.id,
    slug: org.slug,
    incident: incident.id,
    rootCause: rc.id,
    action: action.id,
    commitment: c.id,
    statement: statement.id,
    leadership: leadership.id,
    lesson: lesson.id,
    survey: survey.id,
    instrument: survey.instrumentId,
    conversation: conversation.id,
  };
}

function conversationInput() {
  return {
    kind: 'group' as const,
    name: 'Customer advisory board',
    audience: 'customers',
    attendees: [],
    heldAt: '2025-01-01T10:00:00Z',
    concerns: [`Private concern ${Math.random().toString(36).slice(2)}`],
  };
}

/** A valid body for each writing route, so a refusal can only come from authorization. */
function bodyFor(route: TenantRoute): unknown {
  const key = `${route.method} ${route.url}`;
  const bodies: Record<string, unknown> = {
    'POST /api/v1/orgs/:org/incidents': incidentInput(),
    'PATCH /api/v1/orgs/:org/incidents/:incident': { summary: 'Updated summary' },
    'POST /api/v1/orgs/:org/incidents/:incident/transitions': { to: 'diagnose' },
    'POST /api/v1/orgs/:org/incidents/:incident/root-causes': rootCauseInput(),
    'PATCH /api/v1/orgs/:org/root-causes/:id': { description: 'Sharper description' },
    'POST /api/v1/orgs/:org/incidents/:incident/actions': actionInput(),
    'PATCH /api/v1/orgs/:org/actions/:id': { owner: 'Someone else' },
    'POST /api/v1/orgs/:org/incidents/:incident/commitments': commitmentInput(),
    'PATCH /api/v1/orgs/:org/commitments/:id': { owner: 'Someone else' },
    'POST /api/v1/orgs/:org/tokens': { name: 'matrix', role: 'viewer' },
    'POST /api/v1/orgs/:org/members': {
      email: `m-${Math.random().toString(36).slice(2)}@example.test`,
      role: 'viewer',
    },
    'POST /api/v1/orgs/:org/incidents/:incident/statements': statementInput(),
    'PATCH /api/v1/orgs/:org/statements/:id': { title: 'A new title' },
    'POST /api/v1/orgs/:org/statements/:id/submit': {},
    'POST /api/v1/orgs/:org/statements/:id/reviews': { decision: 'approved' },
    'POST /api/v1/orgs/:org/statements/:id/publish': {},
    'POST /api/v1/orgs/:org/statements/:id/retract': { reason: 'Wrong figure' },
    'POST /api/v1/orgs/:org/incidents/:incident/check': { text: 'We are sorry. We will fix it by Friday.' },
    'POST /api/v1/orgs/:org/incidents/:incident/audience-links': { audience: 'employees' },
    'POST /api/v1/orgs/:org/subscriptions': {
      url: `https://hooks.example.test/${Math.random().toString(36).slice(2)}`,
    },
    'POST /api/v1/orgs/:org/incidents/:incident/leadership-activities': leadershipInput(),
    'PATCH /api/v1/orgs/:org/leadership-activities/:id': { summary: 'Answered every question' },
    'POST /api/v1/orgs/:org/actions/:id/feedback-links': { themes: ['Compensation'] },
    'POST /api/v1/orgs/:org/incidents/:incident/lessons': LESSON,
    'PATCH /api/v1/orgs/:org/lessons/:id': { title: 'A sharper title' },
    'PUT /api/v1/orgs/:org/theme-rules/:name': { terms: ['matrix'] },
    'POST /api/v1/orgs/:org/theme-rules/:name/rename': {
      to: `renamed-${Math.random().toString(36).slice(2)}`,
    },
    // Merging a theme into itself changes nothing, so every role can try it on the same rules.
    'POST /api/v1/orgs/:org/theme-rules/merge': { from: ['Communication'], into: 'Communication' },
    'POST /api/v1/orgs/:org/theme-rules/reapply': {},
    'POST /api/v1/orgs/:org/instruments': { template: 'amends-trust' },
    'PATCH /api/v1/orgs/:org/instruments/:id': { name: 'Renamed' },
    'POST /api/v1/orgs/:org/surveys': {
      title: 'Pulse',
      instrument: 'amends-trust',
      audience: 'customers',
      wave: 'tracking',
    },
    'POST /api/v1/orgs/:org/surveys/:id/open': {},
    'POST /api/v1/orgs/:org/surveys/:id/close': {},
    'POST /api/v1/orgs/:org/surveys/:id/recipients': { recipients: [{ email: 'matrix@example.test' }] },
    'POST /api/v1/orgs/:org/surveys/:id/invitations': {},
    'POST /api/v1/orgs/:org/surveys/:id/reminders': {},
    'POST /api/v1/orgs/:org/cases': { title: 'Charged twice', severity: 'high' },
    'PATCH /api/v1/orgs/:org/cases/:id': { title: 'Charged twice for one order' },
    'POST /api/v1/orgs/:org/cases/:id/transitions': { to: 'in_progress' },
    'POST /api/v1/orgs/:org/case-alerts/:id/ack': {},
    'POST /api/v1/orgs/:org/alerts/:id/ack': {},
    'PUT /api/v1/orgs/:org/settings/case-sla': {
      targets: { low: { acknowledgeHours: 48, resolveHours: 240 } },
    },
    'POST /api/v1/orgs/:org/feedback/imports': [{ id: 'matrix-1', text: 'Imported by the matrix' }],
    'POST /api/v1/orgs/:org/feedback/inbound': { source: 'matrix', sourceId: 'm-1', text: 'Sent in' },
    'POST /api/v1/orgs/:org/conversations': conversationInput(),
    'PUT /api/v1/orgs/:org/settings': {
      statements: {
        requiredApprovals: 1,
        approverRoles: ['owner', 'admin', 'editor', 'communicator', 'leader'],
      },
    },
  };
  if (!(key in bodies) && route.method !== 'GET' && route.method !== 'DELETE') {
    throw new Error(`the authorization matrix needs a valid body for ${key}`);
  }
  return bodies[key];
}

async function idFor(t: TestApp, route: TenantRoute, f: OrgFixture): Promise<string> {
  if (route.url.includes('/root-causes/:id')) return f.rootCause;
  if (route.url.includes('/actions/:id')) return f.action;
  if (route.url.includes('/commitments/:id')) return f.commitment;
  if (route.url.includes('/tokens/:id')) return (await makeToken(t.services, f.slug, 'viewer')).record.id;
  if (route.url.includes('/members/:id')) return (await makeMember(t.services, f.slug, 'viewer')).user.id;
  if (route.url.endsWith('/statements/:id/reviews')) {
    // A fresh statement in review, written by someone else: a reviewer's own text is refused for
    // a reason that is not their role.
    const s = (await t.services.statements.create(SYSTEM, f.slug, f.incident, statementInput())).record
      .statement;
    await t.services.statements.submit(SYSTEM, f.slug, s.id, undefined);
    return s.id;
  }
  if (route.url.includes('/statements/:id')) return f.statement;
  if (route.url.includes('/leadership-activities/:id')) return f.leadership;
  if (route.url.includes('/lessons/:id')) return f.lesson;
  if (route.url.includes('/instruments/:id')) return f.instrument;
  if (route.url.includes('/surveys/:id')) return f.survey;
  if (route.url.includes('/cases/:id')) return f.case;
  if (route.url.includes('/case-alerts/:id')) return f.caseAlert;
  if (route.url.includes('/alerts/:id')) return (await insertTestAlert(t.services, f.slug)).id;
  if (route.url.includes('/conversations/:id')) return f.conversation;
  if (route.url.includes('/subscriptions/:id')) {
    const url = `https://hooks.example.test/${Math.random().toString(36).slice(2)}`;
    return (await t.services.subscriptions.createWebhook(SYSTEM, f.slug, { url })).subscription.id;
  }
  throw new Error(`the authorization matrix does not know which record ${route.url} takes`);
}

async function urlFor(t: TestApp, route: TenantRoute, org: OrgFixture, records: OrgFixture): Promise<string> {
  let url = route.url.replace(':org', org.slug).replace(':incident', records.incident);
  url = url.replace(':number', '1');
  if (url.includes(':id')) url = url.replace(':id', await idFor(t, route, records));
  if (url.includes(':name')) {
    // A theme of its own for each request: a rename or delete by one role leaves the next one its own.
    const name = `matrix-${Math.random().toString(36).slice(2)}`;
    await t.services.themes.put(SYSTEM, records.slug, name, ['matrix']);
    url = url.replace(':name', name);
  }
  if (route.url.endsWith('/feedback/imports')) url += '?source=matrix';
  return url;
}

describe.each(await dialects())('authorization matrix on %s', (dialect) => {
  let t: TestApp;
  let home: OrgFixture;
  let other: OrgFixture;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    home = await fixture(t);
    other = await fixture(t);
    for (const role of ROLES) tokens[role] = (await makeToken(t.services, home.slug, role)).token;
  });
  afterAll(async () => t?.close());

  it('should cover every tenant route', () => {
    expect(t.app.tenantRoutes.length).toBeGreaterThanOrEqual(20);
  });

  it('should answer 401 on every tenant route without credentials', async () => {
    for (const route of t.app.tenantRoutes) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: await urlFor(t, route, home, home),
        payload: bodyFor(route) as object,
        headers: { 'if-match': '*' },
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  for (const role of ROLES) {
    it(`should allow a ${role} exactly what the permission table grants`, async () => {
      for (const route of t.app.tenantRoutes) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: await urlFor(t, route, home, home),
          payload: bodyFor(route) as object,
          headers: { authorization: `Bearer ${tokens[role]}`, 'if-match': '*' },
        });
        const label = `${role} ${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (can(role, route.permission)) {
          expect([401, 403, 404, 400], label).not.toContain(res.statusCode);
          expect(res.statusCode, label).toBeLessThan(500);
        } else {
          expect(res.statusCode, label).toBe(403);
        }
      }
    });
  }

  // Every role × every route × up to two requests: slow on a busy machine.
  it('should answer 404 for another organization’s records and paths, for every role and route', async () => {
    for (const role of ROLES) {
      for (const route of t.app.tenantRoutes) {
        const headers = { authorization: `Bearer ${tokens[role]}`, 'if-match': '*' };
        // Their organization in the path: the token does not belong there.
        const theirPath = await t.app.inject({
          method: route.method as 'GET',
          url: await urlFor(t, route, other, other),
          payload: bodyFor(route) as object,
          headers,
        });
        expect(theirPath.statusCode, `${role} ${route.method} ${route.url} (their org)`).toBe(404);
        // Our organization in the path, their record ids.
        if (route.url.includes(':incident') || route.url.includes(':id')) {
          const theirIds = await t.app.inject({
            method: route.method as 'GET',
            url: await urlFor(t, route, home, other),
            payload: bodyFor(route) as object,
            headers,
          });
          const label = `${role} ${route.method} ${route.url} (their ids) → ${theirIds.statusCode}`;
          if (can(role, route.permission)) expect(theirIds.statusCode, label).toBe(404);
          else expect([403, 404], label).toContain(theirIds.statusCode);
          expect(theirIds.body).not.toContain(`Private incident of ${other.slug}`);
        }
      }
    }
    // Every role × every route × two requests: minutes on a loaded machine, not a hang.
  }, 180_000);
});
