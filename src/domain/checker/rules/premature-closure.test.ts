import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const n15 = (text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === 'LANG-N15');

describe('LANG-N15 premature closure or forgiveness first', () => {
  it.each([
    'We hope we can all put this behind us.',
    'We ask for your forgiveness. Yesterday our app exposed your messages.',
    'Now it is time to turn the page.',
  ])('fires (medium) in the opening on %j', (text) => {
    const f = n15(text);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('medium');
  });

  it('allows a request for forgiveness at the end', () => {
    const text =
      'Yesterday our app exposed your messages. We failed to test the update. We have reverted it and added a review step. We hope you can forgive us.';
    expect(n15(text)).toEqual([]);
  });

  it('flags closure talk later on (low) while the incident is in respond or diagnose, not in evaluate', () => {
    const text = 'Our app exposed your messages. We reverted the update. We want to move on together.';
    expect(n15(text, { stage: 'diagnose' })[0]!.severity).toBe('low');
    expect(n15(text, { stage: 'evaluate' })).toEqual([]);
  });

  it('does not fire on an ordinary opening', () => {
    expect(n15('On 3 March we found that our app exposed your messages.')).toEqual([]);
  });
});
