import { createHash } from 'node:crypto';
import type { Sentiment } from './feedback.ts';

/**
 * Mentions: what the public says about the organization, or about a named peer it is compared with
 * (press, blogs, forums, social posts), imported from files or read from RSS/Atom feeds. Public
 * perception (volume, net sentiment, share of voice — `metrics/trust.ts`) is computed from them.
 */

export const MENTION_SOURCE_KINDS = ['feed', 'import', 'manual'] as const;
export type MentionSourceKind = (typeof MENTION_SOURCE_KINDS)[number];

/** The organization itself. Peers are `peer:<name>`, e.g. `peer:Acme Bank`. */
export const SELF = 'self';

/** `self`, or `peer:` and a name of 1–80 visible characters (no leading or trailing space). */
const SUBJECT = /^(?:self|peer:[^\s\p{Cc}](?:[^\p{Cc}]{0,78}[^\s\p{Cc}])?)$/u;

/** True for `self` and well-formed `peer:<name>` subjects. */
export function isSubject(v: string): boolean {
  return SUBJECT.test(v);
}

export interface Mention {
  organizationId: string;
  id: string;
  incidentId: string | null;
  /** `self` or `peer:<name>`. */
  subject: string;
  sourceKind: MentionSourceKind;
  /** The feed's id for feed items, the import's name for imports. */
  sourceName: string;
  /** The item's id at its source: de-duplication key within (source kind, source name). */
  externalId: string;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  publishedAt: string;
  /** Audience size when the source gives one (followers, circulation, impressions). */
  reach: number | null;
  language: string | null;
  sentiment: Sentiment | null;
  sentimentScore: number | null;
  analysedAt: string | null;
  createdAt: string;
}

