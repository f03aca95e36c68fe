import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';

const n2 = (text: string, cluster?: 'victim' | 'accidental' | 'preventable') =>
  checkStatement(text, { cluster }).findings.filter((f) => f.rule === 'LANG-N2');

describe('LANG-N2 event as agent', () => {
  it.each([
    'An issue arose that affected some accounts.',
    'A failure occurred in the billing system.',
    'The outage happened overnight.',
    'There was an error in the export.',
  ])('fires on %j', (text) => {
    expect(n2(text)).toHaveLength(1);
  });

  it.each([
    'We deployed a faulty configuration that took the service down.',
    'The meeting happened on Monday.',
    'Questions arose from customers about refunds.',
  ])('does not fire on %j', (text) => {
    expect(n2(text)).toEqual([]);
  });

  it('is medium by default and low in a victim crisis', () => {
    expect(n2('An issue arose.')[0]!.severity).toBe('medium');
    expect(n2('An issue arose.', 'victim')[0]!.severity).toBe('low');
  });
});
