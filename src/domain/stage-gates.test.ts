import { describe, expect, it } from 'vitest';
import type { CorrectiveAction } from './action.ts';
import type { Commitment } from './commitment.ts';
import type { RootCause } from './root-cause.ts';
import type { StageContext } from './stage-gates.ts';
import { assertTransition, readiness } from './stage-gates.ts';
import type { Stage } from '../shared/enums.ts';

const NOW = '2026-03-10T12:00:00.000Z';

function cause(over: Partial<RootCause> = {}): StageContext['rootCauses'][number] {
  return { id: 'rc1', dimensions: ['ability'], systemic: true, description: 'Missing review', ...over };
}

function action(over: Partial<CorrectiveAction> = {}): StageContext['actions'][number] {
  return {
    id: 'a1',
    title: 'Block public buckets',
    status: 'planned',
    repairLogic: 'distrust_regulation',
    dimensions: ['ability'],
    rootCauseIds: ['rc1'],
    owner: 'Dana',
    dueAt: '2026-04-01T00:00:00.000Z',
    verificationMethod: 'Scan',
    ...over,
  };
}

function commitment(over: Partial<Commitment> = {}): StageContext['commitments'][number] {
  return {
    id: 'c1',
    text: 'We will block public buckets',
    status: 'open',
    dueAt: '2026-04-01T00:00:00.000Z',
    originalDueAt: '2026-04-01T00:00:00.000Z',
    owner: 'Dana',
    verification: 'Scan report',
    actionIds: [],
    ...over,
  };
}

function ctx(stage: Stage, over: Partial<StageContext> = {}): StageContext {
  return {
    incident: { stage, investigationOwner: 'Maya', disclosedAt: '2026-03-01T00:00:00.000Z' },
    rootCauses: [],
    actions: [],
    commitments: [],
    now: NOW,
    ...over,
  };
}

const rules = (c: StageContext) => readiness(c).unmet.map((u) => u.message);

describe('GD-D1 leaving respond', () => {
  it('should need a named investigation owner', () => {
    expect(
      rules(ctx('respond', { incident: { stage: 'respond', investigationOwner: ' ', disclosedAt: NOW } })),
    ).toEqual([expect.stringMatching(/owner of the investigation/)]);
  });
  it('should need a first acknowledgement to the people affected', () => {
    expect(
      rules(
        ctx('respond', { incident: { stage: 'respond', investigationOwner: 'Maya', disclosedAt: null } }),
      ),
    ).toEqual([expect.stringMatching(/not been acknowledged/)]);
  });
  it('should pass with both', () => {
    expect(readiness(ctx('respond')).ready).toBe(true);
  });
});

describe('GD-D2 leaving diagnose', () => {
  it('should need a root cause', () => {
    expect(rules(ctx('diagnose'))).toEqual([expect.stringMatching(/No root cause/)]);
  });
  it('should warn, not block, when every cause blames individuals', () => {
    const r = readiness(ctx('diagnose', { rootCauses: [cause({ systemic: false })] }));
    expect(r.ready).toBe(true);
    expect(r.warnings[0]!.message).toMatch(/scapegoating/);
  });
});

