import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_STATUSES } from '../shared/enums.ts';
import { deriveCommitmentStatus, isSpecific, sayDo } from './commitment.ts';

const DUE = '2026-03-10T23:59:59.999Z';
const base = {
  originalDueAt: DUE,
  actionIds: ['a1'],
  manualOutcome: null,
  manualKeptAt: null,
  dueHistory: [],
};

describe('deriveCommitmentStatus', () => {
  it('should stay open while a linked action is unfinished', () => {
    expect(deriveCommitmentStatus(base, [{ id: 'a1', status: 'in_progress', doneAt: null }]).status).toBe(
      'open',
    );
  });
  it('should be kept on time when the last linked action finished by the first due date', () => {
    const r = deriveCommitmentStatus({ ...base, actionIds: ['a1', 'a2'] }, [
      { id: 'a1', status: 'done', doneAt: '2026-03-01T00:00:00.000Z' },
      { id: 'a2', status: 'verified', doneAt: '2026-03-09T00:00:00.000Z' },
    ]);
    expect(r).toEqual({ status: 'kept_on_time', keptAt: '2026-03-09T00:00:00.000Z' });
  });
  it('should be kept late when finished after the first due date, even if renegotiated', () => {
    const r = deriveCommitmentStatus(
      {
        ...base,
        dueHistory: [{ from: DUE, to: '2026-04-01T00:00:00.000Z', explanation: 'x', at: DUE, by: 'y' }],
      },
      [{ id: 'a1', status: 'done', doneAt: '2026-03-20T00:00:00.000Z' }],
    );
    expect(r.status).toBe('kept_late');
  });
  it('should ignore dropped actions, and be broken when all of them were dropped', () => {
    const linked = [
      { id: 'a1', status: 'dropped' as const, doneAt: null },
      { id: 'a2', status: 'done' as const, doneAt: '2026-03-01T00:00:00.000Z' },
    ];
    expect(deriveCommitmentStatus({ ...base, actionIds: ['a1', 'a2'] }, linked).status).toBe('kept_on_time');
    expect(deriveCommitmentStatus(base, [linked[0]!]).status).toBe('broken');
  });
  it('should be renegotiated while pending after a due-date change', () => {
    const r = deriveCommitmentStatus(
      { ...base, dueHistory: [{ from: DUE, to: DUE, explanation: 'x', at: DUE, by: 'y' }] },
      [{ id: 'a1', status: 'planned', doneAt: null }],
    );
    expect(r.status).toBe('renegotiated');
  });
  it('should honour a manual keep only without linked actions', () => {
    const manual = {
      ...base,
      actionIds: [],
      manualOutcome: 'kept' as const,
      manualKeptAt: '2026-03-02T00:00:00.000Z',
    };
    expect(deriveCommitmentStatus(manual, []).status).toBe('kept_on_time');
    expect(deriveCommitmentStatus({ ...manual, manualKeptAt: '2026-03-12T00:00:00.000Z' }, []).status).toBe(
      'kept_late',
    );
  });
  it('should let withdrawn and broken decisions win', () => {
    const linked = [{ id: 'a1', status: 'done' as const, doneAt: '2026-03-01T00:00:00.000Z' }];
    expect(deriveCommitmentStatus({ ...base, manualOutcome: 'withdrawn' }, linked).status).toBe('withdrawn');
    expect(deriveCommitmentStatus({ ...base, manualOutcome: 'broken' }, linked).status).toBe('broken');
  });
  it('should treat a promise without a date as on time once kept', () => {
    const r = deriveCommitmentStatus({ ...base, originalDueAt: null }, [
      { id: 'a1', status: 'done', doneAt: '2030-01-01T00:00:00.000Z' },
    ]);
    expect(r.status).toBe('kept_on_time');
  });
});

describe('sayDo', () => {
  const NOW = '2026-03-15T00:00:00.000Z';
  const c = (
    status: (typeof COMMITMENT_STATUSES)[number],
    originalDueAt: string | null = DUE,
    extra = {},
  ) => ({
    status,
    dueAt: originalDueAt,
    originalDueAt,
    owner: 'A',
    verification: 'B',
    ...extra,
  });
  it('should divide kept on time by due', () => {
    const r = sayDo(
      [c('kept_on_time'), c('kept_late'), c('broken'), c('open'), c('open', '2026-04-01T00:00:00.000Z')],
      NOW,
    );
    expect(r).toMatchObject({
      total: 5,
      due: 4,
      keptOnTime: 1,
      keptLate: 1,
      broken: 1,
      overdue: 1,
      ratio: 0.25,
    });
  });
  it('should count withdrawn promises apart', () => {
    expect(sayDo([c('withdrawn'), c('kept_on_time')], NOW)).toMatchObject({ due: 1, withdrawn: 1, ratio: 1 });
  });
  it('should count a renegotiated promise as due once its first date passed', () => {
    const r = sayDo([c('renegotiated', DUE, { dueAt: '2026-04-01T00:00:00.000Z' })], NOW);
    expect(r).toMatchObject({ due: 1, overdue: 0, ratio: 0 });
  });
  it('should have no ratio when nothing is due', () => {
    expect(sayDo([c('open', '2026-04-01T00:00:00.000Z')], NOW).ratio).toBeNull();
    expect(sayDo([], NOW)).toMatchObject({ ratio: null, specificityRate: null });
  });
  it('should measure specificity as date, owner and verification', () => {
    expect(isSpecific({ dueAt: DUE, owner: 'A', verification: 'B' })).toBe(true);
    expect(isSpecific({ dueAt: null, owner: 'A', verification: 'B' })).toBe(false);
    expect(isSpecific({ dueAt: DUE, owner: ' ', verification: 'B' })).toBe(false);
    expect(sayDo([c('open'), c('open', null)], NOW).specificityRate).toBe(0.5);
  });
  it('should keep the ratio within [0, 1] and due within total', () => {
    const arb = fc.array(
      fc.record({
        status: fc.constantFrom(...COMMITMENT_STATUSES),
        originalDueAt: fc.option(fc.constantFrom('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'), {
          nil: null,
        }),
      }),
    );
    fc.assert(
      fc.property(arb, (cs) => {
        const r = sayDo(
          cs.map((x) => ({ ...x, dueAt: x.originalDueAt, owner: null, verification: null })),
          NOW,
        );
        expect(r.due).toBeLessThanOrEqual(r.total);
        expect(r.keptOnTime).toBeLessThanOrEqual(r.due);
        if (r.ratio !== null) expect(r.ratio >= 0 && r.ratio <= 1).toBe(true);
      }),
    );
  });
});
