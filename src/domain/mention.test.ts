import { describe, expect, it } from 'vitest';
import {
  MAX_BACKOFF_MINUTES,
  backoffMinutes,
  derivedExternalId,
  htmlToText,
  isSubject,
  mentionFromEntry,
  parseImportRow,
} from './mention.ts';

const defaults = { subject: 'self', incident: null };

describe('mention subjects', () => {
  it('should accept self and named peers, and nothing else', () => {
    for (const ok of ['self', 'peer:Acme', 'peer:Acme Bank plc', `peer:${'x'.repeat(80)}`]) {
      expect(isSubject(ok), ok).toBe(true);
    }
    for (const bad of [
      '',
      'Self',
      'peer:',
      'peer: Acme',
      'peer:Acme ',
      `peer:${'x'.repeat(81)}`,
      'peer:a\u0000b',
      'acme',
    ]) {
      expect(isSubject(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('feed backoff', () => {
  it('should double the interval per failure and stop at a day', () => {
    expect([1, 2, 3, 4, 5, 6].map((f) => backoffMinutes(60, f))).toEqual([120, 240, 480, 960, 1440, 1440]);
    expect(backoffMinutes(5, 1)).toBe(10);
    expect(backoffMinutes(5, 100)).toBe(MAX_BACKOFF_MINUTES);
    // A feed polled weekly is never retried less often than its own interval allows.
    expect(backoffMinutes(7 * 24 * 60, 1)).toBe(7 * 24 * 60);
  });
});

describe('htmlToText', () => {
  it('should drop tags, scripts and styles, decode entities and collapse space', () => {
    expect(
      htmlToText(
        '<p>Clear &amp; <b>honest</b>&nbsp;notice.</p><script>alert(1)</script><style>p{}</style><p>Next &#8212; &#x2019;ok&#39;</p>',
      ),
    ).toBe("Clear & honest notice.\nNext — ’ok'");
    expect(htmlToText('a &bogus; b &#0; c &#xD800;')).toBe('a &bogus; b c');
    expect(htmlToText('ctrl\u0007char')).toBe('ctrl char');
  });
});

describe('parseImportRow', () => {
  it('should take the usual column spellings and normalize dates to UTC', () => {
    const m = parseImportRow(
      {
        ID: 'x1',
        Body: ' Hello ',
        'Published At': '2026-03-01T10:00:00+02:00',
        Link: 'https://e.test/a',
        Reach: '12',
      },
      defaults,
    );
    expect(m).toMatchObject({
      externalId: 'x1',
      text: 'Hello',
      publishedAt: '2026-03-01T08:00:00.000Z',
      url: 'https://e.test/a',
      reach: 12,
      subject: 'self',
    });
  });

  it('should derive a stable id from url and title, or from date and text', () => {
    const a = parseImportRow(
      { text: 't', date: '2026-03-01', url: 'https://e.test/a', title: 'T' },
      defaults,
    );
    expect(a.externalId).toBe(derivedExternalId('https://e.test/a', 'T'));
    const b = parseImportRow({ text: 't', date: '2026-03-01' }, defaults);
    const c = parseImportRow({ text: 't', date: '2026-03-01' }, defaults);
    expect(b.externalId).toBe(c.externalId);
    expect(b.externalId).not.toBe(parseImportRow({ text: 'u', date: '2026-03-01' }, defaults).externalId);
  });

  it('should say what is wrong with a bad row', () => {
    const cases: [unknown, RegExp][] = [
      [null, /must be an object/],
      [[1, 2], /must be an object/],
      [{ date: '2026-03-01' }, /text is required/],
      [{ text: { nested: true }, date: '2026-03-01' }, /text must be text/],
      [{ text: 'x' }, /published_at is required/],
      [{ text: 'x', date: '2026-02-30' }, /published_at/],
      [{ text: 'x', date: '1969-12-31' }, /between 1970 and 9999/],
      [{ text: 'x', date: '2026-03-01', reach: 'many' }, /reach/],
      [{ text: 'x', date: '2026-03-01', url: 'not a url' }, /url/],
      [{ text: 'x', date: '2026-03-01', subject: 'peer:' }, /subject/],
      [{ text: 'x', date: '2026-03-01', incident: 'a b' }, /incident/],
      [{ text: 'a\u0000b', date: '2026-03-01' }, /control characters/],
      [{ text: '\uD800', date: '2026-03-01' }, /valid Unicode/],
    ];
    for (const [row, reason] of cases) {
      expect(() => parseImportRow(row, defaults), JSON.stringify(row)).toThrow(reason);
    }
  });
});

describe('mentionFromEntry', () => {
  const entry = {
    id: null,
    url: null,
    title: null,
    description: null,
    content: null,
    published: null,
    updated: null,
    author: null,
  };
  it('should take the guid, else the link, else a hash, and the first date there is', () => {
    const seen = '2026-03-02T00:00:00.000Z';
    expect(mentionFromEntry({ ...entry, id: 'g', title: 'T' }, seen)).toMatchObject({
      externalId: 'g',
      text: 'T',
      publishedAt: seen,
    });
    expect(
      mentionFromEntry(
        {
          ...entry,
          url: 'https://e.test/1',
          description: '<i>x</i>',
          updated: new Date('2026-01-01T00:00:00Z'),
        },
        seen,
      ),
    ).toMatchObject({ externalId: 'https://e.test/1', text: 'x', publishedAt: '2026-01-01T00:00:00.000Z' });
    expect(mentionFromEntry({ ...entry, title: 'Only a title' }, seen)!.externalId).toBe(
      derivedExternalId(null, 'Only a title'),
    );
    // javascript: links are not kept.
    expect(mentionFromEntry({ ...entry, url: 'javascript:alert(1)', title: 'x' }, seen)!.url).toBeNull();
    expect(mentionFromEntry(entry, seen)).toBeNull();
  });
});
