import { describe, expect, it } from 'vitest';
import { forecastRecovery, timeToDate } from './forecast.ts';
import { seededRng } from './random.ts';
import { quantile, timelineRealism } from './realism.ts';

describe('recovery forecast', () => {
  it('should project an exact linear recovery to the tolerance line (hand computed)', () => {
    // u = 0.1·t on the TRR scale: reaches 0.95 at t = 9.5; exact data → a point range.
    const points = [0, 1, 2, 3, 4, 5].map((t) => ({ t, y: 40 + 3 * t }));
    const f = forecastRecovery({ points, baseline: 70, trough: 40 });
    expect(f.status).toBe('recovering');
    if (f.status !== 'recovering') return;
    expect(f.estimate).toBeCloseTo(9.5, 6);
    expect(f.fit.model).toBe('linear');
    expect(f.lower).toBeCloseTo(9.5, 6);
    expect(f.upper!).toBeCloseTo(9.5, 6);
  });

  it('should work on a measure where lower is better (distrust)', () => {
    const points = [0, 1, 2, 3, 4, 5].map((t, i) => ({
      t,
      y: 5 - 0.3 * t + [0.05, -0.05, 0.02, 0, -0.03, 0.01][i]!,
    }));
    const f = forecastRecovery({ points, baseline: 2, trough: 5 });
    expect(f.status).toBe('recovering');
    if (f.status === 'recovering') expect(f.estimate).toBeGreaterThan(8);
  });

  it('should say not recovering when the trend does not point back, or is not significant', () => {
    const away = [0, 1, 2, 3, 4].map((t) => ({ t, y: 40 - t }));
    expect(forecastRecovery({ points: away, baseline: 70, trough: 40 })).toMatchObject({
      status: 'not_recovering',
      reason: 'the trend does not point back to the baseline',
    });
    const flat = [0, 1, 2, 3, 4, 5].map((t) => ({ t, y: 40 + [3, -2, 1, -3, 2, 0][t]! }));
    expect(forecastRecovery({ points: flat, baseline: 70, trough: 40 }).status).toBe('not_recovering');
  });

  it('should refuse too little data and bad input', () => {
    expect(forecastRecovery({ points: [{ t: 0, y: 1 }], baseline: 2, trough: 0 }).status).toBe(
      'insufficient_data',
    );
    expect(forecastRecovery({ points: [], baseline: 2, trough: 2 }).status).toBe('insufficient_data');
    const same = [0, 0, 1, 1].map((t) => ({ t, y: t }));
    expect(forecastRecovery({ points: same, baseline: 2, trough: 0 }).status).toBe('insufficient_data');
    expect(() => forecastRecovery({ points: [{ t: Number.NaN, y: 1 }], baseline: 2, trough: 0 })).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
    expect(() => forecastRecovery({ points: [], baseline: 2, trough: 0, level: 2 })).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });

  it('should convert times to dates', () => {
    expect(timeToDate('2026-03-01T00:00:00Z', 2, 7)).toBe('2026-03-15T00:00:00.000Z');
    expect(timeToDate('2026-03-01T00:00:00Z', null)).toBeNull();
  });

  // Coverage: the true return time lies inside the 80 % range in about 80 % of simulated recoveries.
  const scenarios = [
    {
      name: 'exponential return (baseline 70, trough 40, τ = 8 weeks, noise sd 2)',
      mean: (t: number) => 70 - 30 * Math.exp(-t / 8),
      trueTime: 8 * Math.log(1 / 0.05),
      sd: 2,
      model: 'exponential',
    },
    {
      name: 'linear return (2 points a week, noise sd 3)',
      mean: (t: number) => 40 + 2 * t,
      trueTime: (0.95 * 30) / 2,
      sd: 3,
      model: 'linear',
    },
  ];
  for (const s of scenarios) {
    it(`should cover the true return time at about the stated rate: ${s.name}`, () => {
      const rng = seededRng(2026);
      const runs = 150;
      let covered = 0;
      let chosen = 0;
      for (let r = 0; r < runs; r++) {
        const points = Array.from({ length: 12 }, (_, i) => ({
          t: i + 1,
          y: s.mean(i + 1) + rng.normal(0, s.sd),
        }));
        const f = forecastRecovery({ points, baseline: 70, trough: 40 });
        if (f.status !== 'recovering') continue;
        if (f.fit.model === s.model) chosen++;
        if (f.lower <= s.trueTime && (f.upper === null || s.trueTime <= f.upper)) covered++;
      }
      expect(covered / runs).toBeGreaterThan(0.68);
      expect(covered / runs).toBeLessThan(0.92);
      expect(chosen / runs).toBeGreaterThan(0.6);
    });
  }
});

describe('timeline realism', () => {
  // Reference: numpy.percentile(h, [5, 50, 80, 95]) (linear, type 7), computed once with NumPy.
  const h = [3, 10, 14, 7, 21, 30, 9, 12, 18, 45, 5, 16];

  it('should give type-7 quantiles like NumPy', () => {
    expect(quantile(h, 0.05)).toBeCloseTo(4.1, 12);
    expect(quantile(h, 0.5)).toBeCloseTo(13, 12);
    expect(quantile(h, 0.8)).toBeCloseTo(20.400000000000002, 12);
    expect(quantile(h, 0.95)).toBeCloseTo(36.749999999999986, 12);
    expect(() => quantile([], 0.5)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should flag a promise faster than nearly all history', () => {
    const fast = timelineRealism(2, h);
    expect(fast).toMatchObject({ status: 'ok', percentile: 0, unrealistic: true, median: 13 });
    const usual = timelineRealism(12, h);
    expect(usual).toMatchObject({ status: 'ok', unrealistic: false });
    if (usual.status === 'ok') expect(usual.percentile).toBeCloseTo(5.5 / 12, 12); // 5 below, 1 equal
  });

  it('should give no verdict on a short history', () => {
    expect(timelineRealism(2, [3, 4, 5])).toEqual({ status: 'insufficient_history', n: 3, minHistory: 10 });
    expect(() => timelineRealism(-1, h)).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});
