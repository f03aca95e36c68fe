import { invalid, notFound } from '../domain/errors.ts';
import type { Lesson, LessonCategory } from '../domain/lesson.ts';
import { assertLessonStage } from '../domain/lesson.ts';
import type { Incident } from '../domain/incident.ts';
import { csvDocument } from '../shared/csv.ts';
import type { Store } from '../store/store.ts';
import type { CreateOptions, Created, Expected, RequestContext, ServiceDeps } from './common.ts';
import {
  assertVersion,
  audit,
  authorize,
  authorizeWrite,
  idempotentCreate,
  nowIso,
  pick,
  staleError,
} from './common.ts';
import { getIncident } from './incident.service.ts';

export interface LessonInput {
  title: string;
  learned: string;
  category: LessonCategory;
  rootCauseIds?: string[] | undefined;
  followUp?: string | null | undefined;
}

/** Root causes must be the incident's own. */
async function checkRootCauses(tx: Store, incident: Incident, ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    const rc = await tx.rootCauses.find(incident.organizationId, id);
    if (!rc || rc.incidentId !== incident.id) {
      throw invalid(`body.rootCauseIds.${i}`, `no root cause ${id} in this incident`);
    }
  }
}

/**
 * Lessons learned: recorded at evaluation and close, linked to the incident's root causes, and
 * exportable across incidents so the next incident starts from them.
 */
export class LessonService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Records a lesson.
   * @throws AppError `conflict` before the evaluate stage, `validation` for another incident's root cause.
   */
  async create(
    ctx: RequestContext,
    orgSlug: string,
    incidentRef: string,
    input: LessonInput,
    opts: CreateOptions = {},
  ): Promise<Created<Lesson>> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'incident:write');
      const incident = await getIncident(tx, org, incidentRef);
      assertLessonStage(incident.stage);
      const rootCauseIds = [...new Set(input.rootCauseIds ?? [])];
      await checkRootCauses(tx, incident, rootCauseIds);
      const now = nowIso(this.deps.clock);
      return idempotentCreate(
        tx,
        ctx,
        org,
        opts,
        'lesson',
        now,
        async (id) => {
          const lesson: Lesson = {
            id,
            organizationId: org.id,
            incidentId: incident.id,
            title: input.title,
            learned: input.learned,
            category: input.category,
            rootCauseIds,
            followUp: input.followUp ?? null,
            stage: incident.stage,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          await tx.lessons.insert(lesson);
          await audit(tx, ctx, org, now, {
            action: 'created',
            recordType: 'lesson',
            recordId: id,
            incidentId: incident.id,
            after: lesson,
          });
          return lesson;
        },
        async (id) => (await tx.lessons.find(org.id, id))!,
      );
    });
  }

  async list(ctx: RequestContext, orgSlug: string, incidentRef?: string): Promise<Lesson[]> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const incident = incidentRef ? await getIncident(this.deps.store, org, incidentRef) : undefined;
    return this.deps.store.lessons.list(org.id, incident?.id);
  }

  async update(
    ctx: RequestContext,
    orgSlug: string,
    id: string,
    patch: Partial<LessonInput>,
    expected: Expected,
  ): Promise<Lesson> {
    return this.deps.store.transaction(async (tx) => {
      const { org } = await authorizeWrite(tx, ctx, orgSlug, 'incident:write');
      const current = await tx.lessons.find(org.id, id);
      if (!current) throw notFound('lesson');
      assertVersion(current, expected);
      const incident = await getIncident(tx, org, current.incidentId);
      const rootCauseIds = patch.rootCauseIds ? [...new Set(patch.rootCauseIds)] : current.rootCauseIds;
      await checkRootCauses(tx, incident, rootCauseIds);
      const now = nowIso(this.deps.clock);
      const next: Lesson = {
        ...current,
        title: pick(patch.title, current.title),
        learned: pick(patch.learned, current.learned),
        category: pick(patch.category, current.category),
        rootCauseIds,
        followUp: patch.followUp === undefined ? current.followUp : patch.followUp,
        version: current.version + 1,
        updatedAt: now,
      };
      if (!(await tx.lessons.update(next))) throw staleError();
      await audit(tx, ctx, org, now, {
        action: 'updated',
        recordType: 'lesson',
        recordId: id,
        incidentId: current.incidentId,
        before: current,
        after: next,
      });
      return next;
    });
  }

  /**
   * Every lesson of the organization (or of one incident) as CSV or Markdown, with each incident's
   * title and the root causes spelled out, for a review outside Amends.
   */
  async export(
    ctx: RequestContext,
    orgSlug: string,
    format: 'csv' | 'md',
    incidentRef?: string,
  ): Promise<string> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'incident:read');
    const only = incidentRef ? await getIncident(this.deps.store, org, incidentRef) : undefined;
    const lessons = await this.deps.store.lessons.list(org.id, only?.id);
    const incidents = new Map<string, Incident>();
    const causes = new Map<string, string>();
    for (const l of lessons) {
      if (!incidents.has(l.incidentId)) {
        incidents.set(l.incidentId, await getIncident(this.deps.store, org, l.incidentId));
        for (const rc of await this.deps.store.rootCauses.listByIncident(org.id, l.incidentId))
          causes.set(rc.id, rc.description);
      }
    }
    const causesOf = (l: Lesson) => l.rootCauseIds.map((id) => causes.get(id) ?? id);
    if (format === 'csv') {
      return csvDocument(
        [
          'incident',
          'incident_title',
          'title',
          'category',
          'learned',
          'root_causes',
          'follow_up',
          'stage',
          'recorded_at',
        ],
        lessons.map((l) => {
          const i = incidents.get(l.incidentId)!;
          return [
            i.slug,
            i.title,
            l.title,
            l.category,
            l.learned,
            causesOf(l).join(' | '),
            l.followUp,
            l.stage,
            l.createdAt,
          ];
        }),
      );
    }
    const md = [`# Lessons learned — ${oneLine(org.name)}`, ''];
    for (const [incidentId, incident] of incidents) {
      md.push(`## ${oneLine(incident.title)} (${incident.slug})`, '');
      for (const l of lessons.filter((x) => x.incidentId === incidentId)) {
        md.push(
          `### ${oneLine(l.title)}`,
          '',
          `_${l.category} · recorded at ${l.stage}, ${l.createdAt.slice(0, 10)}_`,
          '',
        );
        md.push(l.learned, '');
        const rc = causesOf(l);
        if (rc.length > 0) md.push('Root causes:', '', ...rc.map((c) => `- ${oneLine(c)}`), '');
        if (l.followUp) md.push(`**What changes:** ${l.followUp}`, '');
      }
    }
    if (lessons.length === 0) md.push('No lessons recorded yet.', '');
    return md.join('\n');
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
