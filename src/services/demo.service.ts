import type { Principal } from '../domain/account.ts';
import type { Role } from '../shared/enums.ts';
import type { Store } from '../store/store.ts';
import { AccountService } from './account.service.ts';
import { ActionService } from './action.service.ts';
import type { Clock, RequestContext } from './common.ts';
import { CommitmentService } from './commitment.service.ts';
import type { WaveSeed } from './demo-listening.ts';
import { seedListening, seedWave } from './demo-listening.ts';
import { SurveyService } from './survey.service.ts';
import { IncidentService } from './incident.service.ts';
import { LeadershipService } from './leadership.service.ts';
import { LessonService } from './lesson.service.ts';
import { RootCauseService } from './root-cause.service.ts';
import type { StatementInput } from './statement.service.ts';
import { StatementService } from './statement.service.ts';

export const DEMO_ORG = 'paylode';
export const DEMO_PASSWORD = 'amends-demo-2026';
export const DEMO_OWNER_EMAIL = 'alex@paylode.example';

const DAY = 86_400_000;

const PEOPLE: { email: string; name: string; role: Role }[] = [
  { email: DEMO_OWNER_EMAIL, name: 'Alex Rivera', role: 'owner' },
  { email: 'maya@paylode.example', name: 'Maya Chen', role: 'editor' },
  { email: 'sam@paylode.example', name: 'Sam Okafor', role: 'communicator' },
  { email: 'jordan@paylode.example', name: 'Jordan Blake', role: 'leader' },
  { email: 'priya@paylode.example', name: 'Priya Nair', role: 'analyst' },
  { email: 'lee@paylode.example', name: 'Lee Park', role: 'auditor' },
];

/**
 * Seeds the demo organization: Paylode, a payroll software company whose misconfigured storage
 * bucket exposed 48,000 employees' records. Everything is created through the same services a
 * person would use, with a clock walked through the weeks of the recovery, so the audit trail,
 * stage gates and commitment statuses are all real.
 */
export async function seedDemo(root: Store, realClock: Clock): Promise<{ created: boolean }> {
  // One transaction: a failure leaves no half-built demo behind.
  return root.transaction((store) => seed(store, realClock));
}

