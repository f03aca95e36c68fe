import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKER_RULES, checkStatement, hasBlocking } from './index.ts';
import type { CheckContext } from './types.ts';
import { CLUSTERS, CULPABILITIES, STAGES, VIOLATION_TYPES } from '../../shared/enums.ts';

const PHRASES = [
  "We're sorry if anyone was inconvenienced.",
  'Mistakes were made.',
  'Customer records were exposed.',
  'Only a small subset of users was affected for a brief period.',
  'This was a highly sophisticated, unprecedented attack.',
  "The outage was caused by our vendor's faulty update.",
  'These reports are misleading and baseless.',
  'We take your privacy extremely seriously.',
  "We can't comment on an ongoing matter.",
  'We are committed to doing better going forward.',
  'We hope we can all put this behind us.',
  'We failed to apply a security patch we knew about.',
  'We will reset every password by Friday.',
  'We have reset all passwords.',
  'The breach affected 48,000 employees.',
  'Please reset your password at https://example.com.',
  '\u201cWe\u2019re sorry\u201d \u2014 \u{1F600} caf\u00e9 na\u00efve.',
  '- We will add MFA by 1 April\n# Heading',
];

const context = fc.record({
  cluster: fc.constantFrom(...CLUSTERS),
  culpability: fc.constantFrom(...CULPABILITIES),
  stage: fc.constantFrom(...STAGES),
  violationTypes: fc.subarray([...VIOLATION_TYPES]),
  severity: fc.integer({ min: 1, max: 5 }),
  evidenceAttached: fc.boolean(),
  externalCauseVerified: fc.boolean(),
}) as fc.Arbitrary<CheckContext>;

const statement = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc
    .array(fc.oneof(fc.constantFrom(...PHRASES), fc.constantFrom(' ', '\n', '\n\n', '  ')), { maxLength: 30 })
    .map((a) => a.join('')),
);

describe('checkStatement', () => {
  it('every finding slices out exactly its text, within the input, for any text and context', () => {
    fc.assert(
      fc.property(statement, context, (text, ctx) => {
        const r = checkStatement(text, {
          ...ctx,
          record: {
            actions: [],
            commitments: [],
            links: [],
            priorStatements: [
              {
                id: 'p',
                audience: 'public',
                publishedAt: '2026-03-01T00:00:00Z',
                text: 'No data was accessed. 40,000 employees.',
              },
            ],
            now: '2026-03-04T10:00:00Z',
          },
        });
        for (const f of r.findings) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(f.start, f.end)).toBe(f.text);
          expect(f.message.length).toBeGreaterThan(0);
          expect(f.suggestion.length).toBeGreaterThan(0);
          expect(f.citation.length).toBeGreaterThan(0);
        }
        for (const c of r.credits) expect(text.slice(c.start, c.end)).toBe(c.text);
        expect(r.apology.score).toBeGreaterThanOrEqual(0);
        expect(r.apology.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('orders findings by position and counts them by severity', () => {
    const r = checkStatement(PHRASES.slice(0, 12).join(' '), { cluster: 'preventable' });
    const starts = r.findings.map((f) => f.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(r.counts.high).toBe(r.findings.filter((f) => f.severity === 'high').length);
    expect(hasBlocking(r)).toBe(true);
    expect(r.posture).toEqual({ posture: 'rebuild', rule: 'SCCT-A5' });
  });

  it('covers the rules the issue requires, each with a citation', () => {
    const ids = CHECKER_RULES.map((r) => r.id);
    for (const n of [1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 20, 21]) expect(ids).toContain(`LANG-N${n}`);
    for (let p = 1; p <= 10; p++) expect(ids).toContain(`LANG-P${p}`);
    expect(CHECKER_RULES.every((r) => r.citation.length > 10)).toBe(true);
  });

  it('a clean, complete statement has no high finding', () => {
    const text =
      'On 3 March we found that we had exposed the names and email addresses of 4,200 customers. We are sorry. ' +
      'We failed to apply a security patch we knew about. This happened because our patch process had no owner.\n\n' +
      'Please reset your password at https://example.com/reset. By 15 March, every affected account will get 24 months of free identity monitoring. ' +
      'An independent firm will audit our access controls and we will publish its findings by 30 April.\n\n' +
      'We will post an update every Friday. Tell us what we missed: our incident team reads every reply.';
    const r = checkStatement(text, {
      cluster: 'preventable',
      culpability: 'established',
      violationTypes: ['competence'],
      stage: 'diagnose',
      kind: 'data_breach',
    });
    expect(r.findings.filter((f) => f.severity === 'high')).toEqual([]);
    expect(r.apology.missing).toEqual(['repentance']);
  });
});
