import type {
  Cluster,
  CrisisType,
  Culpability,
  Discloser,
  IncidentKind,
  Reputation,
  Stage,
  ViolationType,
} from '../shared/enums.ts';
import { STAGES } from '../shared/enums.ts';

/** A trust violation an organization is recovering from (DESIGN §3, research §7). */
export interface Incident {
  id: string;
  organizationId: string;
  slug: string;
  title: string;
  summary: string | null;
  kind: IncidentKind;
  crisisType: CrisisType;
  clusterOverride: { cluster: Cluster; reason: string } | null;
  violationTypes: ViolationType[];
  culpability: Culpability;
  /** Links to the evidence behind the culpability finding (needed before any denial). */
  culpabilityEvidence: string[];
  deceptionInvolved: boolean;
  severity: number;
  occurredAt: string | null;
  detectedAt: string;
  disclosedAt: string | null;
  disclosedBy: Discloser | null;
  affectedAudiences: string[];
  priorSimilarIncidents: number;
  priorReputation: Reputation;
  investigationOwner: string | null;
  stage: Stage;
  stageChangedAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A finding from a rule of the research, shown with its id so the UI can answer "why?". */
export interface RuleFinding {
  rule: string;
  message: string;
  remedy: string;
  citation: string;
}

/**
 * Default SCCT crisis type for an incident kind (research §3.1.1, a design inference to be
 * validated with users). People set the crisis type explicitly once diagnosis says more.
 */
export function defaultCrisisType(kind: IncidentKind): CrisisType {
  switch (kind) {
    case 'data_breach':
      return 'malevolence';
    case 'outage':
      return 'technical_error_accident';
    case 'product_failure':
      return 'technical_error_product_harm';
    case 'misconduct':
      return 'management_misconduct';
    case 'third_party_failure':
      return 'technical_error_accident';
    case 'rumor':
      return 'rumor';
    case 'other':
      return 'technical_error_accident';
  }
}

const CLUSTER_OF: Record<CrisisType, Cluster> = {
  natural_disaster: 'victim',
  rumor: 'victim',
  workplace_violence: 'victim',
  malevolence: 'victim',
  challenge: 'accidental',
  technical_error_accident: 'accidental',
  technical_error_product_harm: 'accidental',
  human_error_accident: 'preventable',
  human_error_product_harm: 'preventable',
  misdeed_no_injury: 'preventable',
  management_misconduct: 'preventable',
  misdeed_with_injury: 'preventable',
};

export interface ClusterDerivation {
  cluster: Cluster;
  source: 'derived' | 'override';
  rules: string[];
  text: string;
}

/**
 * The SCCT responsibility cluster (Coombs 2007): from the crisis type, adjusted by the research's
 * mapping for breaches (§3.1.1: stakeholders assume some responsibility for breaches, so start at
 * accidental), or the override a person set with a reason.
 */
export function deriveCluster(
  incident: Pick<Incident, 'kind' | 'crisisType' | 'clusterOverride'>,
): ClusterDerivation {
  if (incident.clusterOverride) {
    return {
      cluster: incident.clusterOverride.cluster,
      source: 'override',
      rules: [],
      text: `Set by hand: ${incident.clusterOverride.reason}`,
    };
  }
  const base = CLUSTER_OF[incident.crisisType];
  if (incident.kind === 'data_breach' && base === 'victim') {
    return {
      cluster: 'accidental',
      source: 'derived',
      rules: ['SCCT-A3'],
      text:
        'An external attack is a victim crisis in SCCT, but stakeholders usually hold an organization partly ' +
        'responsible for a breach, so Amends starts at accidental (research §3.1.1). Override it when ' +
        'evidence shows reasonable controls were in place, or escalate to preventable when diagnosis ' +
        'finds ignored alerts or missing basic controls.',
    };
  }
  return {
    cluster: base,
    source: 'derived',
    rules: [],
    text: `SCCT places the crisis type "${incident.crisisType.replace(/_/g, ' ')}" in the ${base} cluster (Coombs 2007).`,
  };
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

/** The next stage forward, or null from closed. */
export function nextStage(stage: Stage): Stage | null {
  return STAGES[stageIndex(stage) + 1] ?? null;
}

/** Turns a title into a URL slug: lowercase ASCII words joined by hyphens, at most 60 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : `incident-${slug || 'new'}`;
}
