/** One change to one record: who, when, what, before and after. Append-only. */
export interface AuditEvent {
  id: string;
  organizationId: string;
  at: string;
  actor: { kind: 'user' | 'token' | 'system'; id: string | null; label: string };
  action: string;
  recordType: string;
  recordId: string;
  incidentId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}
