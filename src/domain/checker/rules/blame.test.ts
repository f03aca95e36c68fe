import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const rule = (id: string, text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === id);

describe('LANG-N9 scapegoating (paragraph level)', () => {
  it.each([
    "The outage was caused by our vendor's faulty update.",
    'A single employee failed to follow procedure.',
    'The breach was due to a rogue contractor.',
    'Our third-party provider introduced the bug.',
  ])('fires on %j', (text) => {
    expect(rule('LANG-N9', text, { cluster: 'preventable' }).length).toBeGreaterThan(0);
  });

  it.each([
    'The outage was caused by a configuration change we made.',
    'We are replacing our vendor.',
    'An attacker accessed the server.',
  ])('does not fire on %j', (text) => {
    expect(rule('LANG-N9', text, { cluster: 'preventable' })).toEqual([]);
  });

  it('does not fire when the same paragraph owns our part, but does when it is in another paragraph', () => {
    const owned =
      "The outage was caused by our vendor's faulty update. We should have tested it before rollout.";
    expect(rule('LANG-N9', owned, { cluster: 'accidental' })).toEqual([]);
    const apart =
      "The outage was caused by our vendor's faulty update.\n\nWe should have tested it before rollout.";
    expect(rule('LANG-N9', apart, { cluster: 'accidental' })).toHaveLength(1);
  });

  it('is fine (low) for a verified supplier outage and high for a preventable misdeed', () => {
    const text = "The outage was caused by our cloud provider's failure.";
    expect(rule('LANG-N9', text, { cluster: 'accidental', externalCauseVerified: true })[0]!.severity).toBe(
      'low',
    );
    expect(rule('LANG-N9', text, { cluster: 'preventable', externalCauseVerified: true })[0]!.severity).toBe(
      'high',
    );
    expect(rule('LANG-N9', text, { cluster: 'victim' })[0]!.severity).toBe('low');
  });
});

describe('LANG-N16 victim alignment', () => {
  it.each(['Like our customers, we were victims of this incident.', 'We too were affected by this attack.'])(
    'fires on %j outside the victim cluster',
    (text) => {
      expect(rule('LANG-N16', text, { cluster: 'accidental' }).length).toBeGreaterThan(0);
    },
  );
  it('is allowed in the victim cluster (SCCT-A1)', () => {
    expect(
      rule('LANG-N16', 'Like our customers, we were victims of this crime.', { cluster: 'victim' }),
    ).toEqual([]);
  });
  it('does not fire on concern for victims', () => {
    expect(rule('LANG-N16', 'Our thoughts are with the victims.', { cluster: 'preventable' })).toEqual([]);
  });
  it('is high for a preventable incident', () => {
    expect(rule('LANG-N16', 'We too were affected.', { cluster: 'preventable' })[0]!.severity).toBe('high');
  });
});
