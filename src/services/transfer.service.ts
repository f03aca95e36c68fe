import { z } from 'zod';
import type { CorrectiveAction } from '../domain/action.ts';
import type { Commitment } from '../domain/commitment.ts';
import { AppError } from '../domain/errors.ts';
import type { Incident } from '../domain/incident.ts';
import type { RootCause } from '../domain/root-cause.ts';
import {
  ACTION_KINDS,
  ACTION_STATUSES,
  CLUSTERS,
  COMMITMENT_STATUSES,
  COMPONENTS,
  CRISIS_TYPES,
  CULPABILITIES,
  DISCLOSERS,
  INCIDENT_KINDS,
  LEADERSHIP_KINDS,
  STATEMENT_KINDS,
  STATEMENT_STATES,
  REPAIR_LOGICS,
  REPUTATIONS,
  ROLES,
  STAGES,
  TRUST_DIMENSIONS,
  VIOLATION_TYPES,
} from '../shared/enums.ts';
import type { AuditEvent } from '../domain/audit.ts';
import type { LeadershipActivity } from '../domain/leadership.ts';
import type { Review, Statement, StatementVersion } from '../domain/statement.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { authorize } from './common.ts';

const iso = z.iso.datetime({ offset: true });
const isoOrNull = iso.nullable();
const id = z.string().min(1).max(64);

const IncidentRecord = z.object({
  id,
  slug: z.string().min(1),
  title: z.string().min(1),
  summary: z.string().nullable(),
  kind: z.enum(INCIDENT_KINDS),
  crisisType: z.enum(CRISIS_TYPES),
  clusterOverride: z.object({ cluster: z.enum(CLUSTERS), reason: z.string() }).nullable(),
  violationTypes: z.array(z.enum(VIOLATION_TYPES)),
  culpability: z.enum(CULPABILITIES),
  culpabilityEvidence: z.array(z.string()),
  deceptionInvolved: z.boolean(),
  severity: z.number().int().min(1).max(5),
  occurredAt: isoOrNull,
  detectedAt: iso,
  disclosedAt: isoOrNull,
  disclosedBy: z.enum(DISCLOSERS).nullable(),
  affectedAudiences: z.array(z.string()),
  priorSimilarIncidents: z.number().int().min(0),
  priorReputation: z.enum(REPUTATIONS),
  investigationOwner: z.string().nullable(),
  stage: z.enum(STAGES),
  stageChangedAt: iso,
  version: z.number().int().min(1),
  createdAt: iso,
  updatedAt: iso,
});

const RootCauseRecord = z.object({
  id,
  incidentId: id,
  description: z.string(),
  component: z.enum(COMPONENTS),
  dimensions: z.array(z.enum(TRUST_DIMENSIONS)),
  systemic: z.boolean(),
  whys: z.array(z.string()),
  independentReview: z.boolean(),
  isPublic: z.boolean(),
  version: z.number().int().min(1),
  createdAt: iso,
  updatedAt: iso,
});

const ActionRecord = z.object({
  id,
  incidentId: id,
  title: z.string(),
  description: z.string().nullable(),
  kind: z.enum(ACTION_KINDS),
  repairLogic: z.enum(REPAIR_LOGICS),
  dimensions: z.array(z.enum(TRUST_DIMENSIONS)),
  rootCauseIds: z.array(id),
  owner: z.string().nullable(),
  sponsor: z.string().nullable(),
  dueAt: isoOrNull,
  status: z.enum(ACTION_STATUSES),
  statusReason: z.string().nullable(),
  startedAt: isoOrNull,
  doneAt: isoOrNull,
  verifiedAt: isoOrNull,
  verificationMethod: z.string().nullable(),
  verification: z
    .object({ metric: z.string(), target: z.string(), result: z.string(), evidence: z.array(z.string()) })
    .nullable(),
  evidence: z.array(z.string()),
  isPublic: z.boolean(),
  version: z.number().int().min(1),
  createdAt: iso,
  updatedAt: iso,
});

const CommitmentRecord = z.object({
  id,
  incidentId: id,
  text: z.string(),
  audience: z.string(),
  dueAt: isoOrNull,
  originalDueAt: isoOrNull,
  owner: z.string().nullable(),
  verification: z.string().nullable(),
  source: z.string().nullable(),
  kind: z.enum(['promise', 'next_update']),
  sourceStatementId: id.nullable(),
  actionIds: z.array(id),
  manualOutcome: z.enum(['kept', 'broken', 'withdrawn']).nullable(),
  manualKeptAt: isoOrNull,
  explanation: z.string().nullable(),
  dueHistory: z.array(
    z.object({ from: isoOrNull, to: isoOrNull, explanation: z.string(), at: iso, by: z.string() }),
  ),
  evidence: z.array(z.string()),
  isPublic: z.boolean(),
  status: z.enum(COMMITMENT_STATUSES),
  keptAt: isoOrNull,
  version: z.number().int().min(1),
  createdAt: iso,
  updatedAt: iso,
});

