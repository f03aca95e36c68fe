import { describe, expect, it } from 'vitest';
import { checkStatement } from './index.ts';
import type { CheckRecord, RecordAction } from './types.ts';

const NOW = '2026-03-04T10:00:00.000Z'; // a Wednesday

function record(over: Partial<CheckRecord> = {}): CheckRecord {
  return { actions: [], commitments: [], links: [], priorStatements: [], now: NOW, ...over };
}

function action(over: Partial<RecordAction> = {}): RecordAction {
  return {
    id: 'a1',
    title: 'Reset all customer passwords',
    status: 'in_progress',
    dueAt: '2026-03-20T00:00:00.000Z',
    ...over,
  };
}

const truth = (text: string, r: CheckRecord, rule?: string) =>
  checkStatement(text, { record: r }).findings.filter((f) =>
    rule ? f.rule === rule : f.rule.startsWith('TRUTH') || f.rule === 'LANG-N21',
  );

describe('claims of completion against the record', () => {
  it('a claim whose linked action is not done is high', () => {
    const text = 'We have reset all passwords.';
    const f = truth(
      text,
      record({ actions: [action()], links: [{ quote: 'reset all passwords', actionId: 'a1' }] }),
    );
    expect(f.map((x) => [x.rule, x.severity, x.text])).toEqual([['TRUTH-CLAIM', 'high', 'We have reset']]);
    expect(f[0]!.data).toMatchObject({ actionId: 'a1', actionStatus: 'in_progress' });
  });

  it('a claim whose linked action is done or verified passes', () => {
    for (const status of ['done', 'verified'] as const) {
      const r = record({
        actions: [action({ status })],
        links: [{ quote: 'We have reset all passwords', actionId: 'a1' }],
      });
      expect(truth('We have reset all passwords.', r)).toEqual([]);
    }
  });

  it('a claim linked to a dropped action, or to an open commitment, is high', () => {
    const dropped = record({
      actions: [action({ status: 'dropped' })],
      links: [{ quote: 'is fixed', actionId: 'a1' }],
    });
    expect(truth('The vulnerability is fixed.', dropped, 'TRUTH-CLAIM')[0]!.severity).toBe('high');
    const open = record({
      commitments: [{ id: 'c1', text: 'Fix the vulnerability', dueAt: null, status: 'open' }],
      links: [{ quote: 'has been resolved', commitmentId: 'c1' }],
    });
    expect(truth('The issue has been resolved.', open, 'TRUTH-CLAIM')).toHaveLength(1);
  });

  it('an unlinked claim asks which action backs it, suggesting candidates', () => {
    const r = record({ actions: [action(), action({ id: 'a2', title: 'Publish the postmortem' })] });
    const f = truth('We have reset all customer passwords.', r, 'TRUTH-UNLINKED');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('medium');
    expect(f[0]!.message).toMatch(/Which action/);
    expect((f[0]!.data as { candidates: { id: string }[] }).candidates[0]!.id).toBe('a1');
  });

  it.each([
    'We will tell you once the vulnerability is fixed.',
    'The vulnerability has not been fixed yet.',
    'We are resetting passwords now.',
    'Passwords will be reset when you next sign in.',
  ])('is not a completion claim: %j', (text) => {
    expect(truth(text, record(), 'TRUTH-UNLINKED')).toEqual([]);
    expect(truth(text, record(), 'TRUTH-CLAIM')).toEqual([]);
  });

  it('truth rules run only with a record', () => {
    expect(
      checkStatement('We have reset all passwords. We will email you by Friday.').findings.map((f) => f.rule),
    ).not.toContain('TRUTH-UNLINKED');
  });
});

