import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, DEFAULT_FDR } from './compare.ts';

// Reference values computed once with SciPy 1.17.1 (Python 3):
//   from scipy.stats import false_discovery_control
//   false_discovery_control([0.01, 0.04, 0.03, 0.005, 0.2, 0.8, 0.041])
//   false_discovery_control([0.0073, 0.0012, 0.03, 0.6, 0.049])
//   false_discovery_control([1e-10, 0.5, 0.5, 1.0])

describe('Benjamini–Hochberg adjusted p-values', () => {
  it('should match a hand computation', () => {
    // m = 4, sorted 0.01, 0.02, 0.03, 0.5: m·p/i = 0.04, 0.04, 0.04, 0.5; running minimum from the top.
    expect(benjaminiHochberg([0.03, 0.5, 0.01, 0.02])).toEqual([0.04, 0.5, 0.04, 0.04]);
    // Step-up: 0.04·3/2 = 0.06 is lowered to the next rank's 0.045·3/3 = 0.045.
    const q = benjaminiHochberg([0.001, 0.04, 0.045]);
    expect(q[0]).toBeCloseTo(0.003, 15);
    expect(q[1]).toBeCloseTo(0.045, 15);
    expect(q[2]).toBeCloseTo(0.045, 15);
  });

  it('should match SciPy’s false_discovery_control', () => {
    const cases: [number[], number[]][] = [
      [
        [0.01, 0.04, 0.03, 0.005, 0.2, 0.8, 0.041],
        [0.035, 0.0574, 0.0574, 0.035, 0.23333333333333336, 0.8, 0.0574],
      ],
      [
        [0.0073, 0.0012, 0.03, 0.6, 0.049],
        [0.01825, 0.005999999999999999, 0.05, 0.6, 0.06125],
      ],
      [
        [1e-10, 0.5, 0.5, 1.0],
        [4e-10, 0.6666666666666666, 0.6666666666666666, 1.0],
      ],
    ];
    for (const [ps, expected] of cases) {
      const q = benjaminiHochberg(ps);
      expected.forEach((e, i) => expect(q[i]).toBeCloseTo(e, 14));
    }
  });

  it('should leave untested entries out of m and in their place', () => {
    expect(benjaminiHochberg([null, 0.01, null, 0.03])).toEqual([null, 0.02, null, 0.03]);
    expect(benjaminiHochberg([0.2])).toEqual([0.2]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([null])).toEqual([null]);
  });

  it('should refuse a p-value outside [0, 1]', () => {
    for (const p of [-0.1, 1.5, Number.NaN]) {
      expect(() => benjaminiHochberg([0.01, p])).toThrow(expect.objectContaining({ code: 'validation' }));
    }
  });

  it('should never lower a p-value, keep the order, stay ≤ 1 and flag what the BH procedure rejects', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (ps) => {
        const q = benjaminiHochberg(ps) as number[];
        const m = ps.length;
        ps.forEach((p, i) => {
          expect(q[i]).toBeGreaterThanOrEqual(p);
          expect(q[i]).toBeLessThanOrEqual(1);
          ps.forEach((p2, j) => {
            if (p < p2) expect(q[i]).toBeLessThanOrEqual(q[j]!);
          });
        });
        // The procedure itself: reject the i smallest for the largest i with p₍ᵢ₎ ≤ i·FDR/m.
        const sorted = [...ps].sort((a, b) => a - b);
        let cut = -Infinity;
        sorted.forEach((p, i) => {
          if (p <= ((i + 1) * DEFAULT_FDR) / m) cut = p;
        });
        ps.forEach((p, i) => expect(q[i]! <= DEFAULT_FDR + 1e-15, `p = ${p}`).toBe(p <= cut));
      }),
    );
  });
});
