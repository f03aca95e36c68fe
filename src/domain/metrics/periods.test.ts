import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, bucketStart, hourOf, readPlan } from './periods.ts';

describe('periods', () => {
  it('should name days, ISO weeks and hours in UTC', () => {
    expect(bucketOf('2025-01-12T23:59:00.000Z', 'week')).toBe('2025-01-06');
    expect(hourOf('2025-01-12T23:59:59.999Z')).toBe('2025-01-12T23');
    expect(bucketStart('2025-01-12T23')).toBe('2025-01-12T23:00:00.000Z');
    expect(bucketStart('2025-01-12')).toBe('2025-01-12T00:00:00.000Z');
  });

  it('should read whole days from days, the cut days by the hour and only partial hours raw', () => {
    expect(readPlan('2025-01-01T10:30:00.000Z', '2025-01-04T02:15:00.000Z')).toEqual({
      days: [{ from: '2025-01-02', to: '2025-01-04' }],
      hours: [
        { from: '2025-01-01T11', to: '2025-01-02T00' },
        { from: '2025-01-04T00', to: '2025-01-04T02' },
      ],
      raw: [
        { from: '2025-01-01T10:30:00.000Z', to: '2025-01-01T11:00:00.000Z' },
        { from: '2025-01-04T02:00:00.000Z', to: '2025-01-04T02:15:00.000Z' },
      ],
    });
    // Ending now: the current hour is read whole from the hourly rollup.
    expect(readPlan('2025-01-01T00:00:00.000Z', '2025-01-03T05:20:00.000Z', true)).toEqual({
      days: [{ from: '2025-01-01', to: '2025-01-03' }],
      hours: [
        { from: '2025-01-03T00', to: '2025-01-03T05' },
        { from: '2025-01-03T05', to: '2025-01-03T06' },
      ],
      raw: [],
    });
    expect(readPlan('2025-01-01T05:10:00.000Z', '2025-01-01T05:20:00.000Z')).toEqual({
      days: [],
      hours: [],
      raw: [{ from: '2025-01-01T05:10:00.000Z', to: '2025-01-01T05:20:00.000Z' }],
    });
    expect(readPlan('2025-01-02T00:00:00.000Z', '2025-01-01T00:00:00.000Z')).toEqual({
      days: [],
      hours: [],
      raw: [],
    });
  });

  it('should cover every instant of the window exactly once', () => {
    const t0 = Date.parse('2025-01-01T00:00:00.000Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        fc.array(fc.integer({ min: -86_400_000, max: 16 * 86_400_000 }), { maxLength: 30 }),
        (a, len, probes) => {
          const from = new Date(t0 + a).toISOString();
          const to = new Date(t0 + a + len).toISOString();
          const plan = readPlan(from, to);
          for (const p of probes) {
            const at = new Date(t0 + p).toISOString();
            const day = at.slice(0, 10);
            const hour = hourOf(at);
            const hits =
              plan.days.filter((d) => day >= d.from && day < d.to).length +
              plan.hours.filter((h) => hour >= h.from && hour < h.to).length +
              plan.raw.filter((r) => at >= r.from && at < r.to).length;
            expect(hits).toBe(at >= from && at < to ? 1 : 0);
          }
        },
      ),
    );
  });
});

describe('periods of timestamps in other forms', () => {
  it('should read the same day and hour from an offset or a bare date as from UTC text', () => {
    expect(hourOf('2025-01-12T01:30:00+02:00')).toBe('2025-01-11T23');
    expect(bucketOf('2025-01-12T01:30:00+02:00', 'day')).toBe('2025-01-11');
    expect(hourOf('2025-01-12T01:30:00Z')).toBe('2025-01-12T01');
    expect(bucketOf('2025-01-12', 'day')).toBe('2025-01-12');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          const shifted = new Date(d.getTime()).toISOString().replace('Z', '+00:00');
          expect(hourOf(iso)).toBe(hourOf(shifted));
          expect(bucketOf(iso, 'day')).toBe(bucketOf(shifted, 'day'));
        },
      ),
    );
  });
});
