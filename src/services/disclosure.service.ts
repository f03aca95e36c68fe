import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Organization, Principal } from '../domain/account.ts';
import { isOverdue } from '../domain/action.ts';
import type { SayDo } from '../domain/commitment.ts';
import { isCommitmentOverdue, isPending, sayDo } from '../domain/commitment.ts';
import { notFound } from '../domain/errors.ts';
import type { LeadershipActivity } from '../domain/leadership.ts';
import type { Review, Statement, StatementVersion } from '../domain/statement.ts';
import type { ActionStatus, CommitmentStatus, Stage } from '../shared/enums.ts';
import type { Store } from '../store/store.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { audit, authorizeWrite, nowIso } from './common.ts';
import { getIncident } from './incident.service.ts';

/** What a disclosure page shows: only records marked public, only statements published to its audience. */
export interface DisclosureView {
  org: { slug: string; name: string };
  audience: string;
  incident: {
    id: string;
    slug: string;
    title: string;
    summary: string | null;
    kind: string;
    severity: number;
    stage: Stage;
    occurredAt: string | null;
    detectedAt: string;
    disclosedAt: string | null;
    disclosedBy: string | null;
  };
  rootCauses: {
    id: string;
    description: string;
    component: string;
    systemic: boolean;
    independentReview: boolean;
  }[];
  actions: {
    id: string;
    title: string;
    description: string | null;
    kind: string;
    status: ActionStatus;
    dueAt: string | null;
    overdue: boolean;
    doneAt: string | null;
    verifiedAt: string | null;
    verification: { metric: string; target: string; result: string; evidence: string[] } | null;
  }[];
  commitments: {
    id: string;
    text: string;
    audience: string;
    status: CommitmentStatus;
    dueAt: string | null;
    originalDueAt: string | null;
    overdue: boolean;
    keptAt: string | null;
    explanation: string | null;
    dueHistory: { from: string | null; to: string | null; explanation: string; at: string }[];
  }[];
  sayDo: SayDo;
  nextUpdate: { dueAt: string; late: boolean } | null;
  statements: {
    id: string;
    kind: string;
    state: 'published' | 'retracted';
    retractedAt: string | null;
    retractionReason: string | null;
    current: PublishedVersion;
    /** Earlier published versions, newest first. */
    history: PublishedVersion[];
    /** Who approved the published version (leader approvals are part of leadership visibility). */
    approvedBy: { name: string; role: string }[];
  }[];
  leadership: {
    id: string;
    kind: string;
    leader: string;
    audience: string;
    occurredAt: string;
    summary: string;
  }[];
  /** "You said, we did": themes people raised, and the public action that answers each — never an individual's words. */
  loop: { theme: string; actionId: string; actionTitle: string; status: ActionStatus }[];
  /** The newest publication time: the page's "last updated". */
  updatedAt: string;
}

export interface PublishedVersion {
  number: number;
  title: string;
  body: string;
  byline: string | null;
  publishedAt: string;
  contentHash: string;
}

export interface OrgDisclosure {
  org: { slug: string; name: string };
  incidents: {
    slug: string;
    title: string;
    stage: Stage;
    severity: number;
    updatedAt: string;
    sayDo: SayDo;
  }[];
  updatedAt: string | null;
}

export interface PublicAccess {
  audience: string;
  /** The secret key of a non-public audience page's link. */
  key?: string | undefined;
  /** A signed-in member sees every audience page of their organization. */
  principal?: Principal | undefined;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function published(v: StatementVersion): PublishedVersion {
  return {
    number: v.number,
    title: v.title,
    body: v.body,
    byline: v.byline,
    publishedAt: v.publishedAt!,
    contentHash: v.contentHash,
  };
}

/**
 * The read model of the public disclosure pages, feeds and public JSON. Public means: statements
 * published to the page's audience, and records marked public; everything else stays inside.
 */
export class DisclosureService {
  constructor(private readonly deps: ServiceDeps) {}

  private get store() {
    return this.deps.store;
  }

  /** The organization's data version, for caches of public pages. */
  async dataVersion(orgSlug: string): Promise<number | undefined> {
    return (await this.store.accounts.findOrganizationBySlug(orgSlug))?.dataVersion;
  }

