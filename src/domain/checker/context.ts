import type { AdvisorProfile } from '../advisor.ts';
import { advise } from '../advisor.ts';
import type { CheckContext, ResolvedContext } from './types.ts';

/** The advisor's view of a checker context. */
export function advisorProfile(
  ctx: Omit<ResolvedContext, 'advice' | 'record'>,
): AdvisorProfile & { cluster: ResolvedContext['cluster'] } {
  return {
    cluster: ctx.cluster,
    crisisType: ctx.crisisType,
    priorSimilarIncidents: ctx.priorSimilarIncidents,
    priorReputation: ctx.priorReputation,
    claimStatus: ctx.claimStatus,
    violationTypes: ctx.violationTypes,
    culpability: ctx.culpability,
    evidenceAttached: ctx.evidenceAttached,
    deceptionInvolved: ctx.deceptionInvolved,
    severity: ctx.severity,
  };
}

/**
 * Applies the defaults (an accidental incident of severity 3, culpability undetermined, in the
 * respond stage, for the public) and asks the advisor for its posture.
 */
export function resolveContext(c: CheckContext = {}): ResolvedContext {
  const severity = Math.min(5, Math.max(1, Math.round(c.severity ?? 3)));
  const base = {
    cluster: c.cluster ?? 'accidental',
    crisisType: c.crisisType,
    violationTypes: c.violationTypes ?? [],
    culpability: c.culpability ?? 'undetermined',
    stage: c.stage ?? 'respond',
    deceptionInvolved: c.deceptionInvolved ?? false,
    severity,
    kind: c.kind ?? 'other',
    audience: c.audience ?? 'public',
    preventableRootCauseKnown: c.preventableRootCauseKnown ?? false,
    externalCauseVerified: c.externalCauseVerified ?? false,
    evidenceAttached: c.evidenceAttached ?? false,
    priorSimilarIncidents: c.priorSimilarIncidents ?? 0,
    priorReputation: c.priorReputation ?? 'neutral',
    claimStatus: c.claimStatus ?? 'unknown',
  } satisfies Omit<ResolvedContext, 'advice' | 'record'>;
  return { ...base, record: c.record, advice: advise(advisorProfile(base)) };
}
