import { describe, expect, it } from 'vitest';
import { CRISIS_TYPES, INCIDENT_KINDS } from '../shared/enums.ts';
import { defaultCrisisType, deriveCluster, nextStage, slugify } from './incident.ts';

describe('SCCT cluster derivation', () => {
  it('should place crisis types in their SCCT cluster', () => {
    expect(
      deriveCluster({ kind: 'outage', crisisType: 'technical_error_accident', clusterOverride: null })
        .cluster,
    ).toBe('accidental');
    expect(
      deriveCluster({ kind: 'misconduct', crisisType: 'management_misconduct', clusterOverride: null })
        .cluster,
    ).toBe('preventable');
    expect(deriveCluster({ kind: 'rumor', crisisType: 'rumor', clusterOverride: null }).cluster).toBe(
      'victim',
    );
  });
  it('should start an attack-caused breach at accidental, citing the rule', () => {
    const d = deriveCluster({ kind: 'data_breach', crisisType: 'malevolence', clusterOverride: null });
    expect(d).toMatchObject({ cluster: 'accidental', source: 'derived', rules: ['SCCT-A3'] });
  });
  it('should honour an override and show its reason', () => {
    const d = deriveCluster({
      kind: 'data_breach',
      crisisType: 'malevolence',
      clusterOverride: { cluster: 'victim', reason: 'Independent forensics found all controls in place' },
    });
    expect(d).toMatchObject({ cluster: 'victim', source: 'override' });
    expect(d.text).toMatch(/forensics/);
  });
  it('should have a default crisis type for every kind, and a cluster for every type', () => {
    for (const k of INCIDENT_KINDS) expect(CRISIS_TYPES).toContain(defaultCrisisType(k));
    for (const c of CRISIS_TYPES)
      expect(['victim', 'accidental', 'preventable']).toContain(
        deriveCluster({ kind: 'other', crisisType: c, clusterOverride: null }).cluster,
      );
  });
});

describe('slugify and stages', () => {
  it('should make URL slugs from titles', () => {
    expect(slugify('Payroll bucket exposed!')).toBe('payroll-bucket-exposed');
    expect(slugify('Ünïcödé — café')).toBe('unicode-cafe');
    expect(slugify('!!')).toBe('incident-new');
    expect(slugify('x'.repeat(100)).length).toBeLessThanOrEqual(60);
  });
  it('should order stages', () => {
    expect(nextStage('respond')).toBe('diagnose');
    expect(nextStage('evaluate')).toBe('closed');
    expect(nextStage('closed')).toBeNull();
  });
});
