import type { AuditEventView } from '../../../src/shared/contract/audit.ts';
import { label } from '../../../src/shared/enums.ts';
import { formatDateTime, truncate } from '../format.ts';

/** Turns audit events into sentences and field diffs, for the timeline and the audit trail. */

type Fields = Record<string, unknown>;

/** Bookkeeping fields every write touches; they say nothing a person needs to read. */
const NOISE = new Set(['version', 'updatedAt', 'createdAt', 'id', 'incidentId', 'organizationId']);

const RECORD_NAMES: Record<string, string> = {
  incident: 'Incident',
  root_cause: 'Root cause',
  action: 'Action',
  commitment: 'Commitment',
};

function nameIn(f: Fields | null): string | undefined {
  const v = f?.title ?? f?.text ?? f?.description;
  return typeof v === 'string' ? v : undefined;
}

/** What each record is called, learnt from the events that carry the whole record. */
export function recordNames(events: AuditEventView[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) {
    const n = nameIn(e.after) ?? nameIn(e.before);
    if (n) names.set(e.recordId, n);
  }
  return names;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** One sentence saying what happened. */
export function describeEvent(e: AuditEventView, names: Map<string, string>): string {
  const kind = RECORD_NAMES[e.recordType] ?? label(e.recordType);
  const name = names.get(e.recordId);
  const named = name ? `${kind} “${truncate(name, 70)}”` : kind;
  const after = e.after ?? {};
  switch (`${e.recordType}:${e.action}`) {
    case 'incident:created':
      return 'Incident declared';
    case 'incident:transitioned':
      return `Moved from ${label(str(e.before?.stage))} to ${label(str(after.stage))}${
        after.reason ? ` — “${str(after.reason)}”` : ''
      }`;
    case 'root_cause:created':
      return `Root cause recorded: “${truncate(name ?? '', 90)}”`;
    case 'action:created':
      return `Action planned: “${truncate(name ?? '', 90)}”`;
    case 'commitment:created':
      return `Commitment registered: “${truncate(name ?? '', 90)}”`;
    case 'action:status_changed':
    case 'commitment:status_derived':
      return `${named} is now ${label(str(after.status)).toLowerCase()}${
        after.statusReason ? ` — “${str(after.statusReason)}”` : ''
      }`;
    case 'incident:updated':
      return `Facts updated: ${changedFields(e)
        .map((c) => fieldLabel(c.field).toLowerCase())
        .join(', ')}`;
    default:
      if (e.recordType === 'commitment' && changedFields(e).some((c) => c.field === 'dueAt')) {
        return `${named} renegotiated${after.explanation ? ` — “${str(after.explanation)}”` : ''}`;
      }
      if (e.action === 'updated') {
        const fields = changedFields(e).map((c) => fieldLabel(c.field).toLowerCase());
        return `${named} updated${fields.length > 0 ? `: ${fields.join(', ')}` : ''}`;
      }
      return `${named} ${label(e.action).toLowerCase()}`;
  }
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The fields an event changed (for a creation: every field it set), noise left out. */
export function changedFields(e: AuditEventView): FieldChange[] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => !NOISE.has(k))
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** Fields whose values are enum members, shown with their labels. */
const ENUM_FIELDS = new Set([
  'status',
  'stage',
  'kind',
  'component',
  'repairLogic',
  'crisisType',
  'culpability',
  'disclosedBy',
  'priorReputation',
  'dimensions',
  'violationTypes',
]);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A field value as text: enum values labelled, times formatted, record ids named when known,
 * lists joined, objects as `key: value` pairs.
 */
export function formatValue(v: unknown, field = '', names = new Map<string, string>()): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (ENUM_FIELDS.has(field)) return label(v);
    if (field.endsWith('Ids')) return names.has(v) ? `“${truncate(names.get(v)!, 60)}”` : v;
    return TIMESTAMP.test(v) ? formatDateTime(v) : v;
  }
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => formatValue(x, field, names)).join('; ');
  return Object.entries(v as Fields)
    .map(([k, x]) => `${fieldLabel(k)}: ${formatValue(x, k, names)}`)
    .join(', ');
}

const FIELD_LABELS: Record<string, string> = {
  actionIds: 'Linked actions',
  rootCauseIds: 'Root causes',
  dueAt: 'Due',
  originalDueAt: 'First promised due',
  isPublic: 'Public',
};

/** A field's name in words: `verificationMethod` → “Verification method”. */
export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface TimelineEntry {
  key: string;
  at: string;
  actor: string;
  text: string;
  /** The records of a grouped entry, e.g. the ten actions planned in one sitting. */
  items: string[];
}

const PLURALS: Record<string, [string, string]> = {
  root_cause: ['root causes', 'recorded'],
  action: ['actions', 'planned'],
  commitment: ['commitments', 'registered'],
};

/** Events that read better together when one person does several in a row on the same day. */
function groupKey(e: AuditEventView): string | undefined {
  const groupable = e.action === 'created' || e.action === 'status_changed' || e.action === 'status_derived';
  if (!groupable || !PLURALS[e.recordType]) return undefined;
  return [e.recordType, e.action, str(e.after?.status), e.actor.label, e.at.slice(0, 10)].join('|');
}

/** The incident's story, oldest first, with bursts of like events folded into one entry. */
export function timelineOf(events: AuditEventView[]): TimelineEntry[] {
  const names = recordNames(events);
  // The API lists newest first; reversing before the stable sort keeps same-time events in order.
  const sorted = [...events].reverse().sort((a, b) => a.at.localeCompare(b.at));
  const groups: { key: string | undefined; events: AuditEventView[] }[] = [];
  for (const e of sorted) {
    const key = groupKey(e);
    const last = groups.at(-1);
    if (key && last?.key === key) last.events.push(e);
    else groups.push({ key, events: [e] });
  }
  return groups.map(({ events: [first, ...rest] }) => {
    const e = first!;
    const entry = { key: e.id, at: e.at, actor: e.actor.label };
    if (rest.length === 0) return { ...entry, text: describeEvent(e, names), items: [] };
    const [plural, created] = PLURALS[e.recordType]!;
    const n = rest.length + 1;
    const text =
      e.action === 'created'
        ? `${n} ${plural} ${created}`
        : `${n} ${plural} are now ${label(str(e.after?.status)).toLowerCase()}`;
    return { ...entry, text, items: [e, ...rest].map((x) => names.get(x.recordId) ?? x.recordId) };
  });
}
