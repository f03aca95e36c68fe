import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineMoments, meanInterval, momentsFromSums, momentsOf, welchTest } from './means.ts';
import { cronbachAlpha, cronbachAlphaFromSums } from './reliability.ts';

// Reference values computed once with SciPy 1.17.1 / NumPy (Python 3):
// welch: scipy.stats.ttest_ind(a, b, equal_var=False) and .confidence_interval(0.95);
// t interval: scipy.stats.t.interval(0.95, n − 1, loc=mean, scale=sd/√n);
// alpha: k/(k−1)·(1 − trace(C)/sum(C)) with C = numpy.cov(X, rowvar=False) (the covariance-matrix
// form, a different route from the item-variance form under test).
const a = [4, 5, 3, 6, 7, 5, 4, 6, 5, 5, 6, 7, 3, 4];
const b = [3, 4, 2, 5, 3, 4, 3, 2, 4, 3];
const sums = (xs: number[]) =>
  [xs.length, xs.reduce((s, x) => s + x, 0), xs.reduce((s, x) => s + x * x, 0)] as const;

describe('means from sufficient statistics', () => {
  it('should give the t interval of SciPy', () => {
    const r = meanInterval(momentsFromSums(...sums(a))!)!;
    expect(r.estimate).toBe(5);
    expect(r.lower).toBeCloseTo(4.24889005172568, 12);
    expect(r.upper).toBeCloseTo(5.75110994827432, 12);
    expect(meanInterval({ n: 1, mean: 3, variance: 0 })).toBeNull();
  });

  it('should give Welch’s test of SciPy, from sums alone', () => {
    const r = welchTest(momentsFromSums(...sums(a))!, momentsFromSums(...sums(b))!)!;
    expect(r.statistic).toBeCloseTo(3.701963480540545, 10);
    expect(r.p).toBeCloseTo(0.0012462301984845687, 10);
    expect(r.df).toBeCloseTo(21.971544515821677, 9);
    expect(r.lower).toBeCloseTo(0.7475732711557115, 10);
    expect(r.upper).toBeCloseTo(2.652426728844289, 10);
    expect(r.significant).toBe(true);
  });

  it('should handle samples without spread and refuse impossible moments', () => {
    expect(welchTest({ n: 3, mean: 2, variance: 0 }, { n: 4, mean: 2, variance: 0 })!.p).toBe(1);
    expect(welchTest({ n: 3, mean: 3, variance: 0 }, { n: 4, mean: 2, variance: 0 })!.p).toBe(0);
    expect(welchTest({ n: 1, mean: 3, variance: 0 }, { n: 4, mean: 2, variance: 1 })).toBeNull();
    expect(() => meanInterval({ n: 3, mean: 1, variance: -1 })).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });

  it('should agree between sums, Welford and merged groups (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 2, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 60 }),
        (xs, ys) => {
          const all = momentsOf([...xs, ...ys])!;
          const merged = combineMoments(momentsOf(xs)!, momentsOf(ys)!);
          const fromSums = momentsFromSums(...sums([...xs, ...ys]))!;
          const close = (p: number, q: number) => Math.abs(p - q) < 1e-9;
          return (
            close(all.mean, merged.mean) &&
            close(all.variance, merged.variance) &&
            close(all.mean, fromSums.mean) &&
            close(all.variance, fromSums.variance)
          );
        },
      ),
    );
  });

  it('should contain the mean, and never widen with more data of the same spread (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 500 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 9, noNaN: true }),
        fc.integer({ min: 2, max: 40 }),
        (n, mean, variance, m) => {
          const small = meanInterval({ n, mean, variance })!;
          const big = meanInterval({ n: n * m, mean, variance })!;
          return (
            small.lower <= mean &&
            mean <= small.upper &&
            big.upper - big.lower <= small.upper - small.lower + 1e-12
          );
        },
      ),
    );
  });
});

describe('Cronbach’s alpha', () => {
  const X = [
    [4, 5, 4, 3],
    [2, 2, 3, 2],
    [5, 4, 5, 5],
    [3, 3, 2, 3],
    [4, 4, 4, 5],
    [1, 2, 1, 2],
    [5, 5, 4, 4],
    [3, 2, 3, 3],
    [2, 3, 2, 1],
    [4, 5, 5, 4],
  ];
  const expected = 0.9341662662181642;

  it('should match the covariance-matrix form computed with NumPy', () => {
    const items = [0, 1, 2, 3].map((j) => momentsOf(X.map((r) => r[j]!))!.variance);
    const total = momentsOf(X.map((r) => r.reduce((s, x) => s + x, 0)))!.variance;
    const r = cronbachAlpha(items, total, X.length)!;
    expect(r.alpha).toBeCloseTo(expected, 12);
    expect(r.acceptable).toBe(true);
  });

  it('should give the same from SQL-style sums', () => {
    const s = (xs: number[]) => ({
      sum: xs.reduce((p, x) => p + x, 0),
      sumSquares: xs.reduce((p, x) => p + x * x, 0),
    });
    const r = cronbachAlphaFromSums(
      X.length,
      [0, 1, 2, 3].map((j) => s(X.map((row) => row[j]!))),
      s(X.map((row) => row.reduce((p, x) => p + x, 0))),
    )!;
    expect(r.alpha).toBeCloseTo(expected, 12);
  });

  it('should have no value without spread, and refuse a single item', () => {
    expect(cronbachAlpha([0, 0], 0, 10)).toBeNull();
    expect(() => cronbachAlpha([1], 2, 10)).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});