describe('promises against the commitments register', () => {
  it('offers to register an unlinked promise, with its text and parsed due date', () => {
    const f = truth('We will reset every password by Friday.', record(), 'TRUTH-PROMISE');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('low');
    expect(f[0]!.data).toMatchObject({
      promise: 'We will reset every password by Friday.',
      dueAt: '2026-03-06T23:59:59.999Z',
      dueText: 'Friday',
    });
  });

  it.each([
    ['We will notify every affected customer within 72 hours.', '2026-03-07T10:00:00.000Z'],
    ['We will publish the full report by 15 March.', '2026-03-15T23:59:59.999Z'],
    ['By 30 April, every affected account will get free monitoring.', '2026-04-30T23:59:59.999Z'],
    ['We will keep improving.', null],
  ])('parses the due date of %j', (text, dueAt) => {
    expect(truth(text, record(), 'TRUTH-PROMISE')[0]!.data!.dueAt).toBe(dueAt);
  });

  it('a promise linked to a commitment is registered; a different date is medium', () => {
    const commitments = [
      { id: 'c1', text: 'Reset passwords', dueAt: '2026-03-06T23:59:59.000Z', status: 'open' },
    ];
    const same = record({ commitments, links: [{ quote: 'reset every password', commitmentId: 'c1' }] });
    expect(truth('We will reset every password by Friday.', same)).toEqual([]);
    const other = record({ commitments, links: [{ quote: 'reset every password', commitmentId: 'c1' }] });
    const f = truth('We will reset every password by 5 March.', other);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['TRUTH-DATE', 'medium']]);
  });

  it("a promised date earlier than the linked action's due date is medium", () => {
    const r = record({ actions: [action()], links: [{ quote: 'reset every password', actionId: 'a1' }] });
    const f = truth('We will reset every password by Friday.', r, 'TRUTH-DATE');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('medium');
    expect(f[0]!.message).toMatch(/2026-03-06.*earlier.*2026-03-20/);
    const later = truth('We will reset every password by 25 March.', r, 'TRUTH-DATE');
    expect(later).toEqual([]);
  });

  it('the date check follows a commitment to its actions', () => {
    const r = record({
      actions: [action()],
      commitments: [{ id: 'c1', text: 'Reset', dueAt: null, status: 'open', actionIds: ['a1'] }],
      links: [{ quote: 'reset every password', commitmentId: 'c1' }],
    });
    expect(truth('We will reset every password by Friday.', r, 'TRUTH-DATE')).toHaveLength(1);
  });

  it('promising work whose action was dropped is high', () => {
    const r = record({
      actions: [action({ status: 'dropped' })],
      links: [{ quote: 'reset every password', actionId: 'a1' }],
    });
    expect(truth('We will reset every password by Friday.', r, 'TRUTH-CLAIM')[0]!.severity).toBe('high');
  });
});

describe('LANG-N21 consistency with prior statements', () => {
  const prior = (text: string, audience = 'employees') => ({
    id: 's1',
    audience,
    publishedAt: '2026-03-01T09:00:00.000Z',
    text,
  });

  it('flags an affected count that contradicts another audience’s version', () => {
    const r = record({ priorStatements: [prior('The breach affected 40,000 employees.')] });
    const f = truth('The breach affected 48,000 employees.', r, 'LANG-N21');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.text).toBe('48,000 employees');
    expect(f[0]!.data).toMatchObject({ priorStatementId: 's1', priorText: '40,000 employees' });
  });

  it.each([
    ['About 48,000 customers were affected.', 'The breach affected 48,213 customers.'],
    ['More than 40,000 users were affected.', 'The breach affected 48,000 users.'],
    ['40,000 employees were notified.', 'The breach affected 48,000 customers.'],
  ])('accepts compatible counts: %j then %j', (before, now) => {
    expect(truth(now, record({ priorStatements: [prior(before)] }), 'LANG-N21')).toEqual([]);
  });

  it('flags "no data was accessed" followed by "data was accessed"', () => {
    const r = record({ priorStatements: [prior('No data was accessed.', 'public')] });
    const f = truth('Data of 40,000 users was accessed.', r, 'LANG-N21');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/public/);
  });

  it('compares data types: a denial of one type does not contradict exposure of another', () => {
    const r = record({ priorStatements: [prior('No payment card data was accessed.')] });
    expect(truth('Names and email addresses were accessed.', r, 'LANG-N21')).toEqual([]);
    const r2 = record({ priorStatements: [prior('Names were accessed, but passwords were not affected.')] });
    expect(truth('Names and passwords were accessed.', r2, 'LANG-N21')).toHaveLength(1);
  });

  it('flags a contradicting date of detection', () => {
    const r = record({ priorStatements: [prior('We discovered the breach on 3 March.')] });
    expect(truth('We discovered the breach on 5 March.', r, 'LANG-N21')).toHaveLength(1);
    expect(truth('We discovered the breach on 3 March.', r, 'LANG-N21')).toEqual([]);
  });

  it('is low when the statement openly corrects the earlier figure', () => {
    const r = record({ priorStatements: [prior('The breach affected 40,000 employees.')] });
    const f = truth('We previously said 40,000; we now know 48,000 employees were affected.', r, 'LANG-N21');
    expect(f[0]!.severity).toBe('low');
  });
});
