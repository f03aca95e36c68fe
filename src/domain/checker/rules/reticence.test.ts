import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const n13 = (text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === 'LANG-N13');

describe('LANG-N13 reticence', () => {
  it.each([
    "We can't comment on an ongoing matter.",
    'No comment.',
    'It would be inappropriate to speculate.',
    'We are not in a position to share details.',
  ])('fires on %j', (text) => {
    expect(n13(text).length).toBeGreaterThan(0);
  });

  it.each([
    'We will comment on the findings when the review ends on 3 May.',
    'Our ongoing investigation has found two causes.',
    'Comments are welcome on our forum.',
  ])('does not fire on %j', (text) => {
    expect(n13(text)).toEqual([]);
  });

  it('is high in the respond stage, medium later, low when an update is promised', () => {
    const text = 'We cannot comment further.';
    expect(n13(text, { stage: 'respond' })[0]!.severity).toBe('high');
    expect(n13(text, { stage: 'reform' })[0]!.severity).toBe('medium');
    expect(n13(`${text} We will post an update by 18:00 today.`, { stage: 'respond' })[0]!.severity).toBe(
      'low',
    );
  });
});
