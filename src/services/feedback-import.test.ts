import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import type { Services } from '../container.ts';
import { createServices } from '../container.ts';
import { createTestDb, dialects } from '../../test/db.ts';
import type { TestDb } from '../../test/db.ts';
import { SYSTEM, makeIncident, makeMember, makeOrg } from '../../test/factories.ts';
import { csvRows, jsonRows, rowsOf } from './feedback-import.formats.ts';
import type { SourceRow } from './feedback-import.formats.ts';

const NOW = new Date('2026-04-01T12:00:00.000Z');

async function collect(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

function chunks(text: string | Buffer, size = 7): Buffer[] {
  const b = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

describe('reading import files', () => {
  it('should read CSV rows in file order with their line numbers, refusing broken ones', async () => {
    const csv = [
      '\uFEFFSource ID,Text,Favourite colour',
      't-1,"Hello, ""world""",blue',
      't-2,only two fields',
      't-3,"spans\ntwo lines",red',
      '',
      't-4,5" screen,green',
      't-5,fine,green',
      't-6,"never closed,green',
      't-7,lost,green',
    ].join('\r\n');
    const ignored: string[][] = [];
    // Tiny chunks: records and multi-byte characters cross chunk boundaries.
    const rows = await collect(csvRows(chunks(csv), (h) => ignored.push(h.ignored)));
    expect(ignored).toEqual([['Favourite colour']]);
    expect(rows).toEqual([
      { row: 2, fields: { id: 't-1', text: 'Hello, "world"' } },
      { row: 3, error: expect.stringMatching(/^not valid CSV: the row has 2 fields, the header 3$/) },
      { row: 5, fields: { id: 't-3', text: 'spans\ntwo lines' } },
      { row: 7, fields: { id: 't-4', text: '5" screen' } },
      { row: 8, fields: { id: 't-5', text: 'fine' } },
      // An open quote runs to the end of the file: one row, refused, says so (csv-parse counts a
      // CRLF inside quotes as two lines, hence no exact line here).
      { row: expect.any(Number), error: expect.stringMatching(/^not valid CSV: Quote Not Closed/) },
    ]);
  });

  it('should refuse a CSV whose header lacks id or text, or names a column twice', async () => {
    await expect(collect(csvRows(['name,comment\nA,B\n']))).rejects.toThrow(/header with an "id" column/);
    await expect(collect(csvRows(['id,source_id,text\n1,2,3\n']))).rejects.toThrow(/both id/);
    expect(await collect(csvRows(['']))).toEqual([]);
  });

  it('should read a JSON array element by element, across chunks, and NDJSON line by line', async () => {
    const arr = JSON.stringify([
      { id: 'a', text: 'brackets ] and , inside "strings" é' },
      { id: 'b', n: [1, { x: 2 }] },
    ]);
    expect(await collect(jsonRows(chunks(arr, 5)))).toEqual([
      { row: 1, fields: { id: 'a', text: 'brackets ] and , inside "strings" é' } },
      { row: 2, fields: { id: 'b', n: [1, { x: 2 }] } },
    ]);
    expect(await collect(jsonRows(['[ {"id":"a"}, 3, , {oops} ]']))).toEqual([
      { row: 1, fields: { id: 'a' } },
      { row: 2, error: 'must be a JSON object with the import columns as keys' },
      { row: 3, error: 'empty element in the array' },
      { row: 4, error: expect.stringMatching(/^not valid JSON/) },
    ]);
    expect(await collect(jsonRows(['[{"id":"a"},{"id":"b"']))).toEqual([
      { row: 1, fields: { id: 'a' } },
      { row: 2, error: expect.stringMatching(/ends before the JSON array is closed/) },
    ]);
    expect(await collect(jsonRows(chunks('{"id":"a"}\n\n{"id":\n{"id":"c"}', 4)))).toEqual([
      { row: 1, fields: { id: 'a' } },
      { row: 3, error: expect.stringMatching(/^not valid JSON/) },
      { row: 4, fields: { id: 'c' } },
    ]);
    expect(await collect(jsonRows(['[]']))).toEqual([]);
    await expect(collect(jsonRows(['id,text\n']))).rejects.toThrow(
      /array of objects, or one object per line/,
    );
    await expect(collect(jsonRows(['[{"a":1}] x']))).rejects.toThrow(/more after the closing \]/);
  });
});

describe.each(await dialects())('importing feedback on %s', (dialect) => {
  let db: TestDb;
  let s: Services;
  let org: string;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    s = createServices(testConfig(), db.conn, () => NOW);
    org = (await makeOrg(s)).slug;
    await makeIncident(s, org, { slug: 'bucket-leak' });
  });
  afterAll(async () => db?.drop());

  const csv = [
    'id,text,created_at,incident,email,name,consent,nps,csat,ces,channel,audience',
    't-1,The refund took three weeks,2026-03-01,bucket-leak,ana@example.com,Ana,yes,3,,,complaint,customers',
    't-2,Call me on +44 20 7946 0958,2026-03-02T10:00:00Z,,bo@example.com,Bo,no,,2,,,',
    't-3,,,,,,,,,,,',
    't-4,Too high,,,,,,11,,,,',
    't-5,Please reply,,,,,yes,,,,,',
    't-6,Not real,2026-02-30,,,,,,,,,',
    't-7,Where,,no-such-incident,,,,,,,,',
    't-8,Sometime,2031-01-01,,,,,,,,,',
  ].join('\n');

  it('should write good rows, report every bad row with its reason, and add nothing the second time', async () => {
    const progress: number[] = [];
    const first = await s.feedbackImport.import(SYSTEM, org, rowsOf('csv', [csv]), {
      source: 'zendesk',
      onProgress: (p) => progress.push(p.read),
    });
    expect(first).toMatchObject({ read: 8, added: 2, duplicates: 0 });
    expect(first.rejected).toEqual([
      { row: 4, reason: 'text: is required' },
      { row: 5, reason: 'nps: must be a whole number from 0 to 10, not 11' },
      { row: 6, reason: 'consent: given, but there is no e-mail address to contact' },
      { row: 7, reason: 'created_at: "2026-02-30" is not a real date or time' },
      { row: 8, reason: 'incident: no incident "no-such-incident" in this organization' },
      { row: 9, reason: 'created_at: 2031-01-01 is in the future' },
    ]);
    expect(progress).toEqual([8]);

    const items = (await s.feedback.list(SYSTEM, org, {}, { limit: 50 })).items;
    expect(items.map((f) => f.sourceId)).toEqual(['t-2', 't-1']);
    const [t2, t1] = items;
    expect(t1).toMatchObject({
      source: 'zendesk',
      channel: 'complaint',
      audience: 'customers',
      text: 'The refund took three weeks',
      contactEmail: 'ana@example.com',
      contactName: 'Ana',
      consent: true,
      redacted: false,
      ratings: { nps: 3 },
      createdAt: '2026-03-01T00:00:00.000Z',
      analysedAt: null,
    });
    expect(t1!.incidentId).not.toBeNull();
    // No consent: the contact is dropped, and the text redacted like an anonymous channel's.
    expect(t2).toMatchObject({
      channel: 'import',
      audience: 'public',
      text: 'Call me on [phone removed]',
      contactEmail: null,
      contactName: null,
      consent: false,
      redacted: true,
      incidentId: null,
    });

    const again = await s.feedbackImport.import(SYSTEM, org, rowsOf('csv', [csv]), { source: 'zendesk' });
    expect(again).toMatchObject({ read: 8, added: 0, duplicates: 2 });
    expect(again.rejected).toHaveLength(6);
    expect(
      await s.store.feedback.countByOrganization((await s.store.accounts.findOrganizationBySlug(org))!.id),
    ).toBe(2);
    // The same ids from another tool are other items.
    const other = await s.feedbackImport.import(SYSTEM, org, rowsOf('csv', [csv]), { source: 'intercom' });
    expect(other).toMatchObject({ added: 2, duplicates: 0 });

    // One audit event per import, not per row.
    const events = (await s.audit.list(SYSTEM, org, { recordType: 'feedback_import' }, { limit: 50 })).items;
    expect(events).toHaveLength(3);
    expect(events.map((e) => e.after)).toContainEqual({
      source: 'zendesk',
      read: 8,
      added: 0,
      duplicates: 2,
      rejected: 6,
    });
    // Written unanalysed: the analysis worker takes them.
    expect(await s.feedback.analysePending()).toBe(4);
  });

  it('should import JSON and NDJSON with the same columns, rows naming their own source', async () => {
    const json = JSON.stringify([
      { sourceId: 'j-1', text: 'From a JSON array', nps: 9, consent: false },
      { sourceId: 'j-2', text: 'Mine', source: 'twitter', channel: 'mention' },
      { sourceId: 'j-3' },
    ]);
    const r = await s.feedbackImport.import(SYSTEM, org, rowsOf('json', [json]), { source: 'survey-tool' });
    expect(r).toMatchObject({ read: 3, added: 2, rejected: [{ row: 3, reason: 'text: is required' }] });
    const nd = '{"id":"j-1","text":"again"}\n{"id":"n-1","text":"new"}\n';
    expect(
      await s.feedbackImport.import(SYSTEM, org, rowsOf('json', [nd]), { source: 'survey-tool' }),
    ).toMatchObject({
      read: 2,
      added: 1,
      duplicates: 1,
    });
    const mention = (await s.feedback.list(SYSTEM, org, { channel: 'mention' }, { limit: 5 })).items[0];
    expect(mention).toMatchObject({ source: 'twitter', sourceId: 'j-2' });
  });

  it('should refuse rows with bytes that are not UTF-8, keeping the rest', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,text\nu-1,caf'),
      Buffer.from([0xc3, 0xa9]),
      Buffer.from('\nu-2,caf'),
      Buffer.from([0xe9, 0xff]),
      Buffer.from(' latin-1\nu-3,fine\n'),
    ]);
    const r = await s.feedbackImport.import(SYSTEM, org, rowsOf('csv', chunks(bytes, 3)), {
      source: 'legacy',
    });
    expect(r).toMatchObject({
      read: 3,
      added: 2,
      rejected: [
        { row: 3, reason: 'text: contains bytes that are not valid UTF-8 (save the file as UTF-8)' },
      ],
    });
    const texts = (await s.feedback.list(SYSTEM, org, {}, { limit: 200 })).items
      .filter((f) => f.source === 'legacy')
      .map((f) => f.text);
    expect(texts.sort()).toEqual(['café', 'fine']);
  });

  it('should refuse an empty file, an unknown organization or incident, and roles without feedback:write', async () => {
    await expect(
      s.feedbackImport.import(SYSTEM, org, rowsOf('csv', ['id,text\n']), { source: 'x' }),
    ).rejects.toThrow('nothing to import: there are no rows');
    await expect(
      s.feedbackImport.import(SYSTEM, 'nope', rowsOf('csv', [csv]), { source: 'x' }),
    ).rejects.toThrow('organization not found');
    await expect(
      s.feedbackImport.import(SYSTEM, org, rowsOf('csv', [csv]), { source: 'x', incident: 'nope' }),
    ).rejects.toThrow('incident not found');
    const viewer = await makeMember(s, org, 'viewer');
    await expect(
      s.feedbackImport.import(viewer.ctx, org, rowsOf('csv', [csv]), { source: 'x' }),
    ).rejects.toThrow(/does not allow feedback write/);
    const other = await makeOrg(s);
    const stranger = await makeMember(s, other.slug, 'owner');
    await expect(
      s.feedbackImport.import(stranger.ctx, org, rowsOf('csv', [csv]), { source: 'x' }),
    ).rejects.toThrow('organization not found');
  });

  it('should stream a 100,000-row CSV: batches are written while the file is still being read', async () => {
    const total = dialect === 'sqlite' ? 100_000 : 30_000;
    let written = 0;
    let writtenAtHalf = -1;
    async function* file(): AsyncGenerator<Buffer> {
      yield Buffer.from('id,text,nps\n');
      for (let i = 0; i < total; i += 1000) {
        if (i === total / 2) writtenAtHalf = written;
        let chunk = '';
        for (let j = i; j < i + 1000; j++) chunk += `big-${j},Row number ${j} was fine,${j % 11}\n`;
        yield Buffer.from(chunk);
      }
    }
    const r = await s.feedbackImport.import(SYSTEM, org, rowsOf('csv', file()), {
      source: 'bulk',
      onProgress: (p) => (written = p.added),
    });
    expect(r).toMatchObject({ read: total, added: total, duplicates: 0, rejected: [] });
    // Half the file was written before its second half was even produced.
    expect(writtenAtHalf).toBeGreaterThanOrEqual(total / 2 - 2000);
  }, 120_000);
});
