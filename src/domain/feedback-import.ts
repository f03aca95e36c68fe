import type { FeedbackChannel } from './feedback.ts';
import { FEEDBACK_CHANNELS, redact } from './feedback.ts';

/**
 * Feedback from other tools (support tickets, survey exports, social posts), one row at a time:
 * the columns an import understands and the checks every row passes before it is written. Pure:
 * the service parses files and writes; this file only decides what a row means, or why it is refused.
 */

/** The columns of an import, as CSV headers or JSON keys (camelCase keys are accepted too). */
export const IMPORT_COLUMNS = [
  'id',
  'text',
  'created_at',
  'audience',
  'incident',
  'email',
  'name',
  'consent',
  'nps',
  'csat',
  'ces',
  'channel',
  'source',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Other names people's tools give the same columns. */
const ALIASES: Readonly<Record<string, ImportColumn>> = {
  source_id: 'id',
  external_id: 'id',
  body: 'text',
  message: 'text',
  comment: 'text',
  date: 'created_at',
  submitted_at: 'created_at',
  contact_email: 'email',
  contact_name: 'name',
};

export const IMPORT_LIMITS = Object.freeze({
  /** The public form's limit, so an import holds nothing the form would refuse. */
  textChars: 5000,
  sourceIdChars: 200,
  sourceChars: 100,
  nameChars: 200,
  emailChars: 320,
  /** Rows written per transaction. */
  batchRows: 1000,
});

/** Ratings an import carries, each with its scale (inclusive). */
export const IMPORT_RATINGS: Readonly<Record<'nps' | 'csat' | 'ces', readonly [number, number]>> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

/** A row as a parser gives it: column name (normalized or not) to raw value. */
export type RawImportRow = Readonly<Record<string, unknown>>;

/** What an accepted row becomes: everything a feedback item needs but its ids. */
export interface ImportedItem {
  source: string;
  sourceId: string;
  incidentId: string | null;
  channel: FeedbackChannel;
  audience: string;
  text: string;
  redacted: boolean;
  ratings: Record<string, number>;
  contactEmail: string | null;
  contactName: string | null;
  consent: boolean;
  /** When the person said it; null when the row does not say (the import time is used). */
  createdAt: string | null;
}

export type RowResult = { ok: true; item: ImportedItem } | { ok: false; reason: string };

export interface RowContext {
  /** Used when the row has no `source` column. */
  source?: string | undefined;
  /** Incident ids by slug and by id, of the organization importing. */
  incidents: ReadonlyMap<string, string>;
  /** Used when the row names no incident. */
  incidentId: string | null;
  /** Used when the row has no `channel` column. */
  channel: FeedbackChannel;
  /** Used when the row has no `audience` column. */
  audience: string;
  /** The current time (ISO): rows dated later than a few minutes from now are refused. */
  now: string;
}

/**
 * The import column a header or key names, or undefined for a column imports ignore. Case,
 * spaces, hyphens and camelCase do not matter: `Source ID`, `source-id` and `sourceId` are `id`.
 */
export function importColumn(key: string): ImportColumn | undefined {
  const k = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((IMPORT_COLUMNS as readonly string[]).includes(k)) return k as ImportColumn;
  return ALIASES[k];
}

class RowError extends Error {}

function refuse(column: string, message: string): never {
  throw new RowError(`${column}: ${message}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls but tab and newline, DEL and the C1 block. PostgreSQL refuses NUL in text outright.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * A field as clean text, or undefined when empty. Line breaks are normalized to \n and other
 * control characters removed; bytes that were not UTF-8 (decoded as U+FFFD) refuse the row, since
 * the rest of such a file is probably garbled too.
 */
function textOf(column: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
  else if (typeof v === 'boolean') s = String(v);
  else refuse(column, 'must be text');
  if (s.includes('\uFFFD'))
    refuse(column, 'contains bytes that are not valid UTF-8 (save the file as UTF-8)');
  if (LONE_SURROGATE.test(s)) refuse(column, 'is not valid Unicode (a lone surrogate)');
  const clean = s.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
  return clean === '' ? undefined : clean;
}

function limited(column: string, v: string | undefined, max: number): string | undefined {
  if (v !== undefined && v.length > max) refuse(column, `must be at most ${max} characters`);
  return v;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A date (`2026-03-01`, meaning midnight UTC) or a date-time (`2026-03-01T09:30:00+02:00`; `T` or a
 * space; no offset means UTC), as a canonical ISO string. Refuses impossible dates such as
 * 2026-02-30, years before 1970 and times in the future.
 */
function dateOf(column: string, v: string, now: string): string {
  const m = DATE_TIME.exec(v);
  if (!m) refuse(column, `"${v.slice(0, 40)}" is not a date (2026-03-01) or ISO 8601 date-time`);
  const [, y, mo, d, h = '00', mi = '00', sec = '00'] = m;
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)));
  if (
    probe.getUTCFullYear() !== Number(y) ||
    probe.getUTCMonth() !== Number(mo) - 1 ||
    probe.getUTCDate() !== Number(d) ||
    probe.getUTCHours() !== Number(h) ||
    probe.getUTCMinutes() !== Number(mi) ||
    probe.getUTCSeconds() !== Number(sec)
  ) {
    refuse(column, `"${v}" is not a real date or time`);
  }
  const offset = m[7]
    ? m[7].toUpperCase() === 'Z'
      ? 'Z'
      : m[7].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')
    : 'Z';
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}${v.match(/\.\d{1,9}/)?.[0]?.slice(0, 4) ?? ''}${offset}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) refuse(column, `"${v}" is not a real date or time`);
  if (t < Date.UTC(1970, 0, 1)) refuse(column, 'must not be before 1970');
  // A little clock skew between the exporting tool and this server is normal.
  if (t > Date.parse(now) + 5 * 60_000) refuse(column, `${v} is in the future`);
  return new Date(t).toISOString();
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

function consentOf(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = textOf('consent', v)?.toLowerCase();
  if (s === undefined || FALSE.has(s)) return false;
  if (TRUE.has(s)) return true;
  refuse('consent', `"${s.slice(0, 20)}" is not yes or no`);
}

function ratingOf(column: keyof typeof IMPORT_RATINGS, v: unknown): number | undefined {
  const s = textOf(column, v);
  if (s === undefined) return undefined;
  const [min, max] = IMPORT_RATINGS[column];
  if (!/^-?\d+(?:\.\d+)?$/.test(s)) refuse(column, `"${s.slice(0, 20)}" is not a number`);
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > max) {
    refuse(column, `must be a whole number from ${min} to ${max}, not ${s}`);
  }
  return n;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const AUDIENCE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** The row's values by import column; a column given twice (say `id` and `source_id`) is refused. */
function byColumn(raw: RawImportRow): Partial<Record<ImportColumn, unknown>> {
  const out: Partial<Record<ImportColumn, unknown>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const column = importColumn(key);
    if (!column || value === undefined || value === null || value === '') continue;
    if (column in out) refuse(column, `given twice (as ${key} and another column)`);
    out[column] = value;
  }
  return out;
}

/**
 * Validates one row and turns it into a feedback item, or says in one line why it cannot be.
 * Contact details are kept only with consent; a row without a contact kept is redacted like an
 * anonymous channel (e-mail addresses, phone and card-like numbers removed from its text).
 */
export function validateImportRow(raw: RawImportRow, ctx: RowContext): RowResult {
  try {
    return { ok: true, item: toItem(byColumn(raw), ctx) };
  } catch (e) {
    if (e instanceof RowError) return { ok: false, reason: e.message };
    throw e;
  }
}

function toItem(row: Partial<Record<ImportColumn, unknown>>, ctx: RowContext): ImportedItem {
  const sourceId = limited('id', textOf('id', row.id), IMPORT_LIMITS.sourceIdChars);
  if (sourceId === undefined) refuse('id', 'is required (the item’s id in the tool it comes from)');
  const rawText = limited('text', textOf('text', row.text), IMPORT_LIMITS.textChars);
  if (rawText === undefined) refuse('text', 'is required');
  const source = limited('source', textOf('source', row.source) ?? ctx.source, IMPORT_LIMITS.sourceChars);
  if (source === undefined) refuse('source', 'is required (the tool the item comes from)');

  let incidentId = ctx.incidentId;
  const incident = textOf('incident', row.incident);
  if (incident !== undefined) {
    const id = ctx.incidents.get(incident);
    if (id === undefined) refuse('incident', `no incident "${incident.slice(0, 64)}" in this organization`);
    incidentId = id;
  }

  const channel = textOf('channel', row.channel) ?? ctx.channel;
  if (!(FEEDBACK_CHANNELS as readonly string[]).includes(channel)) {
    refuse('channel', `must be one of: ${FEEDBACK_CHANNELS.join(', ')}`);
  }
  const audience = textOf('audience', row.audience)?.toLowerCase() ?? ctx.audience;
  if (audience.length < 2 || audience.length > 40 || !AUDIENCE.test(audience)) {
    refuse('audience', 'must be a lowercase name such as customers or eu-smb-customers');
  }

  const createdAtText = textOf('created_at', row.created_at);
  const createdAt = createdAtText === undefined ? null : dateOf('created_at', createdAtText, ctx.now);

  const ratings: Record<string, number> = {};
  for (const key of Object.keys(IMPORT_RATINGS) as (keyof typeof IMPORT_RATINGS)[]) {
    const n = ratingOf(key, row[key]);
    if (n !== undefined) ratings[key] = n;
  }

  const email = limited('email', textOf('email', row.email), IMPORT_LIMITS.emailChars)?.toLowerCase();
  if (email !== undefined && !EMAIL.test(email))
    refuse('email', `"${email.slice(0, 60)}" is not an e-mail address`);
  const name = limited('name', textOf('name', row.name), IMPORT_LIMITS.nameChars);
  const consent = consentOf(row.consent);
  if (consent && email === undefined) refuse('consent', 'given, but there is no e-mail address to contact');

  const kept = consent ? email! : null;
  const { text, redacted } = kept === null ? redact(rawText) : { text: rawText, redacted: false };
  return {
    source,
    sourceId,
    incidentId,
    channel: channel as FeedbackChannel,
    audience,
    text,
    redacted,
    ratings,
    contactEmail: kept,
    contactName: kept === null ? null : (name ?? null),
    consent,
    createdAt,
  };
}
