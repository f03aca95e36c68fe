import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AdvisorProfile, Attribution } from './advisor.ts';
import { STRATEGIES, advise, assessPlan } from './advisor.ts';
import { CLUSTERS, CRISIS_TYPES, CULPABILITIES, REPUTATIONS, VIOLATION_TYPES } from '../shared/enums.ts';

const rules = (p: AdvisorProfile) => advise(p).fired.map((f) => f.rule);

describe('advise: Table A (SCCT posture)', () => {
  it('SCCT-A0 always fires and the base response is always given', () => {
    for (const cluster of CLUSTERS) {
      const a = advise({ cluster });
      expect(a.fired[0]!.rule).toBe('SCCT-A0');
      expect(a.baseResponse).toHaveLength(2);
    }
  });

  it('SCCT-A1: victim, no history, neutral or positive reputation → base response, victimage allowed', () => {
    for (const priorReputation of ['neutral', 'positive'] as const) {
      const a = advise({ cluster: 'victim', priorReputation, priorSimilarIncidents: 0 });
      expect(a.posture).toBe('base');
      expect(a.postureRule).toBe('SCCT-A1');
      expect(a.allowedSupplements).toContain('victimage');
    }
  });

  it('SCCT-A2: victim with history or a negative reputation → diminish', () => {
    expect(advise({ cluster: 'victim', priorSimilarIncidents: 2 }).postureRule).toBe('SCCT-A2');
    const a = advise({ cluster: 'victim', priorReputation: 'negative' });
    expect(a.posture).toBe('diminish');
    expect(a.primaryStrategies).toEqual(['excuse', 'justification']);
    expect(a.allowedSupplements).not.toContain('victimage');
    expect(a.fired.find((f) => f.rule === 'SCCT-A2')!.why).toMatch(/negative prior reputation/);
  });

  it('SCCT-A3: accidental without intensifiers → diminish with corrective action', () => {
    const a = advise({ cluster: 'accidental' });
    expect(a.posture).toBe('diminish');
    expect(a.postureRule).toBe('SCCT-A3');
    expect(a.allowedSupplements).toContain('corrective_action');
  });

  it('SCCT-A4: accidental with history or a negative reputation → rebuild', () => {
    expect(advise({ cluster: 'accidental', priorSimilarIncidents: 1 }).posture).toBe('rebuild');
    expect(advise({ cluster: 'accidental', priorReputation: 'negative' }).postureRule).toBe('SCCT-A4');
  });

  it('SCCT-A5: preventable → rebuild whatever the history or reputation', () => {
    for (const priorReputation of REPUTATIONS) {
      const a = advise({ cluster: 'preventable', priorReputation, priorSimilarIncidents: 0 });
      expect(a.posture).toBe('rebuild');
      expect(a.postureRule).toBe('SCCT-A5');
      expect(a.primaryStrategies).toEqual(['apology', 'compensation']);
    }
  });

  it('SCCT-A6: a rumor verified false with disproved culpability and evidence → deny with evidence', () => {
    const a = advise({
      cluster: 'victim',
      crisisType: 'rumor',
      claimStatus: 'verifiedFalse',
      culpability: 'disproved',
      evidenceAttached: true,
    });
    expect(a.posture).toBe('deny');
    expect(a.postureRule).toBe('SCCT-A6');
    expect(a.allowedSupplements).toEqual(['transference']);
    expect(a.verbalResponse.rule).toBe('KIM-B3');
  });

  it('SCCT-A6 gate: a rumor marked false without evidence is not denied', () => {
    const a = advise({
      cluster: 'victim',
      crisisType: 'rumor',
      claimStatus: 'verifiedFalse',
      culpability: 'disproved',
      evidenceAttached: false,
    });
    expect(a.posture).not.toBe('deny');
    expect(a.postureRule).toBe('SCCT-A1');
    expect(a.warnings.join(' ')).toMatch(/SCCT-A6 gate/);
    expect(a.verbalResponse.rule).toBe('KIM-B4');
  });

  it('SCCT-A7: a valid challenge is treated as accidental (or preventable) with corrective action', () => {
    const a = advise({ cluster: 'accidental', crisisType: 'challenge', claimStatus: 'valid' });
    expect(rules({ cluster: 'accidental', crisisType: 'challenge', claimStatus: 'valid' })).toContain(
      'SCCT-A7',
    );
    expect(a.substantiveResponses.join(' ')).toMatch(/Corrective action/);
    const fromVictim = advise({ cluster: 'victim', crisisType: 'challenge', claimStatus: 'valid' });
    expect(fromVictim.postureRule).toBe('SCCT-A3');
    const preventable = advise({ cluster: 'preventable', crisisType: 'challenge', claimStatus: 'valid' });
    expect(preventable.postureRule).toBe('SCCT-A5');
  });
});

