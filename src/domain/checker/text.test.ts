import { describe, expect, it } from 'vitest';
import { buildDoc, normalize } from './text.ts';

describe('buildDoc', () => {
  it('keeps paragraphs and sentences with offsets into the text', () => {
    const text = 'We are sorry. We failed.\n\nPlease reset your password.';
    const doc = buildDoc(text);
    expect(doc.paragraphs).toHaveLength(2);
    expect(doc.sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      'We are sorry.',
      'We failed.',
      'Please reset your password.',
    ]);
    expect(doc.sentences[2]!.paragraph).toBe(1);
  });

  it('splits Markdown list items and headings into their own sentences', () => {
    const text = '# What we are doing\nWhat we did:\n- We reset passwords\n- We will add MFA by 1 April';
    const doc = buildDoc(text);
    expect(doc.sentences.map((s) => text.slice(s.start, s.end))).toEqual([
      '# What we are doing',
      'What we did:',
      '- We reset passwords',
      '- We will add MFA by 1 April',
    ]);
  });

  it('normalizes without moving offsets', () => {
    const text = 'We\u2019re SORRY \u0130stanbul \u{1F600} done';
    expect(normalize(text)).toHaveLength(text.length);
    expect(normalize(text).startsWith("we're sorry")).toBe(true);
  });
});
