import type { Component, TrustDimension } from '../shared/enums.ts';

/** A diagnosed cause of an incident (Gillespie & Dietz stage 2). */
export interface RootCause {
  id: string;
  organizationId: string;
  incidentId: string;
  description: string;
  component: Component;
  dimensions: TrustDimension[];
  systemic: boolean;
  whys: string[];
  independentReview: boolean;
  isPublic: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}