describe('GD-D3 leaving reform', () => {
  const both = [
    action(),
    action({
      id: 'a2',
      title: 'Apology and monitoring',
      repairLogic: 'trustworthiness_demonstration',
      dimensions: ['ability'],
    }),
  ];
  it('should need a distrust-regulation action', () => {
    const c = ctx('reform', { rootCauses: [cause()], actions: [both[1]!] });
    expect(rules(c)).toEqual([expect.stringMatching(/No distrust-regulation/)]);
  });
  it('should need a trustworthiness-demonstration action', () => {
    const c = ctx('reform', { rootCauses: [cause()], actions: [both[0]!] });
    expect(rules(c)).toEqual([expect.stringMatching(/No trustworthiness-demonstration/)]);
  });
  it('should not count dropped actions', () => {
    const c = ctx('reform', {
      rootCauses: [cause()],
      actions: [both[0]!, { ...both[1]!, status: 'dropped' }],
    });
    expect(rules(c)).toEqual([expect.stringMatching(/No trustworthiness-demonstration/)]);
  });
  it('should need every implicated dimension covered', () => {
    const c = ctx('reform', { rootCauses: [cause({ dimensions: ['ability', 'integrity'] })], actions: both });
    expect(rules(c)).toEqual([expect.stringMatching(/implicates integrity/)]);
  });
  it('should need every root cause addressed', () => {
    const c = ctx('reform', {
      rootCauses: [cause(), cause({ id: 'rc2', description: 'No scanner' })],
      actions: both,
    });
    expect(rules(c)).toEqual([expect.stringMatching(/“No scanner” is not addressed/)]);
  });
  it('should need an owner, a due date and a verification method on each action', () => {
    const c = ctx('reform', {
      rootCauses: [cause()],
      actions: [action({ owner: null, dueAt: null, verificationMethod: '' }), both[1]!],
    });
    expect(rules(c)).toEqual([
      expect.stringMatching(/is missing an owner, a due date and a verification method/),
    ]);
  });
  it('should pass a complete plan', () => {
    expect(readiness(ctx('reform', { rootCauses: [cause()], actions: both })).ready).toBe(true);
  });
  it('should advise, not require, a commitment behind every action', () => {
    const unpromised = readiness(ctx('reform', { rootCauses: [cause()], actions: both }));
    expect(unpromised.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/2 actions are not behind any commitment/),
    ]);
    const promised = readiness(
      ctx('reform', {
        rootCauses: [cause()],
        actions: both,
        commitments: [commitment({ actionIds: ['a1', 'a2'] })],
      }),
    );
    expect(promised.warnings).toEqual([]);
  });
});

describe('GD-D4 leaving evaluate', () => {
  const done = [action({ status: 'done' })];
  it('should not close with an open commitment', () => {
    expect(rules(ctx('evaluate', { actions: done, commitments: [commitment()] }))).toEqual([
      expect.stringMatching(/still open/),
    ]);
  });
  it('should close with withdrawn or renegotiated commitments', () => {
    const c = ctx('evaluate', {
      actions: done,
      commitments: [commitment({ status: 'withdrawn' }), commitment({ id: 'c2', status: 'renegotiated' })],
    });
    expect(readiness(c).ready).toBe(true);
  });
  it('should not close with unfinished actions, but ignore dropped ones', () => {
    expect(rules(ctx('evaluate', { actions: [action({ status: 'in_progress' })] }))).toEqual([
      expect.stringMatching(/is in progress/),
    ]);
    expect(readiness(ctx('evaluate', { actions: [action({ status: 'dropped' })] })).ready).toBe(true);
  });
  it('should warn when the say–do ratio is under 90%', () => {
    const r = readiness(
      ctx('evaluate', {
        actions: done,
        commitments: [commitment({ status: 'kept_on_time' }), commitment({ id: 'c2', status: 'kept_late' })],
      }),
    );
    expect(r.ready).toBe(true);
    expect(r.warnings[0]!.message).toMatch(/say–do ratio is 50%/);
  });
});

describe('assertTransition', () => {
  it('should refuse with every unmet guard, each with a rule id and remedy', () => {
    try {
      assertTransition(
        ctx('respond', { incident: { stage: 'respond', investigationOwner: null, disclosedAt: null } }),
        'diagnose',
        undefined,
      );
      expect.unreachable();
    } catch (e: any) {
      expect(e.code).toBe('transition_refused');
      expect(e.errors).toHaveLength(2);
      expect(
        e.errors.every((x: { rule: string; remedy: string }) => x.rule === 'GD-D1' && x.remedy.length > 0),
      ).toBe(true);
    }
  });
  it('should refuse skipping a stage and staying put', () => {
    expect(() => assertTransition(ctx('respond'), 'reform', undefined)).toThrow(/one stage at a time/);
    expect(() => assertTransition(ctx('respond'), 'respond', undefined)).toThrow(/already/);
  });
  it('should move back one stage only with a reason', () => {
    expect(() => assertTransition(ctx('reform'), 'diagnose', undefined)).toThrow(/needs a reason/);
    expect(() => assertTransition(ctx('reform'), 'diagnose', 'New facts')).not.toThrow();
    expect(() => assertTransition(ctx('reform'), 'respond', 'New facts')).toThrow(/back one stage/);
  });
  it('should report nothing to do from closed', () => {
    expect(readiness(ctx('closed'))).toEqual({ next: null, ready: false, unmet: [], warnings: [] });
  });
});
