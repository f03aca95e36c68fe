import type { AuditEvent } from '../domain/audit.ts';
import type { AuditFilter } from '../store/audit.repository.ts';
import type { Page, PageRequest } from '../store/page.ts';
import type { RequestContext, ServiceDeps } from './common.ts';
import { authorize, cursorId } from './common.ts';
import { getIncident } from './incident.service.ts';

/** Reading the audit trail, per organization, per incident or per record. */
export class AuditService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(
    ctx: RequestContext,
    orgSlug: string,
    filter: AuditFilter,
    page: PageRequest,
  ): Promise<Page<AuditEvent>> {
    const { org } = await authorize(this.deps.store, ctx, orgSlug, 'audit:read');
    // An incident may be named by slug; the trail stores ids.
    const incidentId = filter.incidentId
      ? (await getIncident(this.deps.store, org, filter.incidentId)).id
      : undefined;
    return this.deps.store.audit.list(
      org.id,
      { ...filter, incidentId },
      { ...page, afterId: cursorId(page.cursor) },
    );
  }
}
