import { describe, expect, it } from 'vitest';
import { baselineWindow, mixShift } from './compare.ts';
import {
  actionCompletion,
  firstResponse,
  leadershipVisibility,
  medianWithInterval,
  sayDoRatio,
} from './operations.ts';
import { nps, wilson } from './proportions.ts';
import {
  assertSameCesScale,
  ces,
  csatTop2Box,
  netSentiment,
  npsFromHistogram,
  sentimentShares,
  shareOfVoice,
  trustRepairRatio,
  weightedShareOfVoice,
} from './trust.ts';

// Reference values computed once with SciPy 1.17.1 (Python 3):
// mix shift: scipy.stats.chi2_contingency([[120, 60, 20], [80, 90, 30]], correction=False);
// median interval: scipy.stats.quantile_test(x, q=median, p=0.5).confidence_interval(0.95).

describe('survey metrics', () => {
  it('should compute CSAT top-2-box with Wilson (research §2.2: 41/50 → 69.2 % to 90.2 %)', () => {
    const r = csatTop2Box({ 1: 2, 2: 3, 3: 4, 4: 20, 5: 21 })!;
    expect(r.x).toBe(41);
    expect(r.n).toBe(50);
    expect(r.lower).toBeCloseTo(0.6920394632569922, 12);
    expect(r.upper).toBeCloseTo(0.9022980732976582, 12);
    expect(csatTop2Box({})).toBeNull();
    expect(() => csatTop2Box({ 6: 1 })).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should bucket a 0–10 histogram into promoters, passives and detractors', () => {
    const r = npsFromHistogram({ 0: 10, 5: 40, 6: 50, 7: 60, 8: 60, 9: 100, 10: 80 })!;
    expect(r).toEqual(nps({ promoters: 180, passives: 120, detractors: 100 }));
    expect(() => npsFromHistogram({ 11: 1 })).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should summarize CES per instrument and refuse to mix versions', () => {
    const two = ces({ version: 'ces2', points: 7 }, { 1: 1, 3: 2, 4: 2, 5: 3, 6: 4, 7: 3 });
    expect(two.n).toBe(15);
    expect(two.easy!.x).toBe(10);
    expect(two.mean!.estimate).toBeCloseTo((1 + 6 + 8 + 15 + 24 + 21) / 15, 12);
    const one = ces({ version: 'ces1', points: 5 }, { 1: 4, 2: 3, 3: 2, 5: 1 });
    expect(one.easy!.x).toBe(7);
    expect(() => assertSameCesScale(one.scale, two.scale)).toThrow(/different instruments/);
    expect(() => assertSameCesScale(two.scale, { version: 'ces2', points: 5 })).toThrow(
      /different instruments/,
    );
    expect(() => ces({ version: 'ces2', points: 5 }, { 7: 1 })).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });
});

