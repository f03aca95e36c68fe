import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const rule = (id: string, text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === id);

describe('LANG-N10 denial or attack on the accuser', () => {
  it.each([
    'These reports are misleading and baseless.',
    'We categorically reject these claims.',
    'The company did nothing wrong.',
    'There was no breach.',
    'Recent articles spreading false allegations will be answered.',
  ])('fires on %j', (text) => {
    expect(rule('LANG-N10', text).length).toBeGreaterThan(0);
  });

  it.each([
    'We were wrong, and we are sorry.',
    'We are investigating these reports and will publish what we find by Friday.',
    'Reports from customers helped us find the fault.',
  ])('does not fire on %j', (text) => {
    expect(rule('LANG-N10', text)).toEqual([]);
  });

  it('is high unless culpability is disproved with evidence attached', () => {
    const text = 'These reports are false.';
    expect(rule('LANG-N10', text)[0]!.severity).toBe('high');
    expect(rule('LANG-N10', text, { culpability: 'disproved' })[0]!.severity).toBe('high');
    expect(rule('LANG-N10', text, { culpability: 'disproved', evidenceAttached: true })[0]!.severity).toBe(
      'low',
    );
  });
});

describe('LANG-N11 evidence-of-absence hedge', () => {
  it('fires on "no evidence of misuse", medium without instructions and low with them', () => {
    const bare = rule('LANG-N11', 'We have no evidence that the data has been misused.');
    expect(bare[0]!.severity).toBe('medium');
    const instructed = rule(
      'LANG-N11',
      'We have no evidence that the data has been misused. Please reset your password.',
    );
    expect(instructed[0]!.severity).toBe('low');
  });
  it('does not fire on evidence that was found', () => {
    expect(rule('LANG-N11', 'We found evidence that the data was copied.')).toEqual([]);
  });
});
