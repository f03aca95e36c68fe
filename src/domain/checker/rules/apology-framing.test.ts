import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const rule = (id: string, text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === id);

describe('LANG-N3 conditional apology', () => {
  it.each([
    "We're sorry if anyone was inconvenienced.",
    'We apologize to any customers if they were affected.',
    'We regret it to the extent that anyone was harmed.',
    'If anyone was offended by the post, that was never our intent.',
  ])('fires (high) on %j', (text) => {
    const f = rule('LANG-N3', text);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
  });

  it.each([
    'We are sorry that we exposed your contact details.',
    'We are sorry, and if you need help, call us on 0800 123 456.',
    'If you were affected, please reset your password.',
    'We apologize. If you have questions, reply to this email.',
  ])('does not fire on %j', (text) => {
    expect(rule('LANG-N3', text)).toEqual([]);
  });
});

describe('LANG-N4 feelings-focused apology', () => {
  it.each([
    'We regret that some users feel let down.',
    "We're sorry you feel this way.",
    'We are sorry for how this made you feel.',
    'We regret any concern this may have caused.',
  ])('fires (high) on %j', (text) => {
    const f = rule('LANG-N4', text);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
  });

  it.each(['We are sorry that we let you down.', 'We know many of you feel let down, and you are right to.'])(
    'does not fire on %j',
    (text) => {
      expect(rule('LANG-N4', text)).toEqual([]);
    },
  );
});

describe('LANG-N6 scope-shrinking apology', () => {
  const text = 'We apologize for any inconvenience this may cause.';
  it('is high after a data breach', () => {
    expect(rule('LANG-N6', text, { kind: 'data_breach' })[0]!.severity).toBe('high');
  });
  it('is medium for a moderate outage and only informational for a minor one', () => {
    expect(rule('LANG-N6', text, { kind: 'outage', severity: 3 })[0]!.severity).toBe('medium');
    expect(rule('LANG-N6', text, { kind: 'outage', severity: 1 })[0]!.severity).toBe('info');
  });
  it.each(['Sorry for the confusion.', 'We are sorry about the disruption to your deliveries.'])(
    'fires on %j',
    (t) => {
      expect(rule('LANG-N6', t)).toHaveLength(1);
    },
  );
  it.each(['We are sorry for exposing your data.', 'The disruption lasted two hours.'])(
    'does not fire on %j',
    (t) => {
      expect(rule('LANG-N6', t)).toEqual([]);
    },
  );
});

describe('LANG-N17 outcome, not act', () => {
  it.each(['We stand by our decision but regret how it turned out.', 'We regret the outcome.'])(
    'fires on %j',
    (t) => {
      expect(rule('LANG-N17', t)).not.toEqual([]);
    },
  );
  it('does not fire on an apology for the act', () => {
    expect(rule('LANG-N17', 'We regret our decision to share this data, and we have stopped.')).toEqual([]);
  });
});
