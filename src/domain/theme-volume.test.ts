import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { MAX_BUCKETS, bucketStart, themeVolumes, themeWindow } from './theme-volume.ts';

const NOW = new Date('2026-03-11T15:00:00.000Z'); // a Wednesday

describe('theme windows', () => {
  it('should start weeks on Monday, in UTC, whatever the day', () => {
    expect(bucketStart(Date.parse('2026-03-09T00:00:00Z'), 'week')).toBe('2026-03-09'); // Monday
    expect(bucketStart(Date.parse('2026-03-15T23:59:59Z'), 'week')).toBe('2026-03-09'); // Sunday
    expect(bucketStart(Date.parse('2026-03-16T00:00:00Z'), 'week')).toBe('2026-03-16');
    expect(bucketStart(Date.parse('2026-03-11T23:59:59.999Z'), 'day')).toBe('2026-03-11');
  });

  it('should default to the last 30 days, or 12 weeks', () => {
    const days = themeWindow({}, NOW);
    expect(days).toMatchObject({ interval: 'day', to: NOW.toISOString() });
    expect(days.buckets).toHaveLength(31);
    expect(days.buckets.at(-1)).toBe('2026-03-11');
    const weeks = themeWindow({ interval: 'week' }, NOW);
    expect(weeks.buckets).toHaveLength(13);
    expect(weeks.buckets.at(-1)).toBe('2026-03-09');
  });

  it('should read a date as the start of that day for from and the end of it for to', () => {
    const w = themeWindow({ from: '2026-03-01', to: '2026-03-03' }, NOW);
    expect(w.from).toBe('2026-03-01T00:00:00.000Z');
    expect(w.to).toBe('2026-03-04T00:00:00.000Z');
    expect(w.buckets).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });

  it('should refuse an empty, backwards or too long window', () => {
    expect(() => themeWindow({ from: '2026-03-03T00:00:00Z', to: '2026-03-03T00:00:00Z' }, NOW)).toThrow(
      AppError,
    );
    expect(() => themeWindow({ from: '2026-03-04', to: '2026-03-01' }, NOW)).toThrow(/before to/);
    expect(() => themeWindow({ from: '2020-01-01', to: '2026-01-01' }, NOW)).toThrow(
      new RegExp(`more than ${MAX_BUCKETS}`),
    );
    expect(themeWindow({ from: '2020-01-01', to: '2026-01-01', interval: 'week' }, NOW).buckets.length).toBe(
      314,
    );
  });
});

describe('theme volumes', () => {
  const window = themeWindow({ from: '2026-03-01', to: '2026-03-03' }, NOW);

  it('should fill quiet buckets with zeros, put the largest theme first and compute the negative share', () => {
    const v = themeVolumes(
      [
        { theme: 'Support', bucket: '2026-03-01', count: 1, negative: 0 },
        { theme: 'Compensation', bucket: '2026-03-01', count: 2, negative: 2 },
        { theme: 'Compensation', bucket: '2026-03-03', count: 1, negative: 0 },
        { theme: 'Support', bucket: '2026-02-27', count: 9, negative: 9 }, // outside the window
      ],
      window,
    );
    expect(v).toEqual([
      {
        theme: 'Compensation',
        total: 3,
        negative: 2,
        negativeShare: 0.667,
        series: [
          { bucket: '2026-03-01', count: 2 },
          { bucket: '2026-03-02', count: 0 },
          { bucket: '2026-03-03', count: 1 },
        ],
      },
      {
        theme: 'Support',
        total: 1,
        negative: 0,
        negativeShare: 0,
        series: [
          { bucket: '2026-03-01', count: 1 },
          { bucket: '2026-03-02', count: 0 },
          { bucket: '2026-03-03', count: 0 },
        ],
      },
    ]);
  });
});
