import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const n18 = (text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === 'LANG-N18');

describe('LANG-N18 legalistic hedging', () => {
  it.each([
    'Without admitting any liability, we have chosen to refund the fee.',
    'The alleged breach is under review.',
  ])('fires on %j', (text) => {
    expect(n18(text).length).toBeGreaterThan(0);
  });
  it('does not fire on plain ownership', () => {
    expect(n18('We are responsible for this.')).toEqual([]);
  });
  it('is medium by default and low for a rumor (victim cluster)', () => {
    expect(n18('The alleged leak is being reviewed.')[0]!.severity).toBe('medium');
    expect(n18('The alleged leak is being reviewed.', { cluster: 'victim' })[0]!.severity).toBe('low');
  });
});
