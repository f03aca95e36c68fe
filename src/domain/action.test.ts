import { describe, expect, it } from 'vitest';
import type { CorrectiveAction } from './action.ts';
import { changeStatus, isOverdue } from './action.ts';

const NOW = '2026-03-10T12:00:00.000Z';
const action = (over: Partial<CorrectiveAction> = {}): CorrectiveAction => ({
  id: 'a',
  organizationId: 'o',
  incidentId: 'i',
  title: 'T',
  description: null,
  kind: 'process',
  repairLogic: 'distrust_regulation',
  dimensions: [],
  rootCauseIds: [],
  owner: null,
  sponsor: null,
  dueAt: null,
  status: 'planned',
  statusReason: null,
  startedAt: null,
  doneAt: null,
  verifiedAt: null,
  verificationMethod: null,
  verification: null,
  evidence: [],
  isPublic: true,
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});
const check = { metric: 'm', target: 't', result: 'r', evidence: [] };

describe('action status machine', () => {
  it('should walk planned → in progress → done → verified, stamping times', () => {
    const START = '2026-03-08T00:00:00.000Z';
    const started = changeStatus(action(), { status: 'in_progress' }, START);
    expect(started).toMatchObject({ status: 'in_progress', startedAt: START });
    const done = changeStatus(
      action({ ...started }),
      { status: 'done', completedAt: '2026-03-09T00:00:00.000Z' },
      NOW,
    );
    expect(done).toMatchObject({ status: 'done', doneAt: '2026-03-09T00:00:00.000Z', startedAt: START });
    const verified = changeStatus(action({ ...done }), { status: 'verified', verification: check }, NOW);
    expect(verified).toMatchObject({ status: 'verified', verifiedAt: NOW, verification: check });
  });
  it('should need a reason to drop and to reopen', () => {
    expect(() => changeStatus(action(), { status: 'dropped' }, NOW)).toThrow(/reason/);
    expect(() => changeStatus(action({ status: 'done' }), { status: 'in_progress' }, NOW)).toThrow(/reason/);
    const reopened = changeStatus(
      action({ status: 'done', doneAt: NOW }),
      { status: 'in_progress', reason: 'Fix failed' },
      NOW,
    );
    expect(reopened).toMatchObject({ status: 'in_progress', doneAt: null, statusReason: 'Fix failed' });
  });
  it('should need a verification record to verify, and refuse verifying unfinished work', () => {
    expect(() => changeStatus(action({ status: 'done' }), { status: 'verified' }, NOW)).toThrow(
      /metric, target, result/,
    );
    expect(() => changeStatus(action(), { status: 'verified', verification: check }, NOW)).toThrow(
      /cannot move from planned to verified/,
    );
  });
  it('should refuse completion before the work started, and verification before completion', () => {
    const started = action({ status: 'in_progress', startedAt: '2026-03-05T00:00:00.000Z' });
    expect(() =>
      changeStatus(started, { status: 'done', completedAt: '2026-03-04T00:00:00.000Z' }, NOW),
    ).toThrow(/before the work started/);
    const done = action({
      status: 'done',
      startedAt: '2026-03-05T00:00:00.000Z',
      doneAt: '2026-03-06T00:00:00.000Z',
    });
    expect(() =>
      changeStatus(
        done,
        { status: 'verified', verification: check, completedAt: '2026-03-05T12:00:00.000Z' },
        NOW,
      ),
    ).toThrow(/before the action was done/);
  });

  it('should refuse completion times in the future and no-op moves', () => {
    expect(() =>
      changeStatus(action(), { status: 'done', completedAt: '2030-01-01T00:00:00.000Z' }, NOW),
    ).toThrow(/future/);
    expect(() => changeStatus(action(), { status: 'planned' }, NOW)).toThrow(/already/);
  });
  it('should derive overdue only for unfinished work past its date', () => {
    expect(isOverdue(action({ dueAt: '2026-03-01T00:00:00.000Z' }), NOW)).toBe(true);
    expect(isOverdue(action({ dueAt: '2026-03-01T00:00:00.000Z', status: 'done' }), NOW)).toBe(false);
    expect(isOverdue(action({ dueAt: '2026-04-01T00:00:00.000Z' }), NOW)).toBe(false);
    expect(isOverdue(action({ dueAt: null }), NOW)).toBe(false);
  });
});
