import { AppError } from './errors.ts';
import type { Stage } from '../shared/enums.ts';

/**
 * A lesson learned: what the organization now knows, the root causes it comes from and what will
 * change because of it. Recorded at evaluation and close (research: the "evaluate" stage of trust
 * repair asks what the reform taught, not only whether it worked).
 */
export const LESSON_CATEGORIES = [
  'process',
  'technology',
  'people',
  'communication',
  'governance',
  'supplier',
] as const;
export type LessonCategory = (typeof LESSON_CATEGORIES)[number];

export interface Lesson {
  id: string;
  organizationId: string;
  incidentId: string;
  title: string;
  /** What was learned, in the team's words. */
  learned: string;
  category: LessonCategory;
  /** Root causes of the same incident this lesson comes from. */
  rootCauseIds: string[];
  /** What will change because of it, and who sees to it; null when nothing more is planned. */
  followUp: string | null;
  /** The incident's stage when the lesson was recorded. */
  stage: Stage;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Stages at which lessons are recorded. */
export const LESSON_STAGES: readonly Stage[] = ['evaluate', 'closed'];

/**
 * Lessons are recorded once the reform is being evaluated, or after close.
 * @throws AppError `conflict` naming the stage and what would allow it.
 */
export function assertLessonStage(stage: Stage): void {
  if (!LESSON_STAGES.includes(stage)) {
    throw new AppError(
      'conflict',
      `lessons are recorded at evaluation and close; this incident is in ${stage} — move it to evaluate first`,
    );
  }
}
