import type { Services } from '../container.ts';
import { actionView, commitmentView, incidentView } from '../server/presenters/presenters.ts';
import type { RequestContext } from '../services/common.ts';
import { nowIso } from '../services/common.ts';
import type { Dashboard } from '../shared/contract/dashboard.ts';
import type { ReportIncident } from './report.tsx';

/** Which view of the measures the report prints. */
export interface ReportQuery {
  audience?: string | undefined;
  interval?: 'day' | 'week' | undefined;
}

/**
 * Everything the board report prints, read through the services with the caller's permissions:
 * the incident's dashboard (weekly unless asked otherwise) and the incident with its actions and
 * commitments, presented exactly as the API answers them.
 * @throws AppError `not_found` for an unknown organization or incident (or one of another organization),
 *   `forbidden` when the caller may not read incidents.
 */
export async function collectReport(
  s: Services,
  ctx: RequestContext,
  org: string,
  incident: string,
  q: ReportQuery = {},
): Promise<{ dashboard: Dashboard; detail: ReportIncident }> {
  const detail = await s.incidents.get(ctx, org, incident);
  const ref = detail.incident.id;
  const [dashboard, actions, commitments] = await Promise.all([
    s.metrics.dashboard(ctx, org, { incident: ref, audience: q.audience, interval: q.interval ?? 'week' }),
    s.actions.list(ctx, org, ref, {}),
    s.commitments.list(ctx, org, ref),
  ]);
  const now = nowIso(s.clock);
  return {
    dashboard,
    detail: {
      incident: incidentView(detail),
      actions: actions.map((a) => actionView(a, now)),
      commitments: commitments.map((c) => commitmentView(c, now)),
    },
  };
}

/** A file name for the report: `board-report-<incident>-<yyyy-mm-dd>.<ext>`. */
export function reportFileName(incidentSlug: string, generatedAt: string, format: 'pdf' | 'html'): string {
  return `board-report-${incidentSlug}-${generatedAt.slice(0, 10)}.${format}`;
}
