import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const rule = (id: string, text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === id);

describe('LANG-N7 minimization', () => {
  it.each([
    'Only a small subset of users was affected for a brief period.',
    'A handful of accounts were exposed.',
    'Fewer than 1% of customers were impacted.',
    'This was a minor issue.',
    'Just 12 records were accessed.',
  ])('fires on %j', (text) => {
    expect(rule('LANG-N7', text).length).toBeGreaterThan(0);
  });

  it.each([
    'We only use your data to run payroll.',
    'Our small business customers can call us any time.',
    '4,200 customers (3%) had their addresses exposed.',
    'It takes only a few minutes to reset your password.',
  ])('does not fire on %j', (text) => {
    expect(rule('LANG-N7', text)).toEqual([]);
  });

  it("follows the advisor's posture: high for preventable (rebuild), medium under diminish, low under base", () => {
    const text = 'A handful of accounts were exposed.';
    const preventable = rule('LANG-N7', text, { cluster: 'preventable' })[0]!;
    expect(preventable.severity).toBe('high');
    expect(preventable.message).toMatch(/SCCT-A5/);
    expect(rule('LANG-N7', text, { cluster: 'accidental' })[0]!.severity).toBe('medium');
    expect(rule('LANG-N7', text, { cluster: 'accidental', priorSimilarIncidents: 2 })[0]!.severity).toBe(
      'high',
    );
    expect(rule('LANG-N7', text, { cluster: 'victim' })[0]!.severity).toBe('low');
  });
});

describe('LANG-N8 excuse: uncontrollable forces', () => {
  it.each([
    'This was a highly sophisticated, unprecedented attack.',
    'The failure was beyond our control.',
    'No one could have foreseen this combination of events.',
    'A perfect storm of factors led to the outage.',
  ])('fires on %j', (text) => {
    expect(rule('LANG-N8', text).length).toBeGreaterThan(0);
  });

  it.each(['We had not patched a known flaw.', 'The attacker used a stolen password.'])(
    'does not fire on %j',
    (text) => {
      expect(rule('LANG-N8', text)).toEqual([]);
    },
  );

  it('is high when a preventable root cause is known, informational for a verified external cause', () => {
    const text = 'The outage was beyond our control.';
    expect(rule('LANG-N8', text, { preventableRootCauseKnown: true })[0]!.severity).toBe('high');
    expect(rule('LANG-N8', text, { cluster: 'accidental', externalCauseVerified: true })[0]!.severity).toBe(
      'info',
    );
    expect(rule('LANG-N8', text, { cluster: 'preventable' })[0]!.severity).toBe('high');
  });
});

describe('LANG-N19 differentiation', () => {
  it('fires on a comparison with other incidents', () => {
    expect(rule('LANG-N19', 'Unlike recent breaches elsewhere, ours involved no payment data.')).toHaveLength(
      1,
    );
    expect(rule('LANG-N19', 'In the broader context, the impact was limited.')).toHaveLength(1);
  });
  it('does not fire on a plain description', () => {
    expect(rule('LANG-N19', 'The breach involved names and email addresses.')).toEqual([]);
  });
  it('is medium under a rebuild posture', () => {
    expect(
      rule('LANG-N19', 'Unlike other companies, we told you first.', { cluster: 'preventable' })[0]!.severity,
    ).toBe('medium');
  });
});
