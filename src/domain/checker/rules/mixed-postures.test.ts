import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';
import type { CheckContext } from '../types.ts';

const n20 = (text: string, ctx: CheckContext = {}) =>
  checkStatement(text, ctx).findings.filter((f) => f.rule === 'LANG-N20');

describe('LANG-N20 mixed postures (SCCT-A8, via the advisor)', () => {
  it('is high when a denial and an apology share a paragraph', () => {
    const f = n20('The report is false. We sincerely apologize to those affected.');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.text).toBe('report is false');
  });

  it('is medium when they are in different paragraphs', () => {
    const f = n20('The report is false.\n\nWe sincerely apologize to those affected.');
    expect(f[0]!.severity).toBe('medium');
  });

  it('catches scapegoating mixed with compensation', () => {
    const f = n20("The outage was caused by our vendor's faulty update. Every customer gets a refund.", {
      cluster: 'accidental',
    });
    expect(f).toHaveLength(1);
  });

  it('does not fire for a pure apology, or for a pure denial', () => {
    expect(
      n20('We are sorry that we exposed your data. We will refund every affected customer by 1 May.'),
    ).toEqual([]);
    expect(
      n20('These claims are false. An independent audit found no access to customer data.', {
        culpability: 'disproved',
        evidenceAttached: true,
      }),
    ).toEqual([]);
  });

  it('does not count a verified supplier cause as a denial', () => {
    const text =
      "The outage was caused by our cloud provider's failure. We are sorry for the disruption to your work.";
    expect(n20(text, { cluster: 'accidental', externalCauseVerified: true })).toEqual([]);
  });
});
