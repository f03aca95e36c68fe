import { describe, expect, it } from 'vitest';
import { checkStatement } from './index.ts';

const FULL =
  'We are sorry. We failed to patch a server we knew was vulnerable. This happened because our patch process had no owner. ' +
  'By 15 March every affected customer will get 24 months of free identity monitoring. ' +
  'We have changed our process: critical patches now go out within 48 hours. We hope you can forgive us.';

describe('APOL-F apology completeness (Table F)', () => {
  it('scores a complete apology 1 and lists every component', () => {
    const a = checkStatement(FULL, {
      cluster: 'preventable',
      culpability: 'established',
      violationTypes: ['competence'],
      stage: 'diagnose',
    }).apology;
    expect(a.components).toEqual({
      regret: true,
      explanation: true,
      responsibility: true,
      repentance: true,
      repair: true,
      forgiveness: true,
    });
    expect(a.score).toBe(1);
    expect(a.missing).toEqual([]);
  });

  it('weights by Table F and lists missing components in rank order', () => {
    const a = checkStatement('We are sorry for the outage.', {
      cluster: 'preventable',
      culpability: 'established',
      stage: 'diagnose',
    }).apology;
    // Required: responsibility 3, repair 2.5, regret 1.5, explanation 1.5, repentance 1.5 = 10; present: regret.
    expect(a.required).toEqual(['responsibility', 'repair', 'regret', 'explanation', 'repentance']);
    expect(a.score).toBe(0.15);
    expect(a.missing).toEqual(['responsibility', 'repair', 'explanation', 'repentance']);
  });

  it('does not require responsibility while culpability is undetermined (KIM-B4) nor explanation in respond', () => {
    const a = checkStatement('We are sorry. We will refund every customer by 1 May.', {
      cluster: 'accidental',
      culpability: 'undetermined',
      stage: 'respond',
    }).apology;
    expect(a.required).toEqual(['repair', 'regret']);
    expect(a.score).toBe(1);
  });

  it('requires repentance for integrity violations and never requires forgiveness', () => {
    const a = checkStatement('We are sorry.', {
      cluster: 'accidental',
      violationTypes: ['integrity'],
      culpability: 'established',
    }).apology;
    expect(a.required).toContain('repentance');
    expect(a.required).not.toContain('forgiveness');
  });

  it('with an evidenced denial (KIM-B3) requires only regret', () => {
    const a = checkStatement('These claims are false.', {
      cluster: 'victim',
      culpability: 'disproved',
      evidenceAttached: true,
    }).apology;
    expect(a.required).toEqual(['regret']);
    expect(a.score).toBe(0);
  });

  it('does not credit a conditional apology as regret', () => {
    expect(checkStatement("We're sorry if anyone was upset.").apology.components.regret).toBe(false);
  });
});
