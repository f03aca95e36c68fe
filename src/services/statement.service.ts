import { createHash } from 'node:crypto';
import type { Organization } from '../domain/account.ts';
import { authorKey, principalKey, principalLabel } from '../domain/account.ts';
import type { CheckContext, CheckRecord, CheckResult } from '../domain/checker/index.ts';
import { checkStatement, hasBlocking } from '../domain/checker/index.ts';
import type { Commitment } from '../domain/commitment.ts';
import { deriveCommitmentStatus, isPending } from '../domain/commitment.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Incident } from '../domain/incident.ts';
import { deriveCluster } from '../domain/incident.ts';
import type { Review, Statement, StatementLink, StatementVersion } from '../domain/statement.ts';
import {
  approvalPolicy,
  assertEditable,
  assertPublishable,
  assertRetractable,
  assertSubmittable,
  decideReview,
} from '../domain/statement.ts';
import type { StatementKind } from '../shared/enums.ts';
import { newId } from '../store/ids.ts';
import type { Store } from '../store/store.ts';
import type { CreateOptions, Created, Expected, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  canonicalTimestamp,
  idempotentCreate,
  nowIso,
  staleError,
} from './common.ts';
import { assertOpen, getIncident } from './incident.service.ts';

export interface StatementInput {
  kind: StatementKind;
  title: string;
  body: string;
  audiences: string[];
  channels?: string[] | undefined;
  byline?: string | null | undefined;
  nextUpdateBy?: string | null | undefined;
  links?: StatementLink[] | undefined;
}

export type StatementEdit = Partial<StatementInput>;

/** A statement with its versions and reviews. */
export interface StatementDetail {
  statement: Statement;
  versions: StatementVersion[];
  reviews: Review[];
  current: StatementVersion;
  published: StatementVersion | null;
}

