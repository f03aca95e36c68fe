import type { LeadershipKind } from '../shared/enums.ts';

/** A leader showing up: a town hall, a customer call, a site visit (leadership visibility). */
export interface LeadershipActivity {
  id: string;
  organizationId: string;
  incidentId: string;
  kind: LeadershipKind;
  leader: string;
  audience: string;
  occurredAt: string;
  summary: string;
  isPublic: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}