describe('assessPlan: SCCT constraints A8–A10', () => {
  it('SCCT-A8: rejects denial mixed with rebuild or diminish, and accepts either alone', () => {
    expect(assessPlan(['denial', 'apology']).verdict).toBe('reject');
    expect(assessPlan(['scapegoat', 'excuse']).issues.map((i) => i.rule)).toEqual(['SCCT-A8']);
    expect(assessPlan(['apology', 'compensation', 'instructing']).verdict).toBe('ok');
    expect(assessPlan(['denial', 'transference']).verdict).toBe('ok');
  });

  it('SCCT-A9: warns when bolstering is the only strategy, except under A1', () => {
    expect(assessPlan(['reminder', 'ingratiation'], { cluster: 'accidental' }).issues[0]!.rule).toBe(
      'SCCT-A9',
    );
    expect(assessPlan(['reminder'], { cluster: 'victim' }).verdict).toBe('ok');
    expect(assessPlan(['reminder', 'apology'], { cluster: 'preventable' }).verdict).toBe('ok');
  });

  it('SCCT-A10: warns on victimage outside the victim cluster', () => {
    const r = assessPlan(['victimage', 'apology'], { cluster: 'preventable' });
    expect(r.verdict).toBe('warn');
    expect(r.issues.map((i) => i.rule)).toEqual(['SCCT-A10']);
    expect(assessPlan(['victimage', 'instructing'], { cluster: 'victim' }).verdict).toBe('ok');
  });

  it('rejects a denial when the profile does not pass the guardrail', () => {
    const r = assessPlan(['denial'], { cluster: 'victim', culpability: 'undetermined' });
    expect(r.verdict).toBe('reject');
    expect(r.issues[0]!.rule).toBe('KIM-B3');
    expect(
      assessPlan(['denial'], { cluster: 'victim', culpability: 'disproved', evidenceAttached: true }).verdict,
    ).toBe('ok');
  });
});

describe('advise: Table B (verbal response)', () => {
  it('KIM-B1: competence with established culpability → apology with internal attribution', () => {
    const a = advise({ cluster: 'accidental', violationTypes: ['competence'], culpability: 'established' });
    expect(a.verbalResponse.rule).toBe('KIM-B1');
    expect(a.verbalResponse.text).toMatch(/internal attribution/);
    expect(a.substantiveResponses.join(' ')).toMatch(/Capability investments/);
  });

  it('KIM-B2: integrity with established culpability → full apology, penance and regulation', () => {
    const a = advise({ cluster: 'preventable', violationTypes: ['integrity'], culpability: 'established' });
    expect(a.verbalResponse.rule).toBe('KIM-B2');
    expect(a.verbalResponse.text).toMatch(/Never deny/);
    expect(a.substantiveResponses.join(' ')).toMatch(/Penance.*Regulation/s);
  });

  it('KIM-B2 leads when integrity and competence are both violated', () => {
    const a = advise({
      cluster: 'preventable',
      violationTypes: ['competence', 'integrity'],
      culpability: 'established',
    });
    expect(a.verbalResponse.rule).toBe('KIM-B2');
    expect(
      rules({
        cluster: 'preventable',
        violationTypes: ['competence', 'integrity'],
        culpability: 'established',
      }),
    ).toEqual(expect.arrayContaining(['KIM-B1', 'KIM-B2']));
  });

  it('KIM-B3: disproved culpability with evidence → denial with evidence, deny posture', () => {
    const a = advise({
      cluster: 'accidental',
      violationTypes: ['integrity'],
      culpability: 'disproved',
      evidenceAttached: true,
    });
    expect(a.verbalResponse.rule).toBe('KIM-B3');
    expect(a.posture).toBe('deny');
    expect(a.postureRule).toBe('KIM-B3');
  });

  it('KIM-B3 guardrail: disproved without evidence is acknowledge-and-investigate, never deny', () => {
    const a = advise({ cluster: 'accidental', violationTypes: ['integrity'], culpability: 'disproved' });
    expect(a.verbalResponse.rule).toBe('KIM-B4');
    expect(a.posture).not.toBe('deny');
    expect(a.warnings.join(' ')).toMatch(/no evidence is attached/);
  });

  it('KIM-B4: undetermined culpability → acknowledge and investigate; do not go silent', () => {
    for (const violationTypes of [['competence'], ['integrity'], []] as const) {
      const a = advise({ cluster: 'accidental', violationTypes, culpability: 'undetermined' });
      expect(a.verbalResponse.rule).toBe('KIM-B4');
      expect(a.verbalResponse.text).toMatch(/do not go silent/);
    }
  });

  it('KIM-B5: deception → the apology names the misleading statement; never a denial', () => {
    const a = advise({
      cluster: 'preventable',
      violationTypes: ['integrity'],
      culpability: 'established',
      deceptionInvolved: true,
    });
    expect(a.verbalResponse.rule).toBe('KIM-B5');
    expect(a.verbalResponse.text).toMatch(/misleading statement/);
    expect(a.substantiveResponses.join(' ')).toMatch(/independent monitor/);
    const evidenced = advise({
      cluster: 'victim',
      culpability: 'disproved',
      evidenceAttached: true,
      deceptionInvolved: true,
    });
    expect(evidenced.posture).not.toBe('deny');
  });

  it('KIM-B6: benevolence → apology plus protection of stakeholder interests, flagged as a research gap', () => {
    const a = advise({ cluster: 'preventable', violationTypes: ['benevolence'], culpability: 'established' });
    expect(a.verbalResponse.rule).toBe('KIM-B6');
    expect(a.warnings.join(' ')).toMatch(/research gap/);
  });
});

