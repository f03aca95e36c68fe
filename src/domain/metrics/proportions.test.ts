import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { chiSquareSf, normalQuantile, tQuantile } from './dist.ts';
import {
  nps,
  npsDifference,
  poissonRate,
  proportionDifference,
  twoProportionZTest,
  wilson,
} from './proportions.ts';

// Reference values below were computed once with SciPy 1.17.1 (Python 3) and pasted as constants:
// Wilson: scipy.stats.binomtest(k, n).proportion_ci(level, method='wilson');
// z test: scipy.stats.chi2_contingency(table, correction=False), z = sign·√χ²;
// chi-square tail: scipy.stats.chi2.sf; quantiles: scipy.stats.norm.ppf / t.ppf;
// Poisson score interval: roots of (x − λT)²/(λT) = z² by scipy.optimize.brentq.
// Newcombe method 10: Newcombe 1998, Statistics in Medicine 17:873, Table II (4 decimals),
// and to full precision by a Python implementation on SciPy's Wilson limits.

describe('distribution functions against SciPy', () => {
  it('should give the normal and t quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 12);
  });

  it('should give the chi-square upper tail for odd and even degrees of freedom', () => {
    expect(chiSquareSf(3.84, 1)).toBeCloseTo(0.05004352124870519, 12);
    expect(chiSquareSf(10, 4)).toBeCloseTo(0.04042768199451279, 12);
    expect(chiSquareSf(7, 3)).toBeCloseTo(0.07189777249646509, 12);
    expect(chiSquareSf(0.5, 9)).toBeCloseTo(0.9999695662588389, 12);
    expect(chiSquareSf(120, 7) / 7.661246463353007e-23).toBeCloseTo(1, 9);
    expect(chiSquareSf(0, 3)).toBe(1);
  });
});

describe('Wilson interval', () => {
  const cases: [number, number, number, number, number][] = [
    [41, 50, 0.95, 0.6920394632569922, 0.9022980732976582],
    [19, 20, 0.95, 0.763868806553258, 0.9911185511992047],
    [0, 10, 0.95, 0, 0.27753279986288926],
    [10, 10, 0.95, 0.7224672001371109, 1],
    [1, 3, 0.95, 0.06149194472039626, 0.7923403991979523],
    [160, 200, 0.9, 0.7496107366528737, 0.8423809669542608],
    [7, 1000, 0.99, 0.002741177154732507, 0.01775771144002663],
  ];
  it.each(cases)('should match SciPy for %i/%i at %d', (x, n, level, lower, upper) => {
    const r = wilson(x, n, level)!;
    expect(r.estimate).toBe(x / n);
    expect(r.lower).toBeCloseTo(lower, 12);
    expect(r.upper).toBeCloseTo(upper, 12);
  });

  it('should have no estimate without data, and refuse impossible counts with a validation error', () => {
    expect(wilson(0, 0)).toBeNull();
    for (const [x, n] of [
      [5, 4],
      [-1, 4],
      [1.5, 4],
    ]) {
      expect(() => wilson(x!, n!)).toThrow(expect.objectContaining({ code: 'validation' }));
    }
    expect(() => wilson(1, 2, 1.2)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should contain the estimate and stay within [0, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, f) => {
          const x = Math.floor(f * n);
          const r = wilson(x, n)!;
          return r.lower >= 0 && r.upper <= 1 && r.lower <= r.estimate && r.estimate <= r.upper;
        },
      ),
    );
  });

  it('should never widen when the sample grows at the same proportion (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 2, max: 50 }),
        (n, xRaw, m) => {
          const x = xRaw % (n + 1);
          const small = wilson(x, n)!;
          const big = wilson(x * m, n * m)!;
          return big.upper - big.lower <= small.upper - small.lower + 1e-12;
        },
      ),
    );
  });
});