export interface MentionFeed {
  organizationId: string;
  id: string;
  url: string;
  /** A label people recognise; null shows the URL's host. */
  name: string | null;
  subject: string;
  incidentId: string | null;
  intervalMinutes: number;
  /** Validators of the last full answer, sent back for a conditional GET. */
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  nextPollAt: string;
  lastError: string | null;
  /** Consecutive failed polls; 0 after a success. */
  failures: number;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Poll intervals allowed per feed. */
export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;
export const DEFAULT_INTERVAL_MINUTES = 60;
/** Backoff never waits longer than this between attempts. */
export const MAX_BACKOFF_MINUTES = 24 * 60;
/** A feed failing this many times in a row is disabled; re-enabling it starts over. */
export const MAX_FAILURES = 10;

/**
 * When to try a failing feed again: the interval doubled per consecutive failure, capped at a day.
 * @param failures consecutive failures including this one (≥ 1).
 */
export function backoffMinutes(intervalMinutes: number, failures: number): number {
  const exp = Math.min(Math.max(failures, 1), 20);
  return Math.min(intervalMinutes * 2 ** exp, Math.max(MAX_BACKOFF_MINUTES, intervalMinutes));
}

/** A stable id for an item that has no guid: a hash of its link and title. */
export function derivedExternalId(url: string | null, title: string | null): string {
  return `sha256:${createHash('sha256')
    .update(`${url ?? ''}\n${title ?? ''}`)
    .digest('hex')}`;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

/**
 * Plain text from the HTML that feeds put in descriptions: tags dropped (scripts and styles with
 * their content), entities decoded, whitespace collapsed, control characters removed.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
          ? String.fromCodePoint(code)
          : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ' ')
    .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/** Longest text kept per mention; longer items are cut (feeds sometimes carry whole articles). */
export const MAX_TEXT = 10_000;

/** Cuts text to `max` characters without splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** One row of an import, as given (CSV cells are strings; JSON values may be anything). */
export type ImportRow = Record<string, unknown>;

/** A row accepted for import, before ids and analysis. */
export interface ImportedMention {
  externalId: string;
  subject: string;
  incident: string | null;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  publishedAt: string;
  reach: number | null;
}

export interface RowRejection {
  /** 1-based row number (the CSV header is row 0; JSON items count from 1). */
  row: number;
  reason: string;
}

/** Column names accepted in imports, with the spellings people use. */
const ALIASES: Record<string, keyof ImportedMention> = {
  id: 'externalId',
  external_id: 'externalId',
  externalid: 'externalId',
  guid: 'externalId',
  subject: 'subject',
  incident: 'incident',
  url: 'url',
  link: 'url',
  author: 'author',
  title: 'title',
  headline: 'title',
  text: 'text',
  body: 'text',
  content: 'text',
  published_at: 'publishedAt',
  publishedat: 'publishedAt',
  published: 'publishedAt',
  date: 'publishedAt',
  reach: 'reach',
};

/** Maps a row's keys to import fields (case-insensitive, `_`/`-`/space-insensitive). */
function normalizeKeys(row: ImportRow): Partial<Record<keyof ImportedMention, unknown>> {
  const out: Partial<Record<keyof ImportedMention, unknown>> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = k
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    const field = ALIASES[key] ?? ALIASES[key.replace(/_/g, '')];
    if (field && out[field] === undefined) out[field] = v;
  }
  return out;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function optionalText(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`${field} must be text`);
  const s = String(v).trim();
  if (s === '') return null;
  if (s.length > max) throw new Error(`${field} must be at most ${max} characters`);
  if (CONTROL.test(s)) throw new Error(`${field} must not contain control characters`);
  if (LONE_SURROGATE.test(s)) throw new Error(`${field} must be valid Unicode`);
  return s;
}

/** True when `YYYY-MM-DD` names a day that exists (Date.parse rolls 2026-02-30 over to March). */
function realDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Calendar dates mean midnight UTC; date-times need an offset (or Z) so no time zone is guessed. */
function publishedAt(v: unknown): string {
  if (v === undefined || v === null || v === '') throw new Error('published_at is required');
  if (typeof v !== 'string') throw new Error('published_at must be an ISO 8601 date or date-time');
  const s = v.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s)
    ? `${s}T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)
      ? s.replace(' ', 'T')
      : null;
  const t = iso === null || !realDate(s.slice(0, 10)) ? NaN : Date.parse(iso);
  if (Number.isNaN(t)) {
    throw new Error('published_at must be an ISO 8601 date (2026-03-01) or date-time with offset');
  }
  if (t < Date.UTC(1970, 0, 1) || t > Date.UTC(9999, 11, 31)) {
    throw new Error('published_at must be between 1970 and 9999');
  }
  return new Date(t).toISOString();
}

function httpUrl(v: unknown): string | null {
  const s = optionalText(v, 'url', 2000);
  if (s === null) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error('url must be an absolute http(s) URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('url must be an http(s) URL');
  return s;
}

/**
 * Validates one import row. Rows without an id get one derived from url and title (or, failing
 * both, from the text and date), so importing the same file again adds nothing.
 * @param defaults subject and incident for rows that name none.
 * @throws Error with a reason people can act on.
 */
export function parseImportRow(
  row: unknown,
  defaults: { subject: string; incident: string | null },
): ImportedMention {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error('must be an object');
  const r = normalizeKeys(row as ImportRow);
  const text = optionalText(r.text, 'text', MAX_TEXT);
  if (text === null) throw new Error('text is required');
  const subject = optionalText(r.subject, 'subject', 85) ?? defaults.subject;
  if (!isSubject(subject)) throw new Error('subject must be "self" or "peer:<name>"');
  const url = httpUrl(r.url);
  const title = optionalText(r.title, 'title', 500);
  const at = publishedAt(r.publishedAt);
  let reach: number | null = null;
  if (r.reach !== undefined && r.reach !== null && r.reach !== '') {
    const n = typeof r.reach === 'number' ? r.reach : typeof r.reach === 'string' ? Number(r.reach) : NaN;
    if (!Number.isFinite(n) || n < 0 || n > 1e12) throw new Error('reach must be a number from 0 to 10^12');
    reach = n;
  }
  const incident = optionalText(r.incident, 'incident', 64) ?? defaults.incident;
  if (incident !== null && !/^[A-Za-z0-9._~-]+$/.test(incident)) {
    throw new Error('incident must be an incident id or slug');
  }
  const given = optionalText(r.externalId, 'id', 500);
  return {
    externalId:
      given ?? (url || title ? derivedExternalId(url, title) : derivedExternalId(at, text.slice(0, 500))),
    subject,
    incident,
    url,
    author: optionalText(r.author, 'author', 200),
    title,
    text,
    publishedAt: at,
    reach,
  };
}

/** The item of a parsed feed that Amends keeps. */
export interface FeedEntry {
  id: string | null;
  url: string | null;
  title: string | null;
  description: string | null;
  content: string | null;
  published: Date | null;
  updated: Date | null;
  author: string | null;
}

/**
 * A feed entry as a mention's fields: external id from the guid, else the link, else a hash of
 * link and title; text from the content or description as plain text (the title when both are
 * empty); the date published, else updated, else the time it was first seen.
 * @returns null for an entry with nothing to read.
 */
export function mentionFromEntry(
  e: FeedEntry,
  seenAt: string,
): Omit<ImportedMention, 'subject' | 'incident' | 'reach'> | null {
  const title = e.title ? clip(htmlToText(e.title), 500) || null : null;
  const body =
    htmlToText(e.content ?? e.description ?? '') || (e.description ? htmlToText(e.description) : '');
  const text = clip(body || title || '', MAX_TEXT);
  if (!text) return null;
  const url = e.url && /^https?:\/\//i.test(e.url) ? clip(e.url, 2000) : null;
  const date = [e.published, e.updated].find(
    (d): d is Date => d instanceof Date && !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1970,
  );
  return {
    externalId: clip(e.id?.trim() || url || derivedExternalId(url, title), 500),
    url,
    author: e.author ? clip(e.author.trim(), 200) || null : null,
    title,
    text,
    publishedAt: date ? date.toISOString() : seenAt,
  };
}
