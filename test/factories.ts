import type { Principal } from '../src/domain/account.ts';
import type { Services } from '../src/container.ts';
import type { RequestContext } from '../src/services/common.ts';
import type {
  ActionCreate,
  CommitmentCreate,
  IncidentCreate,
  RootCauseCreate,
  StatementCreate,
} from '../src/shared/contract/index.ts';
import type { LeadershipInput } from '../src/services/leadership.service.ts';
import type { Role } from '../src/shared/enums.ts';

let seq = 0;
function next(): number {
  seq += 1;
  return seq;
}

export const SYSTEM: RequestContext = { principal: { kind: 'system', label: 'test' } };

/** A fresh organization, created by the system. */
export async function makeOrg(s: Services, slug = `org-${next()}`) {
  return s.accounts.createOrganization(SYSTEM, { slug, name: `Org ${slug}` });
}

/** A member with `role` in an organization, with a password, and a context acting as them. */
export async function makeMember(
  s: Services,
  orgSlug: string,
  role: Role = 'editor',
  password = 'correct horse battery',
) {
  const email = `${role}-${next()}@example.test`;
  const { user } = await s.accounts.addMember(SYSTEM, orgSlug, {
    email,
    role,
    password,
    name: `${role} person`,
  });
  const principal: Principal = { kind: 'user', userId: user.id, email: user.email, name: user.name };
  return { user, email, password, ctx: { principal } satisfies RequestContext };
}

/** An API token of `role`, with a context acting as it. */
export async function makeToken(s: Services, orgSlug: string, role: Role = 'editor') {
  const { token, record } = await s.accounts.createToken(SYSTEM, orgSlug, {
    name: `${role} token ${next()}`,
    role,
  });
  return { token, record };
}

export function incidentInput(over: Partial<IncidentCreate> = {}): IncidentCreate {
  return {
    title: `Storage bucket exposed ${next()}`,
    kind: 'data_breach',
    severity: 4,
    violationTypes: ['competence'],
    affectedAudiences: ['customers'],
    ...over,
  };
}

export async function makeIncident(s: Services, orgSlug: string, over: Partial<IncidentCreate> = {}) {
  return (await s.incidents.create(SYSTEM, orgSlug, incidentInput(over))).record.incident;
}

export function rootCauseInput(over: Partial<RootCauseCreate> = {}): RootCauseCreate {
  return {
    description: 'Bucket policy allowed public reads',
    component: 'technology',
    dimensions: ['ability'],
    systemic: true,
    ...over,
  };
}

export function actionInput(over: Partial<ActionCreate> = {}): ActionCreate {
  return {
    title: `Block public buckets ${next()}`,
    kind: 'technology',
    repairLogic: 'distrust_regulation',
    dimensions: ['ability'],
    owner: 'Dana Ortiz',
    dueAt: '2030-01-31',
    verificationMethod: 'Weekly scan finds no public bucket',
    ...over,
  };
}

export function commitmentInput(over: Partial<CommitmentCreate> = {}): CommitmentCreate {
  return {
    text: 'We will close public access to every storage bucket',
    audience: 'customers',
    dueAt: '2030-01-31',
    owner: 'Dana Ortiz',
    verification: 'Independent scan report published',
    ...over,
  };
}

export function statementInput(over: Partial<StatementCreate> = {}): StatementCreate {
  return {
    kind: 'update',
    title: `Update ${next()}`,
    body: 'We left a storage bucket open. We are sorry. We closed it within the hour.',
    audiences: ['public'],
    ...over,
  };
}

export function leadershipInput(over: Partial<LeadershipInput> = {}): LeadershipInput {
  return {
    kind: 'town_hall',
    leader: 'Jordan Blake',
    audience: 'employees',
    occurredAt: '2026-03-02T15:00:00Z',
    summary: 'Answered questions from every team for an hour',
    isPublic: true,
    ...over,
  };
}

/** An incident moved through its gates to the evaluate stage, with one root cause and both kinds of action. */
export async function makeIncidentAtEvaluate(s: Services, orgSlug: string) {
  const incident = await makeIncident(s, orgSlug);
  await s.incidents.update(
    SYSTEM,
    orgSlug,
    incident.id,
    { investigationOwner: 'Maya Chen', disclosedAt: incident.detectedAt },
    undefined,
  );
  await s.incidents.transition(SYSTEM, orgSlug, incident.id, { to: 'diagnose' }, undefined);
  const cause = (await s.rootCauses.create(SYSTEM, orgSlug, incident.id, rootCauseInput())).record;
  await s.incidents.transition(SYSTEM, orgSlug, incident.id, { to: 'reform' }, undefined);
  await s.actions.create(SYSTEM, orgSlug, incident.id, actionInput({ rootCauseIds: [cause.id] }));
  await s.actions.create(
    SYSTEM,
    orgSlug,
    incident.id,
    actionInput({
      kind: 'remedy',
      repairLogic: 'trustworthiness_demonstration',
      dimensions: ['ability', 'benevolence'],
      rootCauseIds: [cause.id],
    }),
  );
  await s.incidents.transition(SYSTEM, orgSlug, incident.id, { to: 'evaluate' }, undefined);
  return { incident, cause };
}
