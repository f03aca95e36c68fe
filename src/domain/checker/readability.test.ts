import { describe, expect, it } from 'vitest';
import { checkStatement } from './index.ts';
import { readabilityTarget } from './readability.ts';

const PLAIN = 'We lost your data. We are sorry. We will fix it. Please reset your password today.';
const DENSE =
  'Notwithstanding the comprehensive remediation initiatives subsequently implemented, the organization acknowledges that unauthorized exfiltration of personally identifiable information materially compromised the confidentiality obligations established contractually with institutional counterparties.';

describe('readability', () => {
  it('sets lower targets for the public and customers than for regulators and investors', () => {
    expect(readabilityTarget('public')).toBeLessThan(readabilityTarget('regulators'));
    expect(readabilityTarget('customers')).toBeLessThan(readabilityTarget('investors'));
    expect(readabilityTarget('a-custom-group')).toBe(9);
  });

  it('grades plain text low and dense text high, against the audience target', () => {
    const plain = checkStatement(PLAIN, { audience: 'public' }).readability;
    expect(plain.grade).toBeLessThan(6);
    expect(plain.meetsTarget).toBe(true);
    const dense = checkStatement(DENSE, { audience: 'regulators' }).readability;
    expect(dense.grade).toBeGreaterThan(16);
    expect(dense.target).toBe(12);
    expect(dense.meetsTarget).toBe(false);
    expect(dense.hardSentences).toHaveLength(1);
  });

  it('handles empty text', () => {
    const r = checkStatement('').readability;
    expect(r).toMatchObject({ grade: 0, words: 0, sentences: 0, meetsTarget: true });
  });
});