async function seed(store: Store, realClock: Clock): Promise<{ created: boolean }> {
  if (await store.accounts.findOrganizationBySlug(DEMO_ORG)) return { created: false };

  // Day 0 is midnight UTC 34 days ago; today is day 34.
  const start = Math.floor(realClock().getTime() / DAY) * DAY - 34 * DAY;
  let t = start;
  const clock: Clock = () => new Date(t);
  const at = (days: number, hours = 9) => {
    t = start + days * DAY + hours * 3_600_000;
    return new Date(t).toISOString();
  };
  const iso = (days: number, hours = 9) => new Date(start + days * DAY + hours * 3_600_000).toISOString();
  const date = (days: number) => new Date(start + days * DAY).toISOString().slice(0, 10);
  // Dates as statements write them ("26 October"), so the texts agree with the record on any day.
  const day = (days: number) =>
    new Date(start + days * DAY).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    });

  const deps = { store, clock };
  const accounts = new AccountService(deps);
  const incidents = new IncidentService(deps);
  const rootCauses = new RootCauseService(deps);
  const actions = new ActionService(deps);
  const commitments = new CommitmentService(deps);
  const statements = new StatementService(deps);
  const leadership = new LeadershipService(deps);
  const lessons = new LessonService(deps);
  const surveys = new SurveyService(deps);
  const system: RequestContext = { principal: { kind: 'system', label: 'demo seed' } };

  at(0, 8);
  const org = await accounts.createOrganization(system, { slug: DEMO_ORG, name: 'Paylode' });
  const people: Record<string, RequestContext> = {};
  for (const p of PEOPLE) {
    const { user } = await accounts.addMember(system, org.slug, { ...p, password: DEMO_PASSWORD });
    const principal: Principal = { kind: 'user', userId: user.id, email: user.email, name: user.name };
    people[p.name.split(' ')[0]!.toLowerCase()] = { principal };
  }
  const { maya, sam, jordan } = people;

  // How client companies' HR leads saw Paylode before anything went wrong: the baseline.
  const wave = (w: Omit<WaveSeed, 'at' | 'audience' | 'invited'>, seed: number) =>
    seedWave(store, surveys, sam!, org.slug, { ...w, at, audience: 'customers', invited: 90 }, seed);
  await wave(
    { title: 'Client trust pulse — before', wave: 'baseline', day: 0, hour: 9, responded: 62, level: 5.6 },
    1,
  );

  // An older, closed incident gives the list some history.
  at(1, 10);
  const outage = (
    await incidents.create(maya!, org.slug, {
      title: 'Payroll run delayed six hours',
      kind: 'outage',
      summary: 'A failed database failover delayed the 1st-of-month payroll run for 212 client companies.',
      severity: 3,
      violationTypes: ['competence'],
      culpability: 'established',
      detectedAt: iso(1, 6),
      occurredAt: iso(1, 5),
      disclosedAt: iso(1, 7),
      disclosedBy: 'organization',
      affectedAudiences: ['customers'],
      investigationOwner: 'Maya Chen',
    })
  ).record.incident;
  await incidents.transition(maya!, org.slug, outage.id, { to: 'diagnose' }, undefined);
  at(2);
  const failover = (
    await rootCauses.create(maya!, org.slug, outage.id, {
      description: 'The failover runbook had not been exercised since the database upgrade',
      component: 'structures_policies',
      dimensions: ['ability'],
      systemic: true,
      whys: [
        'Payroll did not start',
        'The primary database failed over slowly',
        'The replica had a stale configuration',
        'Failover drills were skipped after the upgrade',
      ],
    })
  ).record;
  await incidents.transition(maya!, org.slug, outage.id, { to: 'reform' }, undefined);
  const drill = (
    await actions.create(maya!, org.slug, outage.id, {
      title: 'Quarterly failover drills with published results',
      kind: 'process',
      repairLogic: 'distrust_regulation',
      dimensions: ['ability'],
      rootCauseIds: [failover.id],
      owner: 'Maya Chen',
      dueAt: date(6),
      verificationMethod: 'Drill completes in under 5 minutes',
    })
  ).record;
  const credit = (
    await actions.create(maya!, org.slug, outage.id, {
      title: 'Service credit and personal call to each affected client',
      kind: 'remedy',
      repairLogic: 'trustworthiness_demonstration',
      dimensions: ['ability'],
      rootCauseIds: [failover.id],
      owner: 'Sam Okafor',
      dueAt: date(4),
      verificationMethod: 'Every affected client reached',
    })
  ).record;
  const drillPromise = (
    await commitments.create(sam!, org.slug, outage.id, {
      text: 'We will run a failover drill every quarter and publish the result.',
      audience: 'customers',
      dueAt: date(6),
      owner: 'Maya Chen',
      verification: 'Drill report on the status page',
      actionIds: [drill.id],
    })
  ).record;
  void drillPromise;
  await incidents.transition(maya!, org.slug, outage.id, { to: 'evaluate' }, undefined);
  at(3, 11);
  await actions.update(maya!, org.slug, credit.id, { status: 'done' }, undefined);
  at(3, 15);
  await actions.update(maya!, org.slug, drill.id, { status: 'done' }, undefined);
  await actions.update(
    maya!,
    org.slug,
    drill.id,
    {
      status: 'verified',
      verification: {
        metric: 'Failover time in drill',
        target: '< 5 minutes',
        result: '3 min 40 s',
        evidence: ['https://status.paylode.example/drills/2026-q1'],
      },
    },
    undefined,
  );
  at(3, 16);
  await lessons.create(maya!, org.slug, outage.id, {
    title: 'A runbook nobody has run is not a runbook',
    learned:
      'The failover procedure was correct on paper but had not been exercised since the database upgrade; the replica configuration had drifted without anyone noticing.',
    category: 'process',
    rootCauseIds: [failover.id],
    followUp: 'Quarterly failover drills with published results, owned by Maya Chen',
  });
  at(3, 17);
  await incidents.transition(maya!, org.slug, outage.id, { to: 'closed' }, undefined);

  // The breach: the scenario the console opens on.
  at(4, 14);
  const breach = (
    await incidents.create(maya!, org.slug, {
      title: 'Employee records exposed by a misconfigured storage bucket',
      slug: 'bucket-exposure',
      kind: 'data_breach',
      crisisType: 'human_error_accident',
      summary:
        'A storage bucket holding payroll exports for 312 client companies was readable from the internet for 11 days after a configuration change. It contained names, addresses, bank account numbers and salary data of 48,000 employees. A security researcher reported it; we closed access within 40 minutes of the report.',
      severity: 5,
      violationTypes: ['competence', 'integrity'],
      culpability: 'established',
      occurredAt: iso(-7, 16),
      detectedAt: iso(4, 13),
      disclosedBy: 'researcher',
      affectedAudiences: ['employees', 'customers', 'regulators', 'public'],
      priorSimilarIncidents: 0,
      priorReputation: 'positive',
    })
  ).record.incident;
  at(5, 10);
  await incidents.update(
    maya!,
    org.slug,
    breach.id,
    { disclosedAt: iso(5, 9), investigationOwner: 'Maya Chen' },
    undefined,
  );
  await incidents.transition(maya!, org.slug, breach.id, { to: 'diagnose' }, undefined);

  // What was said, approved by the CEO before it went out.
  const say = async (input: StatementInput, links: StatementInput['links'] = []) => {
    const id = (await statements.create(sam!, org.slug, breach.id, { ...input, links })).record.statement.id;
    await statements.submit(sam!, org.slug, id, undefined);
    await statements.review(jordan!, org.slug, id, { decision: 'approved' });
    await statements.publish(sam!, org.slug, id, {}, undefined);
    return id;
  };
  await say({
    kind: 'holding_statement',
    title: 'A storage bucket with payroll data was open to the internet',
    audiences: ['public', 'customers', 'employees'],
    nextUpdateBy: iso(6, 17),
    body: [
      `On ${day(4)} a security researcher told us that a storage bucket holding payroll exports was readable from the internet. We closed access within 40 minutes of the report.`,
      'We are sorry. A configuration change we made exposed the names, addresses, bank account numbers and salaries of about 48,000 employees of our client companies for 11 days.',
      'We are investigating how this happened and will publish what we find. If your records were in the bucket, we will write to you personally. Please watch your bank statements and tell your bank about any payment you do not recognise.',
      `We will post the next update by ${day(6)} at 17:00 UTC.`,
    ].join('\n\n'),
  });
  at(6, 15);
  await say({
    kind: 'update',
    title: 'We know which client companies are affected',
    audiences: ['public', 'customers', 'employees'],
    body: 'We have confirmed which 312 client companies had payroll exports in the bucket, and we are calling each of them today. The investigation continues; our next update will explain how this happened.',
  });

  at(7, 9);
  const mk = async (input: Parameters<ActionService['create']>[3], by: RequestContext = maya!) =>
    (await actions.create(by, org.slug, breach.id, input)).record;
  // Containment starts before the diagnosis is done; it is linked to its root cause once found.
  const block = await mk({
    title: 'Block public access on every storage bucket',
    kind: 'technology',
    repairLogic: 'distrust_regulation',
    dimensions: ['ability'],
    owner: 'Maya Chen',
    sponsor: 'Jordan Blake',
    dueAt: iso(8, 9),
    verificationMethod: 'Account-wide scan shows zero public buckets',
  });
  await commitments.create(sam!, org.slug, breach.id, {
    text: 'We will block public access on every storage bucket we operate within 72 hours.',
    audience: 'public',
    dueAt: iso(8, 9),
    owner: 'Maya Chen',
    verification: 'Configuration scan report published',
    source: 'Holding statement, day 1',
    actionIds: [block.id],
  });
  await wave(
    {
      title: 'Client trust pulse — after the disclosure',
      wave: 'post_incident',
      incident: breach.id,
      day: 7,
      hour: 10,
      responded: 58,
      level: 3.1,
    },
    2,
  );
  at(8, 7);
  await actions.update(maya!, org.slug, block.id, { status: 'done' }, undefined);

  at(8, 11);
  const rcReview = (
    await rootCauses.create(maya!, org.slug, breach.id, {
      description: 'Infrastructure changes to storage could be merged without a second reviewer',
      component: 'structures_policies',
      dimensions: ['ability', 'integrity'],
      systemic: true,
      isPublic: true,
      whys: [
        'Payroll exports were public',
        'A bucket policy change granted public read',
        'The change was merged by one engineer under deadline pressure',
        'Storage changes did not require a second reviewer',
        'Review rules were never extended to infrastructure code',
      ],
    })
  ).record;
  const rcScan = (
    await rootCauses.create(maya!, org.slug, breach.id, {
      description: 'No automated check alerted on publicly readable storage',
      component: 'technology',
      dimensions: ['ability'],
      systemic: true,
      isPublic: true,
      whys: ['The exposure lasted 11 days', 'Nobody noticed', 'No scanner watched bucket policies'],
    })
  ).record;
  const rcPriority = (
    await rootCauses.create(maya!, org.slug, breach.id, {
      description:
        'Security findings on data handling were repeatedly deprioritized against feature deadlines',
      component: 'leadership',
      dimensions: ['integrity', 'benevolence'],
      systemic: true,
      independentReview: true,
      isPublic: true,
    })
  ).record;
  await incidents.transition(maya!, org.slug, breach.id, { to: 'reform' }, undefined);

  at(9, 10);
  await actions.update(maya!, org.slug, block.id, { rootCauseIds: [rcScan.id] }, undefined);
  await leadership.create(jordan!, org.slug, breach.id, {
    kind: 'customer_call',
    leader: 'Jordan Blake',
    audience: 'customers',
    occurredAt: iso(8, 16),
    summary:
      'Called the HR directors of the ten largest affected client companies to explain what happened and answer questions.',
    isPublic: false,
  });
  const scanner = await mk({
    title: 'Continuous configuration scanning with paging alerts',
    kind: 'technology',
    repairLogic: 'distrust_regulation',
    dimensions: ['ability'],
    rootCauseIds: [rcScan.id],
    owner: 'Ravi Gupta',
    sponsor: 'Jordan Blake',
    dueAt: date(16),
    verificationMethod: 'A planted public bucket pages on-call within 5 minutes',
  });
  const twoPerson = await mk({
    title: 'Two-person review for all infrastructure changes',
    kind: 'process',
    repairLogic: 'distrust_regulation',
    dimensions: ['ability', 'integrity'],
    rootCauseIds: [rcReview.id],
    owner: 'Maya Chen',
    sponsor: 'Jordan Blake',
    dueAt: date(18),
    verificationMethod: 'Branch protection audit of every infrastructure repository',
  });
  const letters = await mk({
    title: 'Personal letter and 24 months of identity monitoring for every affected employee',
    kind: 'remedy',
    repairLogic: 'trustworthiness_demonstration',
    dimensions: ['benevolence', 'integrity'],
    rootCauseIds: [rcPriority.id],
    owner: 'Sam Okafor',
    sponsor: 'Jordan Blake',
    dueAt: date(14),
    verificationMethod: 'Delivery confirmations for all 48,000 letters',
  });
  const classification = await mk({
    title: 'Data classification policy for payroll exports',
    kind: 'policy',
    repairLogic: 'distrust_regulation',
    dimensions: ['integrity'],
    rootCauseIds: [rcPriority.id, rcReview.id],
    owner: 'Lee Park',
    sponsor: 'Jordan Blake',
    dueAt: date(27),
    verificationMethod: 'Policy approved by the board; exports tagged',
  });
  const training = await mk({
    title: 'Secure infrastructure training for all platform engineers',
    kind: 'training',
    repairLogic: 'trustworthiness_demonstration',
    dimensions: ['ability'],
    rootCauseIds: [rcReview.id],
    owner: 'Ravi Gupta',
    dueAt: date(40),
    verificationMethod: '100% completion and a passing practical exercise',
  });
  const audit = await mk({
    title: 'Independent security audit with a published summary',
    kind: 'oversight',
    repairLogic: 'distrust_regulation',
    dimensions: ['integrity', 'ability'],
    rootCauseIds: [rcPriority.id, rcScan.id],
    owner: 'Jordan Blake',
    sponsor: 'Jordan Blake',
    dueAt: date(70),
    verificationMethod: 'Auditor’s letter and summary published',
  });
  const board = await mk({
    title: 'Security findings reported to the board risk committee every month',
    kind: 'oversight',
    repairLogic: 'distrust_regulation',
    dimensions: ['integrity', 'benevolence'],
    rootCauseIds: [rcPriority.id],
    owner: 'Jordan Blake',
    dueAt: date(45),
    verificationMethod: 'Committee minutes show the report each month',
  });
  const rename = await mk({
    title: 'Rename export buckets to unguessable names',
    kind: 'technology',
    repairLogic: 'distrust_regulation',
    dimensions: ['ability'],
    rootCauseIds: [rcScan.id],
    owner: 'Ravi Gupta',
    dueAt: date(12),
    verificationMethod: 'Bucket inventory review',
  });
  const townHall = await mk({
    title: 'CEO town hall with client HR leads, questions answered in public',
    kind: 'remedy',
    repairLogic: 'trustworthiness_demonstration',
    dimensions: ['benevolence', 'integrity'],
    rootCauseIds: [rcPriority.id],
    owner: 'Jordan Blake',
    dueAt: date(20),
    verificationMethod: 'Recording and written answers published',
  });

  // Promises made in public, linked to the work that keeps them.
  const promiseLetters = (
    await commitments.create(sam!, org.slug, breach.id, {
      text: 'Every affected employee will receive a personal letter and 24 months of identity monitoring within 10 days.',
      audience: 'employees',
      dueAt: date(14),
      owner: 'Sam Okafor',
      verification: 'Delivery confirmations',
      actionIds: [letters.id],
      source: 'Apology letter from the CEO',
    })
  ).record;
  const promiseAudit = (
    await commitments.create(jordan!, org.slug, breach.id, {
      text: 'We will publish a summary of an independent security audit.',
      audience: 'public',
      dueAt: date(70),
      owner: 'Jordan Blake',
      verification: 'Auditor’s letter published',
      actionIds: [audit.id],
    })
  ).record;
  const promisePolicy = (
    await commitments.create(sam!, org.slug, breach.id, {
      text: 'Payroll exports will be classified and encrypted under a new data policy by the end of the month.',
      audience: 'customers',
      dueAt: date(27),
      owner: 'Lee Park',
      verification: 'Policy published on the trust page',
      actionIds: [classification.id],
    })
  ).record;
  const promiseTraining = (
    await commitments.create(sam!, org.slug, breach.id, {
      text: 'All platform engineers will complete secure infrastructure training.',
      audience: 'customers',
      dueAt: date(30),
      owner: 'Ravi Gupta',
      verification: 'Completion report',
      actionIds: [training.id],
    })
  ).record;
  await commitments.create(jordan!, org.slug, breach.id, {
    text: 'I will meet the HR leads of our client companies in an open town hall within three weeks.',
    audience: 'customers',
    dueAt: date(21),
    owner: 'Jordan Blake',
    verification: 'Recording published',
    actionIds: [townHall.id],
    source: 'CEO apology letter',
  });
  await commitments.create(sam!, org.slug, breach.id, {
    text: 'Every change to our storage configuration will need a second reviewer.',
    audience: 'customers',
    dueAt: date(18),
    owner: 'Maya Chen',
    verification: 'Branch protection audit',
    actionIds: [twoPerson.id],
  });
  await commitments.create(sam!, org.slug, breach.id, {
    text: 'We will answer every question sent to privacy@paylode.example within two business days.',
    audience: 'employees',
    dueAt: date(34),
  });
  void promiseAudit;

  at(10, 9);
  await say(
    {
      kind: 'apology',
      title: 'We failed to protect your data',
      byline: 'Jordan Blake, Chief Executive',
      audiences: ['public', 'customers', 'employees'],
      body: [
        'We failed to protect your data, and I apologize to every person whose records we exposed.',
        'This happened because a change to our storage settings was merged without a second reviewer, and no automated check warned us. The bucket stayed open for 11 days.',
        `What we have done: on ${day(8)} we blocked public access on every storage bucket we run. A scan of all our accounts confirmed that none is public.`,
        `What we will do: by ${day(14)}, every affected employee will get a personal letter and 24 months of identity monitoring. By ${day(18)}, every change to our storage settings will need a second reviewer. An independent firm will audit our controls, and we will publish its summary by ${day(70)}.`,
        'We have changed how we work: security findings now go to our board every month.',
        'Tell us what we missed: privacy@paylode.example is read by our incident team.',
      ].join('\n\n'),
    },
    [{ quote: 'we blocked public access on every storage bucket we run', actionId: block.id }],
  );
  // The weeks of work.
  at(10, 15);
  await actions.update(
    maya!,
    org.slug,
    block.id,
    {
      status: 'verified',
      verification: {
        metric: 'Publicly readable buckets across all accounts',
        target: '0',
        result: '0 of 1,284 buckets',
        evidence: ['https://trust.paylode.example/reports/bucket-scan-day-6.pdf'],
      },
    },
    undefined,
  );
  await actions.update(
    maya!,
    org.slug,
    rename.id,
    { status: 'dropped', reason: 'Superseded: access is blocked account-wide, so names no longer matter.' },
    undefined,
  );
  at(11);
  for (const a of [scanner, twoPerson, letters, classification, training]) {
    await actions.update(maya!, org.slug, a.id, { status: 'in_progress' }, undefined);
  }
  at(12, 8);
  await say({
    kind: 'leader_message',
    title: 'To everyone at Paylode',
    byline: 'Jordan Blake',
    audiences: ['employees'],
    body: `This breach happened on our watch, and it is mine to answer for. I will hold an open town hall with our client HR leads on ${day(20)}, and every question you send me before then will get an answer there.`,
  });
  at(15, 16);
  await actions.update(maya!, org.slug, letters.id, { status: 'done' }, undefined);
  at(16, 9);
  await say({
    kind: 'update',
    title: 'Letters and identity monitoring have reached every affected employee',
    audiences: ['public', 'customers', 'employees'],
    body: [
      `Every one of the 48,000 affected employees has now received a personal letter and a code for 24 months of identity monitoring. We finished on ${day(15)}, one day later than we promised, because our printing partner needed extra time to verify addresses. We missed the date we gave you, and we are sorry.`,
      'Still open: the data classification policy is late, and the independent audit is under way. We will report on both here every two weeks.',
    ].join('\n\n'),
  });
  at(16, 10);
  await actions.update(maya!, org.slug, scanner.id, { status: 'done' }, undefined);
  at(18, 17);
  await actions.update(maya!, org.slug, twoPerson.id, { status: 'done' }, undefined);
  await wave(
    {
      title: 'Client trust pulse — after the letters',
      wave: 'post_response',
      incident: breach.id,
      day: 18,
      hour: 18,
      responded: 60,
      level: 3.9,
    },
    3,
  );
  at(19, 14);
  await actions.update(
    maya!,
    org.slug,
    scanner.id,
    {
      status: 'verified',
      verification: {
        metric: 'Time from a planted public bucket to a page',
        target: '< 5 minutes',
        result: '2 min 10 s',
        evidence: ['https://trust.paylode.example/reports/scanner-drill.pdf'],
      },
    },
    undefined,
  );
  at(20, 18);
  await leadership.create(jordan!, org.slug, breach.id, {
    kind: 'town_hall',
    leader: 'Jordan Blake',
    audience: 'customers',
    occurredAt: iso(20, 16),
    summary:
      'Open town hall with 140 HR leads of client companies: what happened, what changed, and two hours of questions. The recording and written answers are published.',
    isPublic: true,
  });
  await actions.update(maya!, org.slug, townHall.id, { status: 'done' }, undefined);
  at(24, 10);
  await commitments.update(
    sam!,
    org.slug,
    promiseTraining.id,
    {
      dueAt: date(40),
      explanation:
        'The external trainer moved the practical exercise by ten days; the course content is unchanged.',
    },
    undefined,
  );
  void promiseLetters;
  void promisePolicy;
  void board;

  await wave(
    {
      title: 'Client trust pulse — tracking',
      wave: 'tracking',
      incident: breach.id,
      day: 30,
      hour: 9,
      responded: 55,
      level: 4.6,
    },
    4,
  );

  // What people said, before and after — analysed, and linked to the actions that answer it.
  await seedListening(store, {
    organizationId: org.id,
    incidentId: breach.id,
    start,
    disclosedDay: 5,
    today: 34,
    lettersActionId: letters.id,
    lettersDoneDay: 15,
    classificationActionId: classification.id,
  });

  t = realClock().getTime();
  return { created: true };
}

/** The sign-in the demo prints. */
export function demoSignIn(): { email: string; password: string } {
  return { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD };
}
