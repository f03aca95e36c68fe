import { describe, expect, it } from 'vitest';
import type { RawImportRow, RowContext } from './feedback-import.ts';
import { importColumn, validateImportRow } from './feedback-import.ts';

const ctx: RowContext = {
  source: 'zendesk',
  incidents: new Map([
    ['bucket-leak', 'inc-1'],
    ['inc-1', 'inc-1'],
  ]),
  incidentId: null,
  channel: 'import',
  audience: 'public',
  now: '2026-04-01T12:00:00.000Z',
};

function reason(row: RawImportRow): string {
  const r = validateImportRow(row, ctx);
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.item)}`);
  return r.reason;
}

function item(row: RawImportRow) {
  const r = validateImportRow(row, ctx);
  if (!r.ok) throw new Error(`expected an item, got: ${r.reason}`);
  return r.item;
}

describe('import columns', () => {
  it('should read headers whatever their case, spacing or camelCase, and ignore unknown ones', () => {
    expect(importColumn('Source ID')).toBe('id');
    expect(importColumn('sourceId')).toBe('id');
    expect(importColumn(' created-at ')).toBe('created_at');
    expect(importColumn('createdAt')).toBe('created_at');
    expect(importColumn('NPS')).toBe('nps');
    expect(importColumn('Comment')).toBe('text');
    expect(importColumn('favourite colour')).toBeUndefined();
  });
});

describe('validating an import row', () => {
  it('should turn a full row into an item, keeping contact details only with consent', () => {
    const it1 = item({
      id: ' t-1 ',
      text: 'Refund took three weeks.\r\nStill waiting.',
      created_at: '2026-03-01 09:30',
      audience: 'Customers',
      incident: 'bucket-leak',
      email: 'Ana@Example.com',
      name: 'Ana',
      consent: 'yes',
      nps: '3',
      csat: 2,
      ces: '7',
      channel: 'complaint',
    });
    expect(it1).toEqual({
      source: 'zendesk',
      sourceId: 't-1',
      incidentId: 'inc-1',
      channel: 'complaint',
      audience: 'customers',
      text: 'Refund took three weeks.\nStill waiting.',
      redacted: false,
      ratings: { nps: 3, csat: 2, ces: 7 },
      contactEmail: 'ana@example.com',
      contactName: 'Ana',
      consent: true,
      createdAt: '2026-03-01T09:30:00.000Z',
    });
    // An address without consent is dropped, and the text is redacted like an anonymous channel's.
    const it2 = item({ id: 't-2', text: 'Write to ana@example.com', email: 'ana@example.com', name: 'Ana' });
    expect(it2).toMatchObject({
      contactEmail: null,
      contactName: null,
      consent: false,
      redacted: true,
      text: 'Write to [e-mail removed]',
      createdAt: null,
      channel: 'import',
      audience: 'public',
      incidentId: null,
    });
  });

  it('should accept dates with offsets, and consent spelled many ways', () => {
    expect(item({ id: 'a', text: 'x', created_at: '2026-03-01T10:00:00+02:00' }).createdAt).toBe(
      '2026-03-01T08:00:00.000Z',
    );
    expect(item({ id: 'a', text: 'x', createdAt: '2026-03-01' }).createdAt).toBe('2026-03-01T00:00:00.000Z');
    for (const v of ['Y', 'true', '1', true]) {
      expect(item({ id: 'a', text: 'x', email: 'a@b.co', consent: v }).consent).toBe(true);
    }
    for (const v of ['no', 'N', '0', false, '']) {
      expect(item({ id: 'a', text: 'x', email: 'a@b.co', consent: v }).consent).toBe(false);
    }
  });

  it('should strip control characters and refuse text that was not UTF-8', () => {
    expect(item({ id: 'a\u0000b', text: 'bad\u0007 bell\u0000' })).toMatchObject({
      sourceId: 'ab',
      text: 'bad bell',
    });
    expect(reason({ id: 'a', text: 'caf\uFFFD' })).toBe(
      'text: contains bytes that are not valid UTF-8 (save the file as UTF-8)',
    );
    expect(reason({ id: 'a', text: 'x\uD800' })).toMatch(/^text: is not valid Unicode/);
  });

  it('should give one clear reason for every kind of bad row', () => {
    const cases: [RawImportRow, string][] = [
      [{ text: 'no id' }, 'id: is required'],
      [{ id: 'a' }, 'text: is required'],
      [{ id: 'a', text: '   ' }, 'text: is required'],
      [{ id: 'a', text: 'x'.repeat(5001) }, 'text: must be at most 5000 characters'],
      [{ id: 'x'.repeat(201), text: 'x' }, 'id: must be at most 200 characters'],
      [{ id: 'a', text: 'x', created_at: 'yesterday' }, 'created_at: "yesterday" is not a date'],
      [{ id: 'a', text: 'x', created_at: '2026-02-30' }, 'created_at: "2026-02-30" is not a real date'],
      [{ id: 'a', text: 'x', created_at: '2026-01-01T25:00:00Z' }, 'is not a real date or time'],
      [{ id: 'a', text: 'x', created_at: '1969-12-31' }, 'created_at: must not be before 1970'],
      [{ id: 'a', text: 'x', created_at: '2027-01-01' }, 'created_at: 2027-01-01 is in the future'],
      [{ id: 'a', text: 'x', incident: 'nope' }, 'incident: no incident "nope" in this organization'],
      [{ id: 'a', text: 'x', nps: '11' }, 'nps: must be a whole number from 0 to 10, not 11'],
      [{ id: 'a', text: 'x', csat: 0 }, 'csat: must be a whole number from 1 to 5, not 0'],
      [{ id: 'a', text: 'x', ces: '2.5' }, 'ces: must be a whole number from 1 to 7, not 2.5'],
      [{ id: 'a', text: 'x', nps: 'great' }, 'nps: "great" is not a number'],
      [{ id: 'a', text: 'x', consent: 'yes' }, 'consent: given, but there is no e-mail address to contact'],
      [{ id: 'a', text: 'x', consent: 'maybe', email: 'a@b.co' }, 'consent: "maybe" is not yes or no'],
      [{ id: 'a', text: 'x', email: 'not-an-address' }, 'email: "not-an-address" is not an e-mail address'],
      [{ id: 'a', text: 'x', channel: 'fax' }, 'channel: must be one of: form'],
      [{ id: 'a', text: 'x', audience: 'All Of Them!' }, 'audience: must be a lowercase name'],
      [{ id: 'a', text: { nested: true } }, 'text: must be text'],
      [{ id: 'a', source_id: 'b', text: 'x' }, 'id: given twice'],
    ];
    for (const [row, expected] of cases) expect(reason(row), JSON.stringify(row)).toContain(expected);
    expect(validateImportRow({ id: 'a', text: 'x' }, { ...ctx, source: undefined })).toEqual({
      ok: false,
      reason: 'source: is required (the tool the item comes from)',
    });
  });
});
