import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const n1 = (text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === 'LANG-N1');

describe('LANG-N1 agentless passive', () => {
  it.each([
    ['Mistakes were made in the review process.', 'were made'],
    ['Errors were introduced during the update.', 'were introduced'],
    ['Customer records were exposed.', 'were exposed'],
    ['Some payment details were inadvertently exposed to other users.', 'were inadvertently exposed'],
    ['Your account has been compromised.', 'been compromised'],
    ['The warnings were ignored for weeks.', 'were ignored'],
  ])('fires on %j', (text, span) => {
    const f = n1(text);
    expect(f).toHaveLength(1);
    expect(f[0]!.text).toBe(span);
  });

  it.each([
    'The patch was deployed on Tuesday.',
    'Passwords were reset by our security team.',
    'Customer records were exposed by our misconfigured server.',
    'The service was restored at 14:00.',
    'The report was published last week.',
    'We exposed customer records when we misconfigured a server.',
    'The new dashboard was introduced in May.',
  ])('does not fire on %j', (text) => {
    expect(n1(text)).toEqual([]);
  });

  it('"by" naming a time or manner is not an agent', () => {
    expect(n1('Records were exposed by mistake.')).toHaveLength(1);
    expect(n1('Files were deleted by Friday.')).toHaveLength(1);
  });

  it('is high for preventable, medium for accidental, low for victim incidents', () => {
    const text = 'Customer records were exposed.';
    expect(n1(text, { cluster: 'preventable' })[0]!.severity).toBe('high');
    expect(n1(text, { cluster: 'accidental' })[0]!.severity).toBe('medium');
    expect(n1(text, { cluster: 'victim' })[0]!.severity).toBe('low');
  });

  it('drops to low when the same sentence names us as the actor', () => {
    const f = n1('Records were exposed because we failed to patch the server.', { cluster: 'preventable' });
    expect(f[0]!.severity).toBe('low');
  });
});