/** The fingerprint of what a version says and to whom: the proof that a delivery carried it. */
export function contentHash(v: Pick<StatementVersion, 'title' | 'body' | 'audiences' | 'byline'>): string {
  return createHash('sha256')
    .update(JSON.stringify([v.title, v.body, [...v.audiences].sort(), v.byline]))
    .digest('hex');
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * What the organization says: statements drafted per audience, reviewed by someone other than
 * their author, checked against the record, published (now or at a time), delivered to
 * subscribers, and never silently edited.
 */
export class StatementService {
  constructor(private readonly deps: ServiceDeps) {}

  private get store() {
    return this.deps.store;
  }

  private async load(tx: Store, org: Organization, id: string): Promise<StatementDetail> {
    const statement = await tx.statements.find(org.id, id);
    if (!statement) throw notFound('statement');
    const [versions, reviews] = await Promise.all([
      tx.statements.listVersions(org.id, [id]),
      tx.statements.listReviews(org.id, [id]),
    ]);
    const current = versions.find((v) => v.number === statement.currentVersion)!;
    const published =
      statement.publishedVersion === null
        ? null
        : (versions.find((v) => v.number === statement.publishedVersion) ?? null);
    return { statement, versions, reviews, current, published };
  }

  /**
   * Drafts a statement (version 1, draft).
   * @throws AppError `conflict` on a closed incident, `forbidden`, `not_found`.
   */
  async create(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    input: StatementInput,
    opts: CreateOptions = {},
  ): Promise<Created<StatementDetail>> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'statement:write');
      const incident = await getIncident(tx, org, incidentRef);
      const now = nowIso(this.deps.clock);
      const created = await idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'statement',
        now,
        async (id) => {
          assertOpen(incident);
          const statement: Statement = {
            id,
            organizationId: org.id,
            incidentId: incident.id,
            kind: input.kind,
            channels: uniq(input.channels ?? ['web']),
            state: 'draft',
            currentVersion: 1,
            publishedVersion: null,
            firstPublishedAt: null,
            lastPublishedAt: null,
            scheduledAt: null,
            retractedAt: null,
            retractionReason: null,
            nextUpdateBy: input.nextUpdateBy ? canonicalTimestamp(input.nextUpdateBy) : null,
            links: input.links ?? [],
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          await tx.statements.insert(statement);
          const version = this.newVersion(ctx, statement, 1, input, now);
          await tx.statements.insertVersion(version);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'statement',
            recordId: id,
            incidentId: incident.id,
            after: { ...statement, title: version.title, audiences: version.audiences },
          });
          return id;
        },
        async (id) => id,
      );
      return { record: await this.load(tx, org, created.record), replayed: created.replayed };
    });
  }

  private newVersion(
    ctx: RequestContext,
    s: Statement,
    number: number,
    content: Pick<StatementInput, 'title' | 'body' | 'audiences' | 'byline'>,
    now: string,
  ): StatementVersion {
    const v = {
      title: content.title,
      body: content.body,
      audiences: uniq(content.audiences),
      byline: content.byline ?? null,
    };
    return {
      organizationId: s.organizationId,
      statementId: s.id,
      number,
      ...v,
      author: principalLabel(ctx.principal),
      contentHash: contentHash(v),
      createdAt: now,
      publishedAt: null,
      overrideReason: null,
    };
  }

  async list(ctx: RequestContext, orgSlug: string, incidentRef: string): Promise<StatementDetail[]> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorize(tx, ctx, orgSlug, 'incident:read');
      const incident = await getIncident(tx, org, incidentRef);
      const statements = await tx.statements.listByIncident(org.id, incident.id);
      const ids = statements.map((s) => s.id);
      const [versions, reviews] = await Promise.all([
        tx.statements.listVersions(org.id, ids),
        tx.statements.listReviews(org.id, ids),
      ]);
      return statements.map((statement) => {
        const own = versions.filter((v) => v.statementId === statement.id);
        return {
          statement,
          versions: own,
          reviews: reviews.filter((r) => r.statementId === statement.id),
          current: own.find((v) => v.number === statement.currentVersion)!,
          published: own.find((v) => v.number === statement.publishedVersion) ?? null,
        };
      });
    });
  }

  async get(ctx: RequestContext, orgSlug: string, id: string): Promise<StatementDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorize(tx, ctx, orgSlug, 'incident:read');
      return this.load(tx, org, id);
    });
  }

  /**
   * Edits a statement. A change to what it says or to whom makes a new version and sends it back
   * to draft (earlier approvals were for other words); the public keeps seeing the published
   * version until the new one is approved and published. Links to the record change in place.
   * @throws AppError `conflict` for a retracted statement, `stale` for an outdated version.
   */
  async edit(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: StatementEdit,
    expected: Expected,
  ): Promise<StatementDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'statement:write');
      const before = await this.load(tx, org, id);
      const s = before.statement;
      assertVersion(s, expected);
      assertEditable(s);
      assertOpen(await getIncident(tx, org, s.incidentId));
      const now = nowIso(this.deps.clock);
      const content = {
        title: patch.title ?? before.current.title,
        body: patch.body ?? before.current.body,
        audiences: patch.audiences ?? before.current.audiences,
        byline: patch.byline === undefined ? before.current.byline : patch.byline,
      };
      const nextUpdateBy =
        patch.nextUpdateBy === undefined
          ? s.nextUpdateBy
          : patch.nextUpdateBy === null
            ? null
            : canonicalTimestamp(patch.nextUpdateBy);
      const channels = patch.channels ? uniq(patch.channels) : s.channels;
      // What it says and to whom makes a new version; how it is filed and sent does not.
      const changed =
        contentHash({ ...content, audiences: uniq(content.audiences) }) !== before.current.contentHash;
      const settingsChanged =
        (patch.kind ?? s.kind) !== s.kind ||
        nextUpdateBy !== s.nextUpdateBy ||
        JSON.stringify(channels) !== JSON.stringify(s.channels);
      // Approvals covered the promise and the channels too: a change sends an unpublished version back to draft.
      const backToDraft = changed || (settingsChanged && (s.state === 'in_review' || s.state === 'approved'));
      const next: Statement = {
        ...s,
        kind: patch.kind ?? s.kind,
        channels,
        nextUpdateBy,
        links: patch.links ?? s.links,
        currentVersion: changed ? s.currentVersion + 1 : s.currentVersion,
        state: backToDraft ? 'draft' : s.state,
        scheduledAt: backToDraft ? null : s.scheduledAt,
        version: s.version + 1,
        updatedAt: now,
      };
      if (!(await tx.statements.update(next))) throw staleError();
      if (changed)
        await tx.statements.insertVersion(this.newVersion(ctx, next, next.currentVersion, content, now));
      await audit(tx, ctx, org, now, {
        action: changed ? 'new_version' : settingsChanged ? 'settings_changed' : 'links_updated',
        recordType: 'statement',
        recordId: id,
        incidentId: s.incidentId,
        before: { version: s.currentVersion, state: s.state, title: before.current.title },
        after: { version: next.currentVersion, state: next.state, title: content.title },
      });
      return this.load(tx, org, id);
    });
  }

  /** draft → in review. */
  async submit(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    expected: Expected,
  ): Promise<StatementDetail> {
    return this.transition(ctx, orgSlug, id, expected, 'statement:write', 'submitted', (d) => {
      assertSubmittable(d.statement);
      return { state: 'in_review' };
    });
  }

  /**
   * Approves or rejects the current version. Nobody reviews their own text; the organization's
   * policy says which roles review and how many approvals it takes.
   */
  async review(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    input: { decision: 'approved' | 'rejected'; comment?: string | undefined },
  ): Promise<StatementDetail> {
    return this.store.transaction(async (tx) => {
      const { org, role } = await authorizeWrite(tx, ctx, orgSlug, 'statement:approve');
      const d = await this.load(tx, org, id);
      const now = nowIso(this.deps.clock);
      const reviewerKey = principalKey(ctx.principal);
      const { state } = decideReview(
        d.statement,
        authorKey(d.current.author),
        d.reviews,
        { reviewerKey, reviewerRole: role, decision: input.decision, comment: input.comment },
        approvalPolicy(org.settings),
      );
      await tx.statements.insertReview({
        id: newId(),
        organizationId: org.id,
        statementId: id,
        versionNumber: d.statement.currentVersion,
        reviewerKey,
        // A person's name, not their e-mail: approvals by leaders are shown on the public page.
        reviewerLabel:
          ctx.principal.kind === 'user' ? ctx.principal.name : principalLabel(ctx.principal).label,
        reviewerRole: role,
        decision: input.decision,
        comment: input.comment ?? null,
        at: now,
      });
      const next: Statement = { ...d.statement, state, version: d.statement.version + 1, updatedAt: now };
      if (!(await tx.statements.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: input.decision === 'approved' ? 'approved' : 'rejected',
        recordType: 'statement',
        recordId: id,
        incidentId: d.statement.incidentId,
        before: { state: d.statement.state },
        after: {
          state,
          version: d.statement.currentVersion,
          ...(input.comment ? { comment: input.comment } : {}),
        },
      });
      return this.load(tx, org, id);
    });
  }

  private async transition(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    expected: Expected,
    permission: 'statement:write' | 'statement:publish',
    action: string,
    decide: (d: StatementDetail) => Partial<Statement>,
  ): Promise<StatementDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, permission);
      const d = await this.load(tx, org, id);
      assertVersion(d.statement, expected);
      const now = nowIso(this.deps.clock);
      const next: Statement = {
        ...d.statement,
        ...decide(d),
        version: d.statement.version + 1,
        updatedAt: now,
      };
      if (!(await tx.statements.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action,
        recordType: 'statement',
        recordId: id,
        incidentId: d.statement.incidentId,
        before: { state: d.statement.state },
        after: { state: next.state, version: next.currentVersion },
      });
      return this.load(tx, org, id);
    });
  }

  /**
   * Checks what a statement says against the incident's profile and record: language patterns,
   * apology completeness, readability, claims against actions, promises against commitments, and
   * figures against earlier published statements (LANG-N21).
   */
  async check(ctx: RequestContext, orgSlug: string, id: string): Promise<CheckResult> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorize(tx, ctx, orgSlug, 'incident:read');
      const d = await this.load(tx, org, id);
      const incident = await getIncident(tx, org, d.statement.incidentId);
      return checkStatement(
        d.current.body,
        await this.checkContext(tx, org, incident, d.current.audiences[0] ?? 'public', d.statement.links, id),
      );
    });
  }

  /**
   * The checker's context for an incident: its profile and record, including the statements
   * published so far (for LANG-N21). The CLI merges its flags over it.
   */
  async contextFor(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    options: {
      audience?: string | undefined;
      links?: StatementLink[] | undefined;
      statementId?: string | undefined;
    } = {},
  ): Promise<CheckContext> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorize(tx, ctx, orgSlug, 'incident:read');
      const incident = await getIncident(tx, org, incidentRef);
      return this.checkContext(
        tx,
        org,
        incident,
        options.audience ?? 'public',
        options.links ?? [],
        options.statementId,
      );
    });
  }

  /** Checks text that is not saved yet (the editor, the CLI) in an incident's context. */
  async checkText(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    text: string,
    options: {
      audience?: string | undefined;
      links?: StatementLink[] | undefined;
      statementId?: string | undefined;
    } = {},
  ): Promise<CheckResult> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorize(tx, ctx, orgSlug, 'incident:read');
      const incident = await getIncident(tx, org, incidentRef);
      return checkStatement(
        text,
        await this.checkContext(
          tx,
          org,
          incident,
          options.audience ?? 'public',
          options.links ?? [],
          options.statementId,
        ),
      );
    });
  }

  /** The incident's profile and record, as the checker reads them. */
  private async checkContext(
    tx: Store,
    org: Organization,
    incident: Incident,
    audience: string,
    links: StatementLink[],
    excludeStatementId: string | undefined,
  ): Promise<CheckContext> {
    const [actions, commitments, rootCauses, published] = await Promise.all([
      tx.actions.listByIncident(org.id, incident.id),
      tx.commitments.listByIncident(org.id, incident.id),
      tx.rootCauses.listByIncident(org.id, incident.id),
      tx.statements.listPublished(org.id),
    ]);
    const cluster = deriveCluster(incident).cluster;
    const thirdPartyOnly = rootCauses.length > 0 && rootCauses.every((r) => r.component === 'third_party');
    const record: CheckRecord = {
      actions: actions.map((a) => ({ id: a.id, title: a.title, status: a.status, dueAt: a.dueAt })),
      commitments: commitments.map((c) => ({
        id: c.id,
        text: c.text,
        dueAt: c.dueAt,
        status: c.status,
        actionIds: c.actionIds,
      })),
      links,
      priorStatements: published
        .filter((p) => p.incidentId === incident.id && p.version.statementId !== excludeStatementId)
        .map((p) => ({
          id: p.version.statementId,
          audience: p.version.audiences[0] ?? 'public',
          publishedAt: p.version.publishedAt ?? p.version.createdAt,
          text: p.version.body,
        })),
      now: nowIso(this.deps.clock),
    };
    return {
      cluster,
      crisisType: incident.crisisType,
      violationTypes: incident.violationTypes,
      culpability: incident.culpability,
      stage: incident.stage,
      deceptionInvolved: incident.deceptionInvolved,
      severity: incident.severity,
      kind: incident.kind,
      audience,
      priorSimilarIncidents: incident.priorSimilarIncidents,
      priorReputation: incident.priorReputation,
      evidenceAttached: incident.culpabilityEvidence.length > 0,
      preventableRootCauseKnown: cluster === 'preventable' && rootCauses.length > 0,
      externalCauseVerified: thirdPartyOnly && cluster !== 'preventable',
      record,
    };
  }

  /**
   * Publishes the approved version now, or schedules it. The text is checked first: a
   * high-severity finding blocks publication unless an override reason is given, and the reason is
   * kept with the version and in the audit trail.
   * @throws AppError `checker_blocked` listing the findings, `conflict` unless approved.
   */
  async publish(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    input: { at?: string | undefined; overrideReason?: string | undefined },
    expected: Expected,
  ): Promise<StatementDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'statement:publish');
      const d = await this.load(tx, org, id);
      assertVersion(d.statement, expected);
      assertPublishable(d.statement);
      const incident = await getIncident(tx, org, d.statement.incidentId);
      const now = nowIso(this.deps.clock);
      const result = checkStatement(
        d.current.body,
        await this.checkContext(tx, org, incident, d.current.audiences[0] ?? 'public', d.statement.links, id),
      );
      if (hasBlocking(result) && !input.overrideReason) {
        const high = result.findings.filter((f) => f.severity === 'high');
        throw new AppError(
          'checker_blocked',
          `the statement has ${high.length} high-severity finding${high.length === 1 ? '' : 's'}; fix ${high.length === 1 ? 'it' : 'them'} or publish with an override reason`,
          high.map((f) => ({
            path: `body[${f.start}:${f.end}]`,
            rule: f.rule,
            message: f.message,
            remedy: f.suggestion,
          })),
        );
      }
      const at = input.at ? canonicalTimestamp(input.at) : now;
      if (at > now) {
        const scheduled: Statement = {
          ...d.statement,
          scheduledAt: at,
          version: d.statement.version + 1,
          updatedAt: now,
        };
        if (!(await tx.statements.update(scheduled))) throw staleError();
        await tx.statements.markVersionPublished(
          org.id,
          id,
          d.statement.currentVersion,
          null,
          input.overrideReason ?? null,
        );
        await audit(tx, ctx, org, now, {
          action: 'scheduled',
          recordType: 'statement',
          recordId: id,
          incidentId: incident.id,
          after: {
            at,
            version: d.statement.currentVersion,
            ...(input.overrideReason ? { overrideReason: input.overrideReason } : {}),
          },
        });
        return this.load(tx, org, id);
      }
      await this.publishNow(tx, ctx, org, d, now, input.overrideReason ?? null);
      return this.load(tx, org, id);
    });
  }

  /** Makes the current version the public one and tells everyone subscribed, in one transaction. */
  private async publishNow(
    tx: Store,
    ctx: RequestContext,
    org: Organization,
    d: StatementDetail,
    now: string,
    overrideReason: string | null,
  ): Promise<void> {
    const s = d.statement;
    const next: Statement = {
      ...s,
      state: 'published',
      publishedVersion: s.currentVersion,
      firstPublishedAt: s.firstPublishedAt ?? now,
      lastPublishedAt: now,
      scheduledAt: null,
      version: s.version + 1,
      updatedAt: now,
    };
    if (!(await tx.statements.update(next))) throw staleError();
    await tx.statements.markVersionPublished(
      org.id,
      s.id,
      s.currentVersion,
      now,
      overrideReason ?? d.current.overrideReason,
    );
    const queued = await tx.deliveries.enqueueStatement(
      org.id,
      s.incidentId,
      s.id,
      s.currentVersion,
      d.current.audiences,
      now,
    );
    await this.keepNextUpdatePromises(tx, ctx, org, s, d.current.audiences, now);
    await audit(tx, ctx, org, now, {
      action: 'published',
      recordType: 'statement',
      recordId: s.id,
      incidentId: s.incidentId,
      before: { state: s.state, publishedVersion: s.publishedVersion },
      after: {
        state: 'published',
        publishedVersion: s.currentVersion,
        contentHash: d.current.contentHash,
        deliveriesQueued: queued,
        ...(overrideReason ? { overrideReason } : {}),
      },
    });
  }

  /**
   * A publication keeps the "next update by" promises made to its audiences by earlier
   * statements, and registers its own as a commitment.
   */
  private async keepNextUpdatePromises(
    tx: Store,
    ctx: RequestContext,
    org: Organization,
    s: Statement,
    audiences: string[],
    now: string,
  ): Promise<void> {
    const commitments = await tx.commitments.listByIncident(org.id, s.incidentId);
    for (const c of commitments) {
      if (c.kind !== 'next_update') continue;
      if (!isPending(c) || !audiences.includes(c.audience)) continue;
      const kept: Commitment = {
        ...c,
        manualOutcome: 'kept',
        manualKeptAt: now,
        version: c.version + 1,
        updatedAt: now,
      };
      const derived = deriveCommitmentStatus(kept, []);
      const written = { ...kept, status: derived.status, keptAt: derived.keptAt };
      if (!(await tx.commitments.update(written))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'status_derived',
        recordType: 'commitment',
        recordId: c.id,
        incidentId: c.incidentId,
        before: { status: c.status },
        after: { status: written.status, keptAt: written.keptAt, keptBy: s.id },
      });
    }
    if (!s.nextUpdateBy || s.nextUpdateBy <= now) return;
    for (const audience of audiences) {
      const c: Commitment = {
        id: newId(),
        organizationId: org.id,
        incidentId: s.incidentId,
        text: `We will publish the next update by ${s.nextUpdateBy.slice(0, 16).replace('T', ' ')} UTC.`,
        audience,
        dueAt: s.nextUpdateBy,
        originalDueAt: s.nextUpdateBy,
        owner: principalLabel(ctx.principal).label,
        verification: 'The next update on the disclosure page',
        source: `Statement ${s.id}`,
        kind: 'next_update',
        sourceStatementId: s.id,
        actionIds: [],
        manualOutcome: null,
        manualKeptAt: null,
        explanation: null,
        dueHistory: [],
        evidence: [],
        isPublic: audience === 'public',
        status: 'open',
        keptAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await tx.commitments.insert(c);
      await audit(tx, ctx, org, now, {
        action: 'created',
        recordType: 'commitment',
        recordId: c.id,
        incidentId: c.incidentId,
        after: c,
      });
    }
  }

  /** Publishes approved statements whose scheduled time has come (the worker calls this). */
  async publishDue(limit = 20): Promise<number> {
    const now = nowIso(this.deps.clock);
    const due = await this.store.statements.listDueForPublication(now, limit);
    let published = 0;
    for (const item of due) {
      await this.store.transaction(async (tx) => {
        const org = await tx.accounts.findOrganizationById(item.organizationId);
        if (!org) return;
        await tx.accounts.bumpDataVersion(org.id);
        const d = await this.load(tx, org, item.id);
        if (d.statement.state !== 'approved' || !d.statement.scheduledAt || d.statement.scheduledAt > now)
          return;
        await this.publishNow(
          tx,
          { principal: { kind: 'system', label: 'scheduled publication' } },
          org,
          d,
          now,
          null,
        );
        published++;
      });
    }
    return published;
  }

  /**
   * Retracts a published statement. The notice and its reason stay visible where the statement
   * was, and subscribers are told.
   */
  async retract(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    input: { reason: string },
    expected: Expected,
  ): Promise<StatementDetail> {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'statement:publish');
      const d = await this.load(tx, org, id);
      assertVersion(d.statement, expected);
      assertRetractable(d.statement);
      const now = nowIso(this.deps.clock);
      const next: Statement = {
        ...d.statement,
        state: 'retracted',
        retractedAt: now,
        retractionReason: input.reason,
        scheduledAt: null,
        version: d.statement.version + 1,
        updatedAt: now,
      };
      if (!(await tx.statements.update(next))) throw staleError();
      // Version 0 stands for the retraction notice in delivery keys.
      await tx.deliveries.enqueueStatement(org.id, next.incidentId, id, 0, d.published!.audiences, now);
      await audit(tx, ctx, org, now, {
        action: 'retracted',
        recordType: 'statement',
        recordId: id,
        incidentId: next.incidentId,
        before: { state: d.statement.state },
        after: { state: 'retracted', reason: input.reason },
      });
      return this.load(tx, org, id);
    });
  }
}