const StatementRecord = z.object({
  id,
  incidentId: id,
  kind: z.enum(STATEMENT_KINDS),
  channels: z.array(z.string()),
  state: z.enum(STATEMENT_STATES),
  currentVersion: z.number().int().min(1),
  publishedVersion: z.number().int().min(1).nullable(),
  firstPublishedAt: isoOrNull,
  lastPublishedAt: isoOrNull,
  scheduledAt: isoOrNull,
  retractedAt: isoOrNull,
  retractionReason: z.string().nullable(),
  nextUpdateBy: isoOrNull,
  links: z.array(z.object({ quote: z.string(), actionId: id.optional(), commitmentId: id.optional() })),
  version: z.number().int().min(1),
  createdAt: iso,
  updatedAt: iso,
});

const VersionRecord = z.object({
  statementId: id,
  number: z.number().int().min(1),
  title: z.string(),
  body: z.string(),
  audiences: z.array(z.string()),
  byline: z.string().nullable(),
  author: z.object({
    kind: z.enum(['user', 'token', 'system']),
    id: z.string().nullable(),
    label: z.string(),
  }),
  contentHash: z.string(),
  createdAt: iso,
  publishedAt: isoOrNull,
  overrideReason: z.string().nullable(),
});

const ReviewRecord = z.object({
  id,
  statementId: id,
  versionNumber: z.number().int().min(1),
  reviewerKey: z.string(),
  reviewerLabel: z.string(),
  reviewerRole: z.enum(ROLES),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().nullable(),
  at: iso,
});

const LeadershipRecord = z.object({
  id,
  incidentId: id,
  kind: z.enum(LEADERSHIP_KINDS),
  leader: z.string(),
  audience: z.string(),
  occurredAt: iso,
  summary: z.string(),
  isPublic: z.boolean(),
  version: z.number().int().min(1),
  createdAt: iso,
  updatedAt: iso,
});

const AuditRecord = z.object({
  id,
  at: iso,
  actor: z.object({
    kind: z.enum(['user', 'token', 'system']),
    id: z.string().nullable(),
    label: z.string(),
  }),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  incidentId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
});

/** The whole of one organization, as `amends export` writes it and `amends import` reads it. */
export const ExportDocumentSchema = z.object({
  format: z.literal('amends-export'),
  version: z.literal(1),
  organization: z.object({
    id,
    slug: z.string().min(1),
    name: z.string().min(1),
    settings: z.record(z.string(), z.unknown()),
    createdAt: iso,
    updatedAt: iso,
  }),
  members: z.array(
    z.object({ userId: id, email: z.string(), name: z.string(), role: z.enum(ROLES), joinedAt: iso }),
  ),
  incidents: z.array(IncidentRecord),
  rootCauses: z.array(RootCauseRecord),
  actions: z.array(ActionRecord),
  commitments: z.array(CommitmentRecord),
  statements: z.array(StatementRecord),
  statementVersions: z.array(VersionRecord),
  statementReviews: z.array(ReviewRecord),
  leadershipActivities: z.array(LeadershipRecord),
  auditEvents: z.array(AuditRecord),
});
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;

function withoutOrg<T extends { organizationId: string }>(r: T): Omit<T, 'organizationId'> {
  const { organizationId: _org, ...rest } = r;
  return rest;
}

/**
 * Moving a whole organization between instances. The document holds no secrets: no password
 * hashes, sessions or API tokens. Export → import into an empty database → export gives the same
 * document.
 */
export class TransferService {
  constructor(private readonly deps: ServiceDeps) {}