describe('advise: Table C (attribution)', () => {
  const cases: [Attribution, string, RegExp][] = [
    [{ locus: 'external', controllable: false, stable: false }, 'ATTR-C1', /not required/],
    [{ locus: 'external', controllable: false, stable: true }, 'ATTR-C2', /if failures recur/],
    [{ locus: 'internal', controllable: false, stable: false }, 'ATTR-C3', /Match the lost resource/],
    [{ locus: 'internal', controllable: false, stable: true }, 'ATTR-C4', /Yes/],
    [{ locus: 'internal', controllable: true, stable: false }, 'ATTR-C5', /Yes/],
    [{ locus: 'internal', controllable: true, stable: true }, 'ATTR-C6', /meet expectations/],
    [{ locus: 'external', controllable: true, stable: true }, 'ATTR-C6', /meet expectations/],
  ];
  it.each(cases)('%o → %s', (attribution, rule, compensation) => {
    const a = advise({ cluster: 'accidental', attribution });
    expect(a.repairEmphasis!.rule).toBe(rule);
    expect(a.repairEmphasis!.compensation).toMatch(compensation);
    expect(a.fired.map((f) => f.rule)).toContain(rule);
  });

  it('no attribution → no Table C row', () => {
    expect(advise({ cluster: 'accidental' }).repairEmphasis).toBeNull();
  });

  it('ATTR-C7: the recovery-paradox framing only for a low-severity first failure, unstable and uncontrollable', () => {
    const attribution: Attribution = { locus: 'internal', controllable: false, stable: false };
    expect(advise({ cluster: 'accidental', attribution, severity: 1 }).warnings.join(' ')).not.toMatch(
      /ATTR-C7/,
    );
    expect(advise({ cluster: 'accidental', attribution, severity: 4 }).warnings.join(' ')).toMatch(/ATTR-C7/);
    expect(
      advise({ cluster: 'accidental', attribution, severity: 1, priorSimilarIncidents: 1 }).warnings.join(
        ' ',
      ),
    ).toMatch(/ATTR-C7/);
  });
});

describe('advise: the deny guardrail holds for every profile', () => {
  const profile = fc.record(
    {
      cluster: fc.constantFrom(...CLUSTERS),
      crisisType: fc.constantFrom(...CRISIS_TYPES),
      priorSimilarIncidents: fc.nat(5),
      priorReputation: fc.constantFrom(...REPUTATIONS),
      claimStatus: fc.constantFrom('verifiedFalse', 'valid', 'unknown' as const),
      violationTypes: fc.subarray([...VIOLATION_TYPES]),
      culpability: fc.constantFrom(...CULPABILITIES),
      evidenceAttached: fc.boolean(),
      deceptionInvolved: fc.boolean(),
      severity: fc.integer({ min: 1, max: 5 }),
    },
    { requiredKeys: ['cluster'] },
  );

  it('never recommends deny (A6/B3) unless culpability is disproved and evidence is attached', () => {
    fc.assert(
      fc.property(profile, (p) => {
        const a = advise(p);
        const denies =
          a.posture === 'deny' ||
          a.verbalResponse.rule === 'KIM-B3' ||
          a.primaryStrategies.includes('denial');
        if (denies) {
          expect(p.culpability).toBe('disproved');
          expect(p.evidenceAttached).toBe(true);
        }
        expect(a.fired.every((f) => f.citation.length > 0 && f.why.length > 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('assessPlan never accepts a mixed deny plan', () => {
    fc.assert(
      fc.property(fc.subarray([...STRATEGIES]), (plan) => {
        const mixed =
          plan.some((s) => ['denial', 'attack_accuser', 'scapegoat'].includes(s)) &&
          plan.some((s) => ['excuse', 'justification', 'apology', 'compensation'].includes(s));
        expect(assessPlan(plan).verdict === 'reject').toBe(mixed);
      }),
    );
  });
});
