import type { Selectable } from 'kysely';
import type { Lesson, LessonCategory } from '../domain/lesson.ts';
import type { Stage } from '../shared/enums.ts';
import { json, toJson, ts } from './map.ts';
import type { Db } from './store.ts';
import type { LessonsTable } from './tables.ts';

function toLesson(r: Selectable<LessonsTable>): Lesson {
  return {
    id: r.id,
    organizationId: r.organization_id,
    incidentId: r.incident_id,
    title: r.title,
    learned: r.learned,
    category: r.category as LessonCategory,
    rootCauseIds: json<string[]>(r.root_cause_ids),
    followUp: r.follow_up,
    stage: r.stage as Stage,
    version: r.version,
    createdAt: ts(r.created_at),
    updatedAt: ts(r.updated_at),
  };
}

function row(l: Lesson) {
  return {
    organization_id: l.organizationId,
    id: l.id,
    incident_id: l.incidentId,
    title: l.title,
    learned: l.learned,
    category: l.category,
    root_cause_ids: toJson(l.rootCauseIds),
    follow_up: l.followUp,
    stage: l.stage,
    version: l.version,
    created_at: l.createdAt,
    updated_at: l.updatedAt,
  };
}

/** Lessons learned. */
export class LessonRepository {
  constructor(private readonly db: Db) {}

  async insert(l: Lesson): Promise<void> {
    await this.db.insertInto('lessons').values(row(l)).execute();
  }

  async find(organizationId: string, id: string): Promise<Lesson | undefined> {
    const r = await this.db
      .selectFrom('lessons')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toLesson(r);
  }

  /** Oldest first; every incident when `incidentId` is undefined. */
  async list(organizationId: string, incidentId?: string): Promise<Lesson[]> {
    let q = this.db.selectFrom('lessons').selectAll().where('organization_id', '=', organizationId);
    if (incidentId) q = q.where('incident_id', '=', incidentId);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(toLesson);
  }

  async update(next: Lesson): Promise<boolean> {
    const { organization_id, id, created_at: _created, ...fields } = row(next);
    const r = await this.db
      .updateTable('lessons')
      .set(fields)
      .where('organization_id', '=', organization_id)
      .where('id', '=', id)
      .where('version', '=', next.version - 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
