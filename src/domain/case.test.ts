import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import {
  DEFAULT_SLA_POLICY,
  allowedTransitions,
  assertSlaOverrides,
  caseMetrics,
  dueAlerts,
  median,
  metricsFromCounts,
  slaPolicy,
  slaState,
  transition,
} from './case.ts';
import { AppError } from './errors.ts';

const T0 = '2026-03-02T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

function aCase(over: Partial<Case> = {}): Case {
  return {
    organizationId: 'o',
    id: 'c',
    number: 7,
    incidentId: null,
    feedbackId: null,
    title: 'Refund never arrived',
    description: null,
    severity: 'high',
    status: 'new',
    assigneeId: null,
    requesterEmail: null,
    requesterName: null,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolutionNote: null,
    reopenCount: 0,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

function move(c: Case, to: Case['status'], note: string | undefined, now: string): Case {
  return { ...c, ...transition(c, to, note, now) };
}

describe('case status machine', () => {
  it('should walk the whole lifecycle, stamping each step', () => {
    let c = aCase();
    c = move(c, 'acknowledged', undefined, at(1));
    expect(c.acknowledgedAt).toBe(at(1));
    c = move(c, 'in_progress', undefined, at(2));
    expect(c.acknowledgedAt).toBe(at(1));
    c = move(c, 'resolved', '  Refund paid, apology sent  ', at(3));
    expect(c).toMatchObject({
      status: 'resolved',
      resolvedAt: at(3),
      resolutionNote: 'Refund paid, apology sent',
    });
    c = move(c, 'closed', undefined, at(4));
    expect(c).toMatchObject({ status: 'closed', closedAt: at(4), resolvedAt: at(3) });
  });

  it('should acknowledge a case when work starts or it is resolved straight away', () => {
    expect(move(aCase(), 'in_progress', undefined, at(1)).acknowledgedAt).toBe(at(1));
    expect(move(aCase(), 'resolved', 'Answered on the phone', at(2)).acknowledgedAt).toBe(at(2));
  });

  it('should reopen a resolved or closed case into progress, counting reopenings and clearing the resolution', () => {
    let c = move(aCase(), 'resolved', 'Done', at(1));
    c = move(c, 'in_progress', undefined, at(2));
    expect(c).toMatchObject({
      status: 'in_progress',
      reopenCount: 1,
      resolvedAt: null,
      resolutionNote: null,
    });
    c = move(move(c, 'resolved', 'Done again', at(3)), 'closed', undefined, at(4));
    c = move(c, 'in_progress', 'The refund bounced', at(5));
    expect(c).toMatchObject({ reopenCount: 2, closedAt: null, acknowledgedAt: at(1) });
  });

  it('should refuse to close a case that is not resolved, saying why and what is allowed', () => {
    const e = (() => {
      try {
        transition(aCase({ status: 'in_progress' }), 'closed', undefined, at(1));
      } catch (err) {
        return err as AppError;
      }
      throw new Error('not refused');
    })();
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/closed only once it is resolved/);
    expect(e.message).toMatch(/can move to: resolved/);
  });

  it('should refuse moves the machine does not know, and standing still', () => {
    expect(() => transition(aCase({ status: 'closed' }), 'resolved', 'x', at(1))).toThrow(/cannot move/);
    expect(() => transition(aCase({ status: 'in_progress' }), 'new', undefined, at(1))).toThrow(AppError);
    expect(() => transition(aCase(), 'new', undefined, at(1))).toThrow(/already new/);
  });

  it('should need a resolution note to resolve', () => {
    for (const note of [undefined, '', '   ']) {
      expect(() => transition(aCase(), 'resolved', note, at(1))).toThrow(
        expect.objectContaining({ code: 'validation' }),
      );
    }
  });

  it('should list the moves open from each status', () => {
    expect(allowedTransitions('resolved')).toEqual(['closed', 'in_progress']);
    expect(allowedTransitions('closed')).toEqual(['in_progress']);
  });
});

describe('SLA policy', () => {
  it('should use the documented defaults', () => {
    expect(slaPolicy({})).toEqual(DEFAULT_SLA_POLICY);
    expect(slaPolicy({}).targets.critical).toEqual({ acknowledgeHours: 1, resolveHours: 24 });
    expect(slaPolicy({}).targets.low).toEqual({ acknowledgeHours: 72, resolveHours: 336 });
  });

  it('should take an organization’s overrides and ignore malformed values', () => {
    const p = slaPolicy({
      caseSla: {
        targets: { critical: { acknowledgeHours: 0.5, resolveHours: 8 }, high: { acknowledgeHours: -1 } },
        atRiskShare: 0.25,
      },
    });
    expect(p.targets.critical).toEqual({ acknowledgeHours: 0.5, resolveHours: 8 });
    expect(p.targets.high).toEqual(DEFAULT_SLA_POLICY.targets.high);
    expect(p.atRiskShare).toBe(0.25);
    expect(slaPolicy({ caseSla: 'nonsense' }).targets).toEqual(DEFAULT_SLA_POLICY.targets);
  });

  it('should refuse an acknowledge target longer than the resolve target', () => {
    expect(() => assertSlaOverrides({ targets: { low: { acknowledgeHours: 10, resolveHours: 5 } } })).toThrow(
      /must not be longer/,
    );
  });
});

describe('derived SLA state with a fixed clock', () => {
  const policy = DEFAULT_SLA_POLICY;

  it('should give due times from the opening and severity', () => {
    const s = slaState(aCase({ severity: 'critical' }), policy, at(0.25));
    expect(s).toMatchObject({
      ackDueAt: at(1),
      resolveDueAt: at(24),
      breached: false,
      atRisk: false,
      clock: 'acknowledge',
      remainingMs: 0.75 * 3_600_000,
    });
  });

  it('should be at risk with less than 20% of the running target left, then breached', () => {
    const c = aCase({ severity: 'high' }); // 4 h to acknowledge
    expect(slaState(c, policy, at(3.1)).atRisk).toBe(false); // 0.9 h left of 4 h = 22.5%
    expect(slaState(c, policy, at(3.3))).toMatchObject({ atRisk: true, breached: false });
    expect(slaState(c, policy, at(4.5))).toMatchObject({
      atRisk: false,
      breached: true,
      ackBreached: true,
      remainingMs: -0.5 * 3_600_000,
    });
  });

  it('should switch to the resolve clock once acknowledged, remembering a late acknowledgement', () => {
    const c = aCase({ severity: 'high', status: 'acknowledged', acknowledgedAt: at(5) });
    const s = slaState(c, policy, at(6));
    expect(s).toMatchObject({ clock: 'resolve', ackBreached: true, resolveBreached: false, breached: true });
    expect(s.remainingMs).toBe(66 * 3_600_000);
  });

  it('should freeze the flags when resolved: no clock runs', () => {
    const onTime = aCase({ status: 'resolved', acknowledgedAt: at(1), resolvedAt: at(70) });
    expect(slaState(onTime, policy, at(1000))).toMatchObject({
      breached: false,
      remainingMs: null,
      clock: null,
    });
    const late = aCase({ status: 'closed', acknowledgedAt: at(1), resolvedAt: at(73), closedAt: at(74) });
    expect(slaState(late, policy, at(1000))).toMatchObject({ resolveBreached: true, breached: true });
  });

  it('should recompute when the severity changes', () => {
    const c = aCase({ severity: 'low', status: 'acknowledged', acknowledgedAt: at(1) });
    expect(slaState(c, policy, at(30)).breached).toBe(false);
    expect(slaState({ ...c, severity: 'critical' }, policy, at(30))).toMatchObject({
      breached: true,
      resolveDueAt: at(24),
    });
  });

  it('should count the resolve clock from the opening, through a reopening', () => {
    const reopened = aCase({ status: 'in_progress', acknowledgedAt: at(1), reopenCount: 1 });
    expect(slaState(reopened, policy, at(80)).resolveBreached).toBe(true);
  });

  it('should name the alerts a case is due', () => {
    expect(dueAlerts(aCase(), policy, at(3))).toEqual([]);
    expect(dueAlerts(aCase(), policy, at(5))).toEqual([{ kind: 'ack_breach', dueAt: at(4) }]);
    expect(dueAlerts(aCase(), policy, at(73))).toEqual([
      { kind: 'ack_breach', dueAt: at(4) },
      { kind: 'resolve_breach', dueAt: at(72) },
    ]);
    // Acknowledged late: the acknowledge alert is moot once someone picked it up.
    expect(dueAlerts(aCase({ status: 'acknowledged', acknowledgedAt: at(5) }), policy, at(6))).toEqual([]);
    expect(dueAlerts(aCase({ status: 'resolved', resolvedAt: at(80) }), policy, at(90))).toEqual([]);
  });
});

describe('resolution figures', () => {
  it('should take the median of odd and even lists', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('should compute rates against hand-computed values', () => {
    const policy = DEFAULT_SLA_POLICY;
    const cases = [
      // medium: resolved in 10 h, on time.
      aCase({ id: 'a', severity: 'medium', status: 'resolved', acknowledgedAt: at(1), resolvedAt: at(10) }),
      // critical: resolved in 30 h, late (24 h).
      aCase({ id: 'b', severity: 'critical', status: 'closed', acknowledgedAt: at(0.5), resolvedAt: at(30) }),
      // high: reopened, opened 5 h before now and acknowledged in time: pending.
      aCase({
        id: 'c',
        severity: 'high',
        status: 'in_progress',
        createdAt: at(75),
        acknowledgedAt: at(76),
        reopenCount: 1,
      }),
      // low: open, never acknowledged, 80 h in: breached (72 h).
      aCase({ id: 'd', severity: 'low' }),
      // low: acknowledged in 2 h, resolved in 20 h: met.
      aCase({ id: 'e', severity: 'low', status: 'resolved', acknowledgedAt: at(2), resolvedAt: at(20) }),
    ];
    const m = caseMetrics(cases, policy, at(80));
    expect(m).toEqual({
      opened: 5,
      open: 2,
      resolved: 3,
      reopened: 1,
      resolutionRate: 3 / 5,
      medianTimeToResolveMs: 20 * 3_600_000,
      sla: { met: 2, breached: 2, pending: 1, complianceRate: 0.5 },
    });
    expect(
      metricsFromCounts({ opened: 0, open: 0, resolved: 0, reopened: 0, met: 0, breached: 0 }, null),
    ).toMatchObject({ resolutionRate: null, sla: { complianceRate: null } });
  });
});