describe('NPS with the adjusted-Wald interval', () => {
  it('should reproduce the worked examples (research §2.1; Python on the same formula)', () => {
    const a = nps({ promoters: 180, passives: 120, detractors: 100 })!;
    expect(a.estimate).toBeCloseTo(20, 10);
    expect(a.se).toBeCloseTo(4.0620192023179795, 10);
    expect(a.lower).toBeCloseTo(11.924776564419988, 10);
    expect(a.upper).toBeCloseTo(27.77745668620036, 10);
    const b = nps({ promoters: 12, passives: 5, detractors: 3 })!;
    expect(b.estimate).toBeCloseTo(45, 10);
    expect(b.lower).toBeCloseTo(8.431132531755525, 10);
    expect(b.upper).toBeCloseTo(69.82973703346187, 10);
  });

  it('should contain the estimate and stay within −100…100 (property)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 5000 }),
        fc.nat({ max: 5000 }),
        fc.nat({ max: 5000 }),
        (promoters, passives, detractors) => {
          const r = nps({ promoters, passives, detractors });
          if (promoters + passives + detractors === 0) return r === null;
          return r!.lower >= -100 && r!.upper <= 100 && r!.lower <= r!.estimate && r!.estimate <= r!.upper;
        },
      ),
    );
  });

  it('should never widen when the sample grows at the same split (property)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 300 }),
        fc.nat({ max: 300 }),
        fc.nat({ max: 300 }),
        fc.integer({ min: 2, max: 20 }),
        (p, q, d, m) => {
          fc.pre(p + q + d > 0);
          const small = nps({ promoters: p, passives: q, detractors: d })!;
          const big = nps({ promoters: p * m, passives: q * m, detractors: d * m })!;
          return big.upper - big.lower <= small.upper - small.lower + 1e-9;
        },
      ),
    );
  });

  it('should test a change between periods (research §2.5)', () => {
    const r = npsDifference(
      { promoters: 150, passives: 130, detractors: 140 },
      { promoters: 180, passives: 120, detractors: 100 },
    )!;
    expect(r.estimate).toBeCloseTo(-17.619047619047617, 10);
    expect(r.statistic).toBeCloseTo(-3.070507951413731, 10);
    expect(r.p).toBeCloseTo(0.002136949961386411, 10);
    expect(r.lower).toBeCloseTo(-28.68342352605592, 10);
    expect(r.upper).toBeCloseTo(-6.290677336857578, 10);
    expect(r.significant).toBe(true);
    expect(
      npsDifference(
        { promoters: 0, passives: 0, detractors: 0 },
        { promoters: 1, passives: 0, detractors: 0 },
      ),
    ).toBeNull();
  });
});

describe('difference of two proportions', () => {
  // [x1, n1, x2, n2, lower, upper, published Table II lower/upper]
  const cases: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.052431472402364815, 0.3338726540369059], // Table II: 0.0524, 0.3339
    [9, 10, 3, 10, 0.17052272393450302, 0.8090179735354881], // Table II: 0.1705, 0.8090
    [6, 7, 2, 7, 0.0582279274823122, 0.8062496375242278], // Table II: 0.0582, 0.8062
    [5, 56, 0, 29, -0.03813714790353688, 0.1925600138551116], // Table II: −0.0381, 0.1926
    [160, 200, 130, 200, 0.06261511335209233, 0.23443237160434077], // research §2.5: 6.3 to 23.4
  ];
  it.each(cases)(
    'should give Newcombe’s hybrid score interval for %i/%i − %i/%i',
    (x1, n1, x2, n2, lower, upper) => {
      const r = proportionDifference(x1, n1, x2, n2)!;
      expect(r.estimate).toBeCloseTo(x1 / n1 - x2 / n2, 14);
      expect(r.lower).toBeCloseTo(lower, 12);
      expect(r.upper).toBeCloseTo(upper, 12);
    },
  );

  it('should give the pooled z test (SciPy chi-square without continuity correction)', () => {
    for (const [x1, n1, x2, n2, z, p] of [
      [160, 200, 130, 200, 3.3593550657351257, 0.0007812461893217213],
      [56, 70, 48, 80, 2.650171951258532, 0.008045081368196585],
      [5, 56, 0, 29, 1.6586488692392285, 0.09718656817057987],
    ]) {
      const r = twoProportionZTest(x1!, n1!, x2!, n2!);
      expect(r.z).toBeCloseTo(z!, 10);
      expect(r.p).toBeCloseTo(p!, 10);
    }
    expect(twoProportionZTest(0, 5, 0, 9)).toEqual({ z: 0, p: 1 });
    expect(() => twoProportionZTest(0, 0, 1, 2)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should contain the difference and stay within −1…1 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n1, n2, f1, f2) => {
          const r = proportionDifference(Math.floor(f1 * n1), n1, Math.floor(f2 * n2), n2)!;
          return (
            r.lower >= -1 && r.upper <= 1 && r.lower <= r.estimate + 1e-12 && r.estimate <= r.upper + 1e-12
          );
        },
      ),
    );
  });
});

describe('Poisson rate', () => {
  it('should match the score interval solved numerically in SciPy', () => {
    for (const [x, T, lower, upper] of [
      [0, 4, 0, 0.9603647051735313],
      [3, 2, 0.5101353641821602, 4.410594046164796],
      [12, 4.3, 1.5964557645750748, 4.878302100702743],
    ]) {
      const r = poissonRate(x!, T!)!;
      expect(r.estimate).toBeCloseTo(x! / T!, 12);
      expect(r.lower).toBeCloseTo(lower!, 9);
      expect(r.upper).toBeCloseTo(upper!, 9);
    }
    expect(poissonRate(3, 0)).toBeNull();
    try {
      poissonRate(3, -1);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e)).toBe(true);
    }
  });
});
