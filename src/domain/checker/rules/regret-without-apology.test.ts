import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const n5 = (text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === 'LANG-N5');

describe('LANG-N5 regret without apology', () => {
  it.each([
    'It is unfortunate that this occurred.',
    'We are saddened by these events.',
    'We regret the disruption.',
  ])('fires (medium) on %j when nothing apologizes', (text) => {
    const f = n5(text);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('medium');
  });

  it('does not fire when the statement apologizes elsewhere', () => {
    expect(n5('Unfortunately, the export failed. We are sorry.')).toEqual([]);
  });

  it('does not fire when the statement takes responsibility', () => {
    expect(n5('It is unfortunate. We failed to test the release.')).toEqual([]);
  });

  it('is low in a victim crisis and silent when culpability is disproved', () => {
    expect(n5('We are saddened by these events.', { cluster: 'victim' })[0]!.severity).toBe('low');
    expect(n5('We are saddened by these events.', { culpability: 'disproved' })).toEqual([]);
  });
});
