import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';

const n14 = (text: string) => checkStatement(text).findings.filter((f) => f.rule === 'LANG-N14');

describe('LANG-N14 vague promise', () => {
  it.each([
    'We are committed to doing better going forward.',
    'We will strengthen our processes.',
    "We're working hard to regain your trust.",
    'Going forward, we will continue to improve.',
  ])('fires (medium) on %j', (text) => {
    const f = n14(text);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('medium');
  });

  it('is low for a concrete action with no date', () => {
    expect(n14('We will contact affected customers.')[0]!.severity).toBe('low');
  });

  it.each([
    'By 30 April, our CISO will require two-factor sign-in for every employee account.',
    'We will post an update every Friday.',
    'We will refund the fee within 14 days.',
    'An independent auditor will review our access controls, and we will publish the results.',
    'The service is running normally.',
  ])('does not fire on %j', (text) => {
    expect(n14(text)).toEqual([]);
  });

  it('spans the promise up to the end of its sentence, without the full stop', () => {
    const text = 'Thanks for your patience. We will do better.';
    expect(n14(text)[0]!.text).toBe('We will do better');
  });
});
