import { describe, expect, it } from 'vitest';
import {
  baselineLevel,
  cusum,
  detectRelapse,
  ewma,
  monitor,
  monitorShare,
  monitorThemes,
  standardize,
  standardizeShares,
} from './detectors.ts';
import { seededRng } from './random.ts';

/** Mean run length on a long in-control series: the detectors restart after each alarm. */
function arl(alarms: number[], length: number) {
  return length / alarms.length;
}

describe('EWMA', () => {
  it('should use the exact time-varying limits (hand computed: at t = 1 the limit is L·λ)', () => {
    const r = ewma([1, 0, 0]);
    expect(r.statistic[0]).toBeCloseTo(0.1, 15);
    expect(r.limit[0]).toBeCloseTo(2.814 * 0.1, 12);
    // t = 2: L·√(λ/(2−λ)·(1 − (1−λ)⁴)) = 2.814·√(0.1/1.9·0.3439)
    expect(r.limit[1]).toBeCloseTo(2.814 * Math.sqrt((0.1 / 1.9) * 0.3439), 12);
    expect(r.statistic[1]).toBeCloseTo(0.09, 15);
    expect(r.alarms).toEqual([]);
  });

  it('should alarm on the watched side only and restart after an alarm', () => {
    expect(ewma([5, 5, 5], { lambda: 0.5, L: 3 }).alarms).toEqual([0, 1, 2]);
    expect(ewma([-5], { lambda: 0.5, L: 3 }).alarms).toEqual([]);
    expect(ewma([-5], { lambda: 0.5, L: 3, side: 'both' }).alarms).toEqual([0]);
    expect(() => ewma([0], { lambda: 0 })).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(() => ewma([Number.NaN])).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});

describe('CUSUM', () => {
  it('should accumulate and restart (hand computed)', () => {
    // C⁺: 0, 1.0, 2.5, 1.7, 4.2 → alarm (> 4), restart, 0.5
    const r = cusum([0.2, 1.5, 2.0, -0.3, 3, 1], { h: 4 });
    expect(r.upper.map((v) => +v.toFixed(10))).toEqual([0, 1, 2.5, 1.7, 4.2, 0.5]);
    expect(r.alarms).toEqual([4]);
    const lower = cusum([-3, -3], { h: 4, side: 'lower' });
    expect(lower.lower).toEqual([2.5, 5]);
    expect(lower.alarms).toEqual([1]);
    expect(cusum([0], { h: 4, fastStart: true }).upper).toEqual([1.5]);
  });
});

describe('in-control average run length (false-alarm rate)', () => {
  const N = 400_000;
  const z = (() => {
    const rng = seededRng(20260301);
    return Array.from({ length: N }, () => rng.normal());
  })();

  it('should match the documented ARL₀ of the EWMA (≈ 470 two-sided with exact limits, ≈ 990 upper)', () => {
    const both = arl(ewma(z, { side: 'both' }).alarms, N);
    expect(both).toBeGreaterThan(400);
    expect(both).toBeLessThan(560);
    const upper = arl(ewma(z).alarms, N);
    expect(upper).toBeGreaterThan(800);
    expect(upper).toBeLessThan(1200);
  });

  it('should match the documented ARL₀ of the CUSUM (h = 5: ≈ 465 two-sided, ≈ 940 upper; h = 4: ≈ 336 upper)', () => {
    const both = arl(cusum(z, { side: 'both' }).alarms, N);
    expect(both).toBeGreaterThan(390);
    expect(both).toBeLessThan(560);
    const upper = arl(cusum(z).alarms, N);
    expect(upper).toBeGreaterThan(780);
    expect(upper).toBeLessThan(1150);
    const h4 = arl(cusum(z, { h: 4 }).alarms, N);
    expect(h4).toBeGreaterThan(290);
    expect(h4).toBeLessThan(390);
  });
});

describe('detection of a known change point', () => {
  const runs = 300;
  const change = 50;
  for (const method of ['ewma', 'cusum'] as const) {
    it(`should find a 1σ rise with ${method} within 30 periods in at least 95 % of runs (mean delay ≈ 8–10)`, () => {
      const rng = seededRng(method === 'ewma' ? 11 : 12);
      const delays: number[] = [];
      for (let r = 0; r < runs; r++) {
        const s = Array.from({ length: change + 100 }, (_, t) => rng.normal(t >= change ? 1 : 0));
        const alarms = method === 'ewma' ? ewma(s).alarms : cusum(s).alarms;
        const first = alarms.find((i) => i >= change);
        delays.push(first === undefined ? Infinity : first - change + 1);
      }
      const within = delays.filter((d) => d <= 30).length / runs;
      expect(within).toBeGreaterThanOrEqual(0.95);
      const finite = delays.filter(Number.isFinite);
      const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
      expect(mean).toBeGreaterThan(5);
      expect(mean).toBeLessThan(13);
    });
  }
});

describe('monitoring raw series', () => {
  it('should standardize against the baseline window', () => {
    const level = baselineLevel([8, 10, 12]);
    expect(level).toEqual({ mean: 10, sd: 2 });
    expect(standardize([14, 6], level)).toEqual([2, -2]);
    expect(() => baselineLevel([3, 3])).toThrow(/no variation/);
    expect(standardizeShares([30, 0], [100, 0], 0.2)).toEqual([(0.3 - 0.2) / Math.sqrt(0.0016), 0]);
  });

  it('should warn when complaint volume doubles, and stay quiet before', () => {
    const rng = seededRng(5);
    const series = [
      ...Array.from({ length: 40 }, () => rng.poisson(20)),
      ...Array.from({ length: 20 }, () => rng.poisson(40)),
    ];
    for (const method of ['ewma', 'cusum'] as const) {
      const { alarms } = monitor(series, 30, { method });
      expect(alarms.filter((i) => i < 40)).toEqual([]);
      expect(alarms.find((i) => i >= 40)! - 40).toBeLessThan(5);
    }
    expect(() => monitor(series, 1)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should warn when the negative-sentiment share rises', () => {
    const rng = seededRng(6);
    const totals = Array.from({ length: 60 }, () => 80 + Math.floor(rng.uniform() * 40));
    const negatives = totals.map((n, t) => rng.binomial(n, t < 40 ? 0.2 : 0.3));
    const r = monitorShare(negatives, totals, 30)!;
    expect(r.p0).toBeGreaterThan(0.15);
    expect(r.alarms.filter((i) => i < 40)).toEqual([]);
    expect(r.alarms.find((i) => i >= 40)! - 40).toBeLessThan(12);
    expect(monitorShare([0, 0], [5, 5], 2)).toBeNull();
  });

  it('should warn per theme only for the theme that rises', () => {
    const rng = seededRng(7);
    const steady = Array.from({ length: 50 }, () => rng.poisson(6));
    const rising = Array.from({ length: 50 }, (_, t) => rng.poisson(t < 35 ? 6 : 15));
    const silent = Array.from({ length: 50 }, () => 0);
    const r = monitorThemes({ steady, rising, silent }, 20, { method: 'cusum' });
    expect(r.steady).toEqual([]);
    expect(r.silent).toEqual([]);
    expect(r.rising!.find((i) => i >= 35)! - 35).toBeLessThan(5);
  });
});

describe('relapse of a theme after its action is done', () => {
  it('should find a theme coming back', () => {
    const counts = [30, 25, 12, 6, 3, 2, 3, 2, 2, 3, 2, 2, 2, 3, 2, 9, 10, 12];
    const r = detectRelapse(counts, 4);
    expect(r.referenceRate).toBeCloseTo(2.25, 12);
    expect(r.relapsed).toBe(true);
    expect(r.index).toBe(16);
  });

  it('should wait for the reference window, and floor the reference rate', () => {
    expect(detectRelapse([5, 0, 0], 0)).toEqual({ relapsed: false, index: null, referenceRate: 1 });
    expect(() => detectRelapse([1, 2], 3)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should rarely raise a false relapse and find a doubling soon (simulation, documented rates)', () => {
    const rng = seededRng(8);
    const runs = 500;
    let falseAlarms = 0;
    let found = 0;
    for (let r = 0; r < runs; r++) {
      const stable = Array.from({ length: 109 }, () => rng.poisson(10));
      if (detectRelapse(stable, 0).relapsed) falseAlarms++;
      const back = [
        ...Array.from({ length: 9 }, () => rng.poisson(10)),
        ...Array.from({ length: 40 }, () => rng.poisson(20)),
      ];
      const d = detectRelapse(back, 0);
      if (d.index !== null && d.index - 8 <= 12) found++;
    }
    expect(falseAlarms / runs).toBeLessThan(0.08); // ≈ 0.03 documented
    expect(found / runs).toBeGreaterThan(0.9);
  });
});
