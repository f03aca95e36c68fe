/**
 * Cursor pagination over time-ordered ids (UUIDv7): newest first; the cursor is the last id seen,
 * base64url-encoded so clients treat it as opaque.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

/** Decodes a cursor; undefined for none. Returns null when it is not one we issued. */
export function decodeCursor(cursor: string | undefined): string | undefined | null {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[0-9a-f-]{10,64}$/i.test(id) ? id : null;
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** Builds a page from `limit + 1` rows fetched. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
