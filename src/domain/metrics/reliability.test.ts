import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fQuantile } from './dist.ts';
import { cronbachAlpha, feldtInterval } from './reliability.ts';

// Reference values computed once with SciPy 1.17.1 (Python 3), independently of @stdlib:
//   from scipy.stats import f
//   f.ppf(p, d1, d2)                                   # the F quantiles below
//   lower = 1 - (1 - a) * f.ppf(1 - g/2, n - 1, (n - 1)*(k - 1))
//   upper = 1 - (1 - a) * f.ppf(g/2,     n - 1, (n - 1)*(k - 1))   # g = 1 − level
// with a = 0.9341662662181642 (the 10 × 4 scale in means.test.ts: k/(k−1)·(1 − trace(C)/sum(C)),
// C = numpy.cov(X, rowvar=False)), and Feldt, Woodruff & Salih's (1987) example a = .79, k = 26,
// n = 41 at the 90% level.

describe('F quantile against SciPy', () => {
  it.each([
    [0.975, 9, 27, 2.6308555879228073],
    [0.025, 9, 27, 0.2789826512480547],
    [0.5, 1, 1, 1.0],
    [0.99, 4, 120, 3.4795313895777458],
    [0.001, 30, 60, 0.34250969405639153],
  ])('F(%f; %i, %i) = %f', (p, d1, d2, expected) => {
    expect(fQuantile(p, d1, d2)).toBeCloseTo(expected, 10);
  });
});

describe('Feldt interval for Cronbach’s alpha', () => {
  const a = 0.9341662662181642;

  it('should match SciPy at 95% and 90%', () => {
    const r = feldtInterval(a, 10, 4);
    expect(r.estimate).toBe(a);
    expect(r.level).toBe(0.95);
    expect(r.lower).toBeCloseTo(0.8268009536062348, 10);
    expect(r.upper).toBeCloseTo(0.9816335304079848, 10);
    const r90 = feldtInterval(a, 10, 4, 0.9);
    expect(r90.lower).toBeCloseTo(0.8518654433557108, 10);
    expect(r90.upper).toBeCloseTo(0.9771420541936411, 10);
  });

  it('should reproduce Feldt, Woodruff & Salih’s example (α = .79, 26 items, 41 examinees, 90%)', () => {
    const r = feldtInterval(0.79, 41, 26, 0.9);
    expect(r.lower).toBeCloseTo(0.7046759614862377, 10);
    expect(r.upper).toBeCloseTo(0.8616144525848588, 10);
  });

  it('should match SciPy for a middling alpha and for the smallest possible sample', () => {
    const r = feldtInterval(0.7, 50, 5);
    expect(r.lower).toBeCloseTo(0.5449502061032603, 10);
    expect(r.upper).toBeCloseTo(0.8138013862882948, 10);
    // n = 2, k = 2: F(1, 1) has heavy tails, so the lower bound is far below 0 — honestly.
    const tiny = feldtInterval(0.5, 2, 2);
    expect(tiny.lower).toBeCloseTo(-322.8945057389221, 6);
    expect(tiny.upper).toBeCloseTo(0.9992281437456629, 10);
  });

  it('should come with every alpha', () => {
    const r = cronbachAlpha([1, 1.2, 0.9], 7, 30)!;
    const f = feldtInterval(r.alpha, 30, 3);
    expect(r).toEqual({
      alpha: r.alpha,
      lower: f.lower,
      upper: f.upper,
      level: 0.95,
      items: 3,
      n: 30,
      acceptable: true,
    });
    expect(cronbachAlpha([1, 1.2, 0.9], 7, 30, 0.9)!.lower).toBeGreaterThan(r.lower);
  });

  it('should give [1, 1] for a perfect scale and refuse impossible input', () => {
    expect(feldtInterval(1, 20, 3)).toMatchObject({ lower: 1, upper: 1 });
    for (const [alpha, n, k, level] of [
      [1.01, 20, 3, 0.95],
      [Number.NaN, 20, 3, 0.95],
      [0.8, 1, 3, 0.95],
      [0.8, 20.5, 3, 0.95],
      [0.8, 20, 1, 0.95],
      [0.8, 20, 3, 1],
    ] as const) {
      expect(() => feldtInterval(alpha, n, k, level)).toThrow(
        expect.objectContaining({ code: 'validation' }),
      );
    }
  });

  const alphaArb = fc.double({ min: -2, max: 1, noNaN: true });
  const nArb = fc.integer({ min: 2, max: 5000 });
  const kArb = fc.integer({ min: 2, max: 12 });
  const levelArb = fc.constantFrom(0.8, 0.9, 0.95, 0.99);

  it('should contain alpha and never exceed 1', () => {
    fc.assert(
      fc.property(alphaArb, nArb, kArb, levelArb, (alpha, n, k, level) => {
        const r = feldtInterval(alpha, n, k, level);
        expect(r.lower).toBeLessThanOrEqual(alpha + 1e-12);
        expect(r.upper).toBeGreaterThanOrEqual(alpha - 1e-12);
        expect(r.upper).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('should narrow with more respondents at the same alpha', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 0.999, noNaN: true }),
        nArb,
        fc.integer({ min: 1, max: 2000 }),
        kArb,
        levelArb,
        (alpha, n, more, k, level) => {
          const small = feldtInterval(alpha, n, k, level);
          const large = feldtInterval(alpha, n + more, k, level);
          expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
        },
      ),
    );
  });

  it('should widen with the level', () => {
    fc.assert(
      fc.property(alphaArb, nArb, kArb, (alpha, n, k) => {
        const r90 = feldtInterval(alpha, n, k, 0.9);
        const r99 = feldtInterval(alpha, n, k, 0.99);
        expect(r99.lower).toBeLessThanOrEqual(r90.lower);
        expect(r99.upper).toBeGreaterThanOrEqual(r90.upper);
      }),
    );
  });
});