  private async canSee(
    tx: Store,
    org: Organization,
    incidentId: string,
    access: PublicAccess,
  ): Promise<boolean> {
    if (access.audience === 'public') return true;
    if (access.principal?.kind === 'user') {
      if (await tx.accounts.findRole(org.id, access.principal.userId)) return true;
    }
    if (access.principal?.kind === 'token' && access.principal.organizationId === org.id) return true;
    if (!access.key) return false;
    const stored = await tx.secrets.audienceLinkHash(org.id, incidentId, access.audience);
    if (!stored) return false;
    const a = Buffer.from(stored);
    const b = Buffer.from(hashKey(access.key));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * The disclosure page of an incident for an audience.
   * @throws AppError `not_found` when the organization or incident is unknown, nothing was
   * published to the audience, or a non-public audience page is asked for without its key —
   * never a hint that it exists.
   */
  async incidentPage(orgSlug: string, incidentSlug: string, access: PublicAccess): Promise<DisclosureView> {
    return this.store.transaction(async (tx) => {
      const org = await tx.accounts.findOrganizationBySlug(orgSlug);
      if (!org) throw notFound('page');
      const incident = await tx.incidents.findBySlug(org.id, incidentSlug);
      if (!incident || !(await this.canSee(tx, org, incident.id, access))) throw notFound('page');
      const statements = (await tx.statements.listByIncident(org.id, incident.id)).filter(
        (s) => s.publishedVersion !== null,
      );
      const ids = statements.map((s) => s.id);
      const [versions, reviews] = await Promise.all([
        tx.statements.listVersions(org.id, ids),
        tx.statements.listReviews(org.id, ids),
      ]);
      const forAudience = statements
        .map((s) =>
          this.statementView(
            s,
            versions.filter((v) => v.statementId === s.id && v.publishedAt),
            reviews.filter(
              (r) =>
                r.statementId === s.id && r.versionNumber === s.publishedVersion && r.decision === 'approved',
            ),
          ),
        )
        .filter((s) => s !== null && s.audiences.includes(access.audience))
        .map((s) => s!.view);
      if (forAudience.length === 0) throw notFound('page');
      const [rootCauses, actions, commitments, leadership] = await Promise.all([
        tx.rootCauses.listByIncident(org.id, incident.id),
        tx.actions.listByIncident(org.id, incident.id),
        tx.commitments.listByIncident(org.id, incident.id),
        tx.leadership.listByIncident(org.id, incident.id),
      ]);
      const now = nowIso(this.deps.clock);
      const visibleCommitments = commitments.filter(
        (c) => c.isPublic && (c.audience === access.audience || c.audience === 'public'),
      );
      const nextUpdate = visibleCommitments
        .filter((c) => c.kind === 'next_update' && isPending(c) && c.dueAt)
        .sort((a, b) => (a.dueAt! < b.dueAt! ? -1 : 1))[0];
      forAudience.sort((a, b) => (a.current.publishedAt < b.current.publishedAt ? 1 : -1));
      return {
        org: { slug: org.slug, name: org.name },
        audience: access.audience,
        incident: {
          id: incident.id,
          slug: incident.slug,
          title: incident.title,
          summary: incident.summary,
          kind: incident.kind,
          severity: incident.severity,
          stage: incident.stage,
          occurredAt: incident.occurredAt,
          detectedAt: incident.detectedAt,
          disclosedAt: incident.disclosedAt,
          disclosedBy: incident.disclosedBy,
        },
        rootCauses: rootCauses
          .filter((r) => r.isPublic)
          .map((r) => ({
            id: r.id,
            description: r.description,
            component: r.component,
            systemic: r.systemic,
            independentReview: r.independentReview,
          })),
        actions: actions
          .filter((a) => a.isPublic)
          .map((a) => ({
            id: a.id,
            title: a.title,
            description: a.description,
            kind: a.kind,
            status: a.status,
            dueAt: a.dueAt,
            overdue: isOverdue(a, now),
            doneAt: a.doneAt,
            verifiedAt: a.verifiedAt,
            verification: a.verification,
          })),
        commitments: visibleCommitments.map((c) => ({
          id: c.id,
          text: c.text,
          audience: c.audience,
          status: c.status,
          dueAt: c.dueAt,
          originalDueAt: c.originalDueAt,
          overdue: isCommitmentOverdue(c, now),
          keptAt: c.keptAt,
          explanation: c.explanation,
          dueHistory: c.dueHistory.map((h) => ({
            from: h.from,
            to: h.to,
            explanation: h.explanation,
            at: h.at,
          })),
        })),
        sayDo: sayDo(visibleCommitments, now),
        nextUpdate: nextUpdate ? { dueAt: nextUpdate.dueAt!, late: nextUpdate.dueAt! < now } : null,
        statements: forAudience,
        loop: await this.loopView(
          tx,
          org.id,
          actions.filter((a) => a.isPublic),
        ),
        leadership: leadership
          .filter((l) => l.isPublic && (l.audience === access.audience || l.audience === 'public'))
          .map(leadershipView),
        updatedAt: forAudience
          .map((s) => s.retractedAt ?? s.current.publishedAt)
          .reduce((a, b) => (a > b ? a : b)),
      };
    });
  }

  private statementView(s: Statement, publishedVersions: StatementVersion[], approvals: Review[]) {
    const current = publishedVersions.find((v) => v.number === s.publishedVersion);
    if (!current) return null;
    const history = publishedVersions
      .filter((v) => v.number !== current.number)
      .sort((a, b) => b.number - a.number);
    return {
      audiences: current.audiences,
      view: {
        id: s.id,
        kind: s.kind,
        state: s.state === 'retracted' ? ('retracted' as const) : ('published' as const),
        retractedAt: s.retractedAt,
        retractionReason: s.retractionReason,
        current: published(current),
        history: history.map(published),
        approvedBy: approvals.map((r) => ({ name: r.reviewerLabel, role: r.reviewerRole })),
      },
    };
  }

  private async loopView(
    tx: Store,
    orgId: string,
    actions: { id: string; title: string; status: ActionStatus }[],
  ) {
    const links = await tx.feedback.linksOf(
      orgId,
      actions.map((a) => a.id),
    );
    return links
      .filter((l) => l.target.startsWith('theme:'))
      .map((l) => {
        const a = actions.find((x) => x.id === l.actionId)!;
        return {
          theme: l.target.slice('theme:'.length),
          actionId: a.id,
          actionTitle: a.title,
          status: a.status,
        };
      });
  }

  /** The organization's public index: incidents with something published to the public. */
  async orgPage(orgSlug: string): Promise<OrgDisclosure> {
    const org = await this.store.accounts.findOrganizationBySlug(orgSlug);
    if (!org) throw notFound('page');
    const pub = (await this.store.statements.listPublished(org.id)).filter((p) =>
      p.version.audiences.includes('public'),
    );
    const latest = new Map<string, string>();
    for (const p of pub) {
      const at = p.version.publishedAt ?? p.version.createdAt;
      if ((latest.get(p.incidentId) ?? '') < at) latest.set(p.incidentId, at);
    }
    const now = nowIso(this.deps.clock);
    const incidents = [];
    for (const [incidentId, updatedAt] of latest) {
      const incident = await this.store.incidents.find(org.id, incidentId);
      if (!incident) continue;
      const commitments = (await this.store.commitments.listByIncident(org.id, incidentId)).filter(
        (c) => c.isPublic && c.audience === 'public',
      );
      incidents.push({
        slug: incident.slug,
        title: incident.title,
        stage: incident.stage,
        severity: incident.severity,
        updatedAt,
        sayDo: sayDo(commitments, now),
      });
    }
    incidents.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    return { org: { slug: org.slug, name: org.name }, incidents, updatedAt: incidents[0]?.updatedAt ?? null };
  }

  /**
   * Creates or rotates the secret link to an incident's page for a non-public audience. The key is
   * returned once; only its hash is kept, and rotating makes the old link stop working.
   */
  async rotateAudienceLink(ctx: RequestContext, orgSlug: string, incidentRef: string, audience: string) {
    return this.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'statement:publish');
      const incident = await getIncident(tx, org, incidentRef);
      const key = randomBytes(24).toString('base64url');
      const now = nowIso(this.deps.clock);
      await tx.secrets.setAudienceLink(org.id, incident.id, audience, hashKey(key), now);
      await audit(tx, ctx, org, now, {
        action: 'audience_link_rotated',
        recordType: 'incident',
        recordId: incident.id,
        incidentId: incident.id,
        after: { audience },
      });
      return { org: org.slug, incident: incident.slug, audience, key };
    });
  }
}

function leadershipView(l: LeadershipActivity) {
  return {
    id: l.id,
    kind: l.kind,
    leader: l.leader,
    audience: l.audience,
    occurredAt: l.occurredAt,
    summary: l.summary,
  };
}
