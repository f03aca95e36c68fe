import { describe, expect, it } from 'vitest';
import { checkStatement } from '../index.ts';

const n12 = (text: string) => checkStatement(text).findings.filter((f) => f.rule === 'LANG-N12');

describe('LANG-N12 bolstering inside an apology (paragraph level)', () => {
  it.each([
    'We are sorry. We take your privacy extremely seriously and have always led the industry.',
    'We apologize to our valued customers. Security is our top priority.',
    'I am sorry for this failure; our long track record shows we can do better.',
  ])('fires on %j', (text) => {
    expect(n12(text).length).toBeGreaterThan(0);
  });

  it('does not fire when the praise is in another paragraph than the apology', () => {
    expect(n12('We are sorry that we exposed your data.\n\nWe are proud of our engineers.')).toEqual([]);
  });

  it('does not fire without an apology or without praise', () => {
    expect(n12('We take your privacy seriously.')).toEqual([]);
    expect(n12('We are sorry that we exposed your data. We have added two-factor sign-in.')).toEqual([]);
  });
});

describe('SCCT-A9 bolstering as the only strategy', () => {
  it('warns when the statement only bolsters', () => {
    const f = checkStatement(
      'We take your privacy very seriously and have an industry-leading security team.',
      {
        cluster: 'accidental',
      },
    ).findings.filter((x) => x.rule === 'SCCT-A9');
    expect(f).toHaveLength(1);
  });
  it('does not warn in SCCT-A1 or when a base response is given', () => {
    const text = 'We take your privacy very seriously.';
    expect(checkStatement(text, { cluster: 'victim' }).findings.filter((x) => x.rule === 'SCCT-A9')).toEqual(
      [],
    );
    expect(
      checkStatement(`${text} Please reset your password.`, { cluster: 'accidental' }).findings.filter(
        (x) => x.rule === 'SCCT-A9',
      ),
    ).toEqual([]);
  });
});
