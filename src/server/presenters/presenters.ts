import type { ApiToken, Organization } from '../../domain/account.ts';
import type { CorrectiveAction } from '../../domain/action.ts';
import { isOverdue } from '../../domain/action.ts';
import type { Commitment } from '../../domain/commitment.ts';
import { isCommitmentOverdue, isSpecific } from '../../domain/commitment.ts';
import type { RootCause } from '../../domain/root-cause.ts';
import type { IncidentDetail, IncidentSummary } from '../../services/incident.service.ts';
import type {
  ActionView,
  AuditEventView,
  CommitmentView,
  IncidentSummaryView,
  IncidentView,
  RootCauseView,
} from '../../shared/contract/index.ts';
import type { Role } from '../../shared/enums.ts';
import type { AuditEvent } from '../../domain/audit.ts';

/** Presenters turn domain objects into the JSON the API promises; nothing internal leaks. */

/**
 * Written field by field rather than with object rest/spread: V8 copies wide objects through a
 * slow path, and lists present fifty of these per request.
 */
export function incidentSummaryView(s: IncidentSummary): IncidentSummaryView {
  const i = s.incident;
  return {
    id: i.id,
    slug: i.slug,
    title: i.title,
    summary: i.summary,
    kind: i.kind,
    crisisType: i.crisisType,
    clusterOverride: i.clusterOverride,
    violationTypes: i.violationTypes,
    culpability: i.culpability,
    culpabilityEvidence: i.culpabilityEvidence,
    deceptionInvolved: i.deceptionInvolved,
    severity: i.severity,
    occurredAt: i.occurredAt,
    detectedAt: i.detectedAt,
    disclosedAt: i.disclosedAt,
    disclosedBy: i.disclosedBy,
    affectedAudiences: i.affectedAudiences,
    priorSimilarIncidents: i.priorSimilarIncidents,
    priorReputation: i.priorReputation,
    investigationOwner: i.investigationOwner,
    stage: i.stage,
    stageChangedAt: i.stageChangedAt,
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    cluster: s.cluster.cluster,
    clusterSource: s.cluster.source,
    clusterRationale: { rules: s.cluster.rules, text: s.cluster.text },
    sayDo: s.sayDo,
    openActions: s.openActions,
    overdueActions: s.overdueActions,
  };
}

export function incidentView(d: IncidentDetail): IncidentView {
  return { ...incidentSummaryView(d), readiness: d.readiness };
}

export function rootCauseView(r: RootCause): RootCauseView {
  const { organizationId: _org, ...rest } = r;
  return rest;
}

export function actionView(a: CorrectiveAction, now: string): ActionView {
  const { organizationId: _org, ...rest } = a;
  return { ...rest, overdue: isOverdue(a, now) };
}

export function commitmentView(c: Commitment, now: string): CommitmentView {
  const { organizationId: _org, manualOutcome: _m, manualKeptAt: _k, ...rest } = c;
  return { ...rest, overdue: isCommitmentOverdue(c, now), specific: isSpecific(c) };
}

export function auditEventView(e: AuditEvent): AuditEventView {
  const { organizationId: _org, ...rest } = e;
  return rest;
}

export function organizationView(o: Organization, role: Role) {
  return { id: o.id, slug: o.slug, name: o.name, role, createdAt: o.createdAt };
}

export function tokenView(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  };
}