  async exportOrganization(ctx: RequestContext, orgSlug: string): Promise<ExportDocument> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorize(tx, ctx, orgSlug, 'org:export');
      const [
        members,
        incidents,
        rootCauses,
        actions,
        commitments,
        statements,
        versions,
        reviews,
        leadership,
        auditEvents,
      ] = await Promise.all([
        tx.accounts.listMembers(org.id),
        tx.incidents.listAll(org.id),
        tx.rootCauses.listAll(org.id),
        tx.actions.listAll(org.id),
        tx.commitments.listAll(org.id),
        tx.statements.listAll(org.id),
        tx.statements.listVersions(org.id),
        tx.statements.listReviews(org.id),
        tx.leadership.listAll(org.id),
        tx.audit.listAll(org.id),
      ]);
      return {
        format: 'amends-export',
        version: 1,
        organization: {
          id: org.id,
          slug: org.slug,
          name: org.name,
          settings: org.settings,
          createdAt: org.createdAt,
          updatedAt: org.updatedAt,
        },
        members: members.map((m) => ({
          userId: m.user.id,
          email: m.user.email,
          name: m.user.name,
          role: m.role,
          joinedAt: m.createdAt,
        })),
        incidents: incidents.map(withoutOrg),
        rootCauses: rootCauses.map(withoutOrg),
        actions: actions.map(withoutOrg),
        commitments: commitments.map(withoutOrg),
        statements: statements.map(withoutOrg),
        statementVersions: versions.map(withoutOrg),
        statementReviews: reviews.map(withoutOrg),
        leadershipActivities: leadership.map(withoutOrg),
        auditEvents: auditEvents.map(withoutOrg),
      };
    });
  }

  /**
   * Imports an exported organization, keeping its ids, in one transaction: all or nothing.
   * Members whose e-mail is new are created without a password (set one with
   * `amends user create`).
   * @throws AppError `validation` listing what is wrong with the document, `conflict` when the
   * organization already exists.
   */
  async importOrganization(
    raw: unknown,
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<{ slug: string; counts: Record<string, number> }> {
    if ((raw as { format?: unknown } | null)?.format !== 'amends-export') {
      throw new AppError(
        'validation',
        'not an Amends export: its "format" must be "amends-export" (the output of `amends export`)',
      );
    }
    const parsed = ExportDocumentSchema.safeParse(raw);
    if (!parsed.success) {
      const errors = parsed.error.issues
        .slice(0, 20)
        .map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new AppError(
        'validation',
        `not a valid Amends export: ${errors.map((e) => `${e.path || '(document)'} ${e.message}`).join('; ')}`,
        errors,
      );
    }
    const doc = parsed.data;
    try {
      return await this.insertAll(doc, onProgress);
    } catch (e) {
      const { dialect } = this.deps.store;
      if (dialect.isForeignKeyViolation(e) || dialect.isUniqueViolation(e)) {
        throw new AppError(
          'validation',
          'the document is inconsistent: a record refers to one that is missing, or an id appears twice; nothing was imported',
        );
      }
      throw e;
    }
  }

  private async insertAll(
    doc: ExportDocument,
    onProgress: (done: number, total: number) => void,
  ): Promise<{ slug: string; counts: Record<string, number> }> {
    return this.deps.store.transaction(async (tx) => {
      if (
        (await tx.accounts.findOrganizationBySlug(doc.organization.slug)) ||
        (await tx.accounts.findOrganizationById(doc.organization.id))
      ) {
        throw new AppError(
          'conflict',
          `organization "${doc.organization.slug}" already exists in this database`,
        );
      }
      const orgId = doc.organization.id;
      const total =
        doc.members.length +
        doc.incidents.length +
        doc.rootCauses.length +
        doc.actions.length +
        doc.commitments.length +
        doc.statements.length +
        doc.statementVersions.length +
        doc.statementReviews.length +
        doc.leadershipActivities.length +
        doc.auditEvents.length;
      let done = 0;
      const each = async <T>(rows: T[], insert: (row: T) => Promise<void>) => {
        for (const row of rows) {
          await insert(row);
          done += 1;
          if (done % 100 === 0 || done === total) onProgress(done, total);
        }
      };
      await tx.accounts.insertOrganization({ ...doc.organization, dataVersion: 0 });
      await each(doc.members, async (m) => {
        let user = await tx.accounts.findUserByEmail(m.email);
        if (!user) {
          user = {
            id: m.userId,
            email: m.email,
            name: m.name,
            passwordHash: null,
            createdAt: m.joinedAt,
            updatedAt: m.joinedAt,
          };
          await tx.accounts.insertUser(user);
        }
        await tx.accounts.upsertMembership({
          organizationId: orgId,
          userId: user.id,
          role: m.role,
          createdAt: m.joinedAt,
        });
      });
      await each(doc.incidents, (i) =>
        tx.incidents.insert({ ...i, organizationId: orgId } satisfies Incident),
      );
      await each(doc.rootCauses, (r) =>
        tx.rootCauses.insert({ ...r, organizationId: orgId } satisfies RootCause),
      );
      await each(doc.actions, (a) =>
        tx.actions.insert({ ...a, organizationId: orgId } satisfies CorrectiveAction),
      );
      await each(doc.commitments, (c) =>
        tx.commitments.insert({ ...c, organizationId: orgId } satisfies Commitment),
      );
      await each(doc.statements, (s) =>
        tx.statements.insert({ ...s, organizationId: orgId } satisfies Statement),
      );
      await each(doc.statementVersions, (v) =>
        tx.statements.insertVersion({ ...v, organizationId: orgId } satisfies StatementVersion),
      );
      await each(doc.statementReviews, (r) =>
        tx.statements.insertReview({ ...r, organizationId: orgId } satisfies Review),
      );
      await each(doc.leadershipActivities, (l) =>
        tx.leadership.insert({ ...l, organizationId: orgId } satisfies LeadershipActivity),
      );
      await each(doc.auditEvents, (e) =>
        tx.audit.insert({ ...e, organizationId: orgId } satisfies AuditEvent),
      );
      return {
        slug: doc.organization.slug,
        counts: {
          members: doc.members.length,
          incidents: doc.incidents.length,
          rootCauses: doc.rootCauses.length,
          actions: doc.actions.length,
          commitments: doc.commitments.length,
          statements: doc.statements.length,
          leadershipActivities: doc.leadershipActivities.length,
          auditEvents: doc.auditEvents.length,
        },
      };
    });
  }
}