describe('Trust Repair Ratio', () => {
  it('should measure the share of the drop recovered, either way the scale points', () => {
    expect(trustRepairRatio(5.5, 3.5, 4.5)).toEqual({
      status: 'ok',
      ratio: 0.5,
      direction: 'higher_is_better',
    });
    expect(trustRepairRatio(5.5, 3.5, 5.5).ratio).toBe(1);
    expect(trustRepairRatio(5.5, 3.5, 3).ratio).toBe(-0.25);
    // Distrust: lower is better, the trough is a peak.
    expect(trustRepairRatio(2, 5, 3, { higherIsBetter: false })).toEqual({
      status: 'ok',
      ratio: 2 / 3,
      direction: 'lower_is_better',
    });
  });

  it('should be undefined when there was no drop', () => {
    expect(trustRepairRatio(4, 4, 5).status).toBe('no_drop');
    expect(trustRepairRatio(4, 4.5, 5).status).toBe('no_drop');
    expect(trustRepairRatio(2, 1, 1, { higherIsBetter: false }).status).toBe('no_drop');
    expect(trustRepairRatio(4, 3.95, 4, { minDrop: 0.1 }).status).toBe('no_drop');
    expect(() => trustRepairRatio(Number.NaN, 1, 2)).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});

describe('sentiment and perception', () => {
  it('should give each sentiment share with a Wilson interval', () => {
    const r = sentimentShares({ positive: 19, neutral: 0, negative: 1 });
    expect(r.n).toBe(20);
    expect(r.positive!.lower).toBeCloseTo(0.763868806553258, 12);
    expect(r.mixed!.x).toBe(0);
  });

  it('should compute each net sentiment definition', () => {
    const c = { positive: 180, neutral: 120, negative: 100 };
    const all = netSentiment(c, 'all')!;
    expect(all.estimate).toBeCloseTo(20, 10);
    expect(all.lower).toBeCloseTo(11.924776564419988, 10); // same arithmetic as NPS
    const polar = netSentiment(c, 'polar')!;
    expect(polar.estimate).toBeCloseTo((100 * 80) / 280, 10);
    const w = wilson(180, 280)!;
    expect(polar.lower).toBeCloseTo(100 * (2 * w.lower - 1), 10);
    expect(netSentiment(c, 'positive_ratio')!.estimate).toBeCloseTo((100 * 180) / 280, 10);
    expect(netSentiment({ positive: 0, neutral: 4, negative: 0 }, 'polar')).toBeNull();
    expect(() => netSentiment(c, 'bogus' as never)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should compute share of voice against named peers', () => {
    const r = shareOfVoice(41, { rival: 6, other: 3 });
    expect(r.total).toBe(50);
    expect(r.own!.lower).toBeCloseTo(0.6920394632569922, 12);
    expect(r.peers).toEqual({ rival: 0.12, other: 0.06 });
    expect(weightedShareOfVoice(3000, { rival: 1000 })).toBe(0.75);
    expect(weightedShareOfVoice(0, {})).toBeNull();
  });
});

describe('operational metrics', () => {
  it('should give the median time to resolve with the order-statistic interval of SciPy', () => {
    const x = [12.5, 3, 7, 40, 22, 9, 15, 5.5, 30, 18, 11, 26, 8, 14, 60, 19, 4, 21, 10, 16];
    const r = medianWithInterval(x)!;
    expect(r.estimate).toBe(14.5);
    expect(r.lower).toBe(9);
    expect(r.upper).toBe(21);
    expect(r.coverage).toBeGreaterThanOrEqual(0.95);
    expect(medianWithInterval([])).toBeNull();
    expect(medianWithInterval([1, 2, 3])).toMatchObject({ estimate: 2, lower: 1, upper: 3 });
  });

  it('should report time to first response and who disclosed first', () => {
    expect(firstResponse('2026-03-01T00:00:00Z', '2026-03-02T12:00:00Z', 'organization')).toEqual({
      hoursToFirstResponse: 36,
      disclosedFirst: true,
    });
    expect(firstResponse('2026-03-01T00:00:00Z', '2026-03-01T06:00:00Z', 'media').disclosedFirst).toBe(false);
    expect(firstResponse('2026-03-01T00:00:00Z', null, null)).toEqual({
      hoursToFirstResponse: null,
      disclosedFirst: null,
    });
    expect(() => firstResponse('2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z', 'organization')).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });

  it('should give leadership engagements per week with a Poisson interval', () => {
    const r = leadershipVisibility(6, '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')!;
    expect(r.estimate).toBe(3);
    expect(r.exposure).toBe(2);
    expect(r.lower).toBeLessThan(3);
    expect(leadershipVisibility(0, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')).toBeNull();
  });

  it('should give say–do and completion against plan with intervals', () => {
    expect(sayDoRatio(9, 10)!.estimate).toBe(0.9);
    expect(actionCompletion(3, 4, 2).onPlan!.estimate).toBe(0.75);
    expect(actionCompletion(0, 0).onPlan).toBeNull();
  });
});

describe('baseline comparison', () => {
  it('should place the baseline window before the incident', () => {
    expect(baselineWindow('2026-04-01T00:00:00Z')).toEqual({
      from: '2026-01-07T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    expect(baselineWindow('2026-04-01T00:00:00Z', { days: 30, gapDays: 7 })).toEqual({
      from: '2026-02-23T00:00:00.000Z',
      to: '2026-03-25T00:00:00.000Z',
    });
    expect(() => baselineWindow('soon')).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('should flag a respondent mix shift that is significant and material (SciPy chi-square)', () => {
    const r = mixShift(
      { customers: 120, partners: 60, employees: 20 },
      { customers: 80, partners: 90, employees: 30 },
    )!;
    expect(r.chiSquare).toBeCloseTo(16, 10);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(0.0003354626279025119, 12);
    expect(r.tvd).toBeCloseTo(0.2, 12);
    expect(r.shifted).toBe(true);
  });

  it('should not flag a tiny shift in a huge sample, nor noise in a small one', () => {
    const big = mixShift({ a: 50_000, b: 50_000 }, { a: 51_000, b: 49_000 })!;
    expect(big.p).toBeLessThan(0.05);
    expect(big.shifted).toBe(false);
    const small = mixShift({ a: 3, b: 2 }, { a: 1, b: 4 })!;
    expect(small.tvd).toBeGreaterThan(0.1);
    expect(small.shifted).toBe(false);
    expect(mixShift({ a: 1 }, {})).toBeNull();
    expect(mixShift({ a: 4 }, { a: 9 })!.p).toBe(1);
  });
});
