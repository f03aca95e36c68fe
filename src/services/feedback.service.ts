import { createHmac, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { invalid, notFound } from '../domain/errors.ts';
import type { Feedback } from '../domain/feedback.ts';
import { redact } from '../domain/feedback.ts';
import { analyse, loadLanguageDetector } from '../domain/analysis.ts';
import type { ThemeInterval, ThemeVolume, ThemeWindow } from '../domain/theme-volume.ts';
import { themeVolumes, themeWindow } from '../domain/theme-volume.ts';
import { newId } from '../store/ids.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { FeedbackFilter } from '../store/feedback.repository.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { audit, authorize, authorizeWrite, cursorId, nowIso } from './common.ts';
import { GroupCommitter } from './group-commit.ts';
import { getIncident } from './incident.service.ts';
import { themeRulesFor } from './theme.service.ts';
import { openCaseForComplaint } from './case.service.ts';

export interface PublicFeedbackInput {
  text: string;
  incident?: string | undefined;
  rating?: number | undefined;
  email?: string | undefined;
  name?: string | undefined;
  consent?: boolean | undefined;
  /** `complaint` files it on the complaint channel: it becomes a case once analysed. */
  kind?: 'complaint' | undefined;
}

const CLIENT_SECRET = 'client-address-hashing';

/**
 * Listening: feedback from every channel. Public submissions are written by group commit — many
 * concurrent submissions in one transaction — and each is acknowledged only once it is on disk.
 */
export class FeedbackService {
  private readonly committer: GroupCommitter<Feedback, string>;
  /** Organization and incident ids by slug, briefly: a form flood costs no lookups. */
  private readonly scopes = new LRUCache<string, { orgId: string; incidentId: string | null }>({
    max: 10_000,
    ttl: 10_000,
  });
  private secret: Promise<string> | undefined;

  constructor(private readonly deps: ServiceDeps) {
    this.committer = new GroupCommitter(async (items) => {
      await this.deps.store.transaction((tx) => tx.feedback.insertMany(items));
      return items.map((f) => f.id);
    });
  }

  private async scope(orgSlug: string, incidentSlug: string | undefined) {
    const key = `${orgSlug}|${incidentSlug ?? ''}`;
    const hit = this.scopes.get(key);
    if (hit) return hit;
    const org = await this.deps.store.accounts.findOrganizationBySlug(orgSlug);
    if (!org) throw notFound('organization');
    const incident = incidentSlug ? await getIncident(this.deps.store, org, incidentSlug) : null;
    const scope = { orgId: org.id, incidentId: incident?.id ?? null };
    this.scopes.set(key, scope);
    return scope;
  }

  private async clientHash(address: string): Promise<string> {
    this.secret ??= this.deps.store.secrets.instanceSecret(
      CLIENT_SECRET,
      () => randomBytes(32).toString('base64url'),
      nowIso(this.deps.clock),
    );
    return createHmac('sha256', await this.secret)
      .update(address)
      .digest('base64url')
      .slice(0, 22);
  }

  /**
   * Takes feedback from the public form. The text is redacted (e-mail addresses, phone numbers,
   * card-like numbers), contact details are kept only with consent, and the client's address only
   * as a keyed hash. Resolves with the new id once the item is committed.
   * @throws AppError `not_found` for an unknown organization or incident.
   */
  async submitPublic(orgSlug: string, input: PublicFeedbackInput, clientAddress: string): Promise<string> {
    const scope = await this.scope(orgSlug, input.incident);
    const { text, redacted } = redact(input.text.trim());
    const consent = input.consent === true && Boolean(input.email);
    const item: Feedback = {
      organizationId: scope.orgId,
      id: newId(),
      incidentId: scope.incidentId,
      channel: input.kind === 'complaint' ? 'complaint' : 'form',
      audience: 'public',
      text,
      ratings: input.rating === undefined ? {} : { rating: input.rating },
      contactEmail: consent ? input.email!.trim().toLowerCase() : null,
      contactName: consent ? (input.name?.trim() ?? null) : null,
      consent,
      source: null,
      sourceId: null,
      clientHash: await this.clientHash(clientAddress),
      redacted,
      sentiment: null,
      sentimentScore: null,
      language: null,
      themes: [],
      analysedAt: null,
      loopClosedAt: null,
      createdAt: nowIso(this.deps.clock),
      version: 1,
    };
    return this.committer.submit(item);
  }

  /**
   * Analyses up to `limit` items waiting for it (sentiment, language, themes) and records the
   * results in one transaction. Items are queued by being written unanalysed, in the same
   * transaction as the feedback itself, so none is forgotten by a crash.
   * @returns how many were analysed.
   */
  async analysePending(limit = 500): Promise<number> {
    const pending = await this.deps.store.feedback.listUnanalysed(limit);
    if (pending.length === 0) return 0;
    const at = nowIso(this.deps.clock);
    const rules = await themeRulesFor(this.deps.store, [...new Set(pending.map((f) => f.organizationId))]);
    await loadLanguageDetector();
    const results = pending.map((f) => ({ ...f, ...analyse(f.text, rules.get(f.organizationId)) }));
    await this.deps.store.transaction(async (tx) => {
      await tx.feedback.saveAnalyses(results, at);
      // New voices on a concern already answered hear back too: what was done is news to them.
      for (const orgId of new Set(results.map((f) => f.organizationId))) {
        const mine = results.filter((f) => f.organizationId === orgId && f.incidentId !== null);
        const incidents = [...new Set(mine.map((f) => f.incidentId!))];
        for (const a of await tx.feedback.finishedLinkedActions(orgId, incidents)) {
          const ids = mine.filter((f) => f.incidentId === a.incidentId).map((f) => f.id);
          await tx.feedback.closeLoop(orgId, a.actionId, a.incidentId, at, ids);
        }
      }
      // Complaints become cases, once per item (the unique feedback id makes a retry a no-op).
      for (const r of results) {
        if (r.channel === 'complaint') await openCaseForComplaint(tx, r, at);
      }
    });
    return results.length;
  }

  /**
   * Links feedback to the corrective action that answers it: items one by one, or a whole theme
   * of the action's incident. When the action is done or verified, everyone who consented to be
   * contacted about a linked item hears back, once.
   * @throws AppError `validation` for an item of another incident, `not_found`.
   */
  async linkToAction(
    ctx: RequestContext,
    orgSlug: string,
    actionId: string,
    input: { feedbackIds?: string[] | undefined; themes?: string[] | undefined },
  ): Promise<{ targets: string[] }> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'action:write');
      const action = await tx.actions.find(org.id, actionId);
      if (!action) throw notFound('corrective action');
      for (const [i, id] of (input.feedbackIds ?? []).entries()) {
        const f = await tx.feedback.find(org.id, id);
        if (!f || (f.incidentId !== null && f.incidentId !== action.incidentId)) {
          throw invalid(`body.feedbackIds.${i}`, `no feedback ${id} about this incident`);
        }
      }
      const targets = [
        ...(input.feedbackIds ?? []).map((id) => `item:${id}`),
        ...(input.themes ?? []).map((t) => `theme:${t}`),
      ];
      const now = nowIso(this.deps.clock);
      await tx.feedback.link(org.id, actionId, targets, now);
      await audit(tx, ctx, org, now, {
        action: 'feedback_linked',
        recordType: 'action',
        recordId: actionId,
        incidentId: action.incidentId,
        after: { targets },
      });
      // An action already finished answers its new links at once.
      if (action.status === 'done' || action.status === 'verified') {
        await tx.feedback.closeLoop(org.id, actionId, action.incidentId, now);
      }
      return { targets: (await tx.feedback.linksOf(org.id, [actionId])).map((l) => l.target) };
    });
  }

  /** How many people an action answers, and how many have been told. */
  async loopStatus(ctx: RequestContext, orgSlug: string, actionId: string) {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const action = await this.deps.store.actions.find(org.id, actionId);
    if (!action) throw notFound('corrective action');
    const [links, status] = await Promise.all([
      this.deps.store.feedback.linksOf(org.id, [actionId]),
      this.deps.store.feedback.loopStatus(org.id, actionId, action.incidentId),
    ]);
    return { targets: links.map((l) => l.target), ...status, waiting: status.people - status.told };
  }

  /**
   * Themes over time: for each theme, its total in the window, its negative share and its count
   * per day or ISO week (zeros included), the largest theme first. Counted in the database.
   * @throws AppError `validation` for a window that is empty or too long, `not_found`.
   */
  async themes(
    ctx: RequestContext,
    orgSlug: string,
    q: {
      incident?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      interval?: ThemeInterval | undefined;
    },
  ): Promise<ThemeWindow & { themes: ThemeVolume[] }> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incidentId = q.incident ? (await getIncident(this.deps.store, org, q.incident)).id : undefined;
    const window = themeWindow(q, this.deps.clock());
    const rows = await this.deps.store.feedback.themeCounts(org.id, {
      incidentId,
      from: window.from,
      to: window.to,
      interval: window.interval,
    });
    return { ...window, themes: themeVolumes(rows, window) };
  }

  /**
   * Loop status of every action of an incident: what each answers, how many people wait to hear
   * back and how many were told — counted for all actions in one query.
   * @throws AppError `not_found`.
   */
  async incidentLoop(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
  ): Promise<{
    items: { actionId: string; targets: string[]; people: number; told: number; waiting: number }[];
  }> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incident = await getIncident(this.deps.store, org, incidentRef);
    const counts = await this.deps.store.feedback.loopStatusOfIncident(org.id, incident.id);
    const links = await this.deps.store.feedback.linksOf(
      org.id,
      counts.map((c) => c.actionId),
    );
    return {
      items: counts.map((c) => ({
        actionId: c.actionId,
        targets: links.filter((l) => l.actionId === c.actionId).map((l) => l.target),
        people: c.people,
        told: c.told,
        waiting: Math.max(0, c.people - c.told),
      })),
    };
  }

  /** Waits for every accepted submission to be written (shutdown). */
  drain(): Promise<void> {
    return this.committer.drain();
  }

  async list(
    ctx: RequestContext,
    orgSlug: string,
    filter: FeedbackFilter & { incident?: string | undefined },
    page: PageRequest,
  ): Promise<Page<Feedback>> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incidentId = filter.incident
      ? (await getIncident(this.deps.store, org, filter.incident)).id
      : undefined;
    return this.deps.store.feedback.list(
      org.id,
      { ...filter, incidentId },
      { ...page, afterId: cursorId(page.cursor) },
    );
  }
}
