import { describe, expect, it } from 'vitest';
import { findPositives } from './positive.ts';
import { buildDoc } from './text.ts';

const credited = (rule: string, text: string) => findPositives(buildDoc(text)).filter((c) => c.rule === rule);

const CASES: [string, string[], string[]][] = [
  [
    'LANG-P1',
    [
      'We failed to apply a security patch we knew about.',
      'This was our mistake.',
      'I take full responsibility.',
    ],
    ['The vendor failed to deliver.', 'Tell us what we missed.', 'We did not find any malware.'],
  ],
  [
    'LANG-P2',
    [
      'We apologize for exposing your contact details.',
      'I am sorry.',
      'We deeply regret exposing your data.',
    ],
    [
      "We're sorry if anyone was inconvenienced.",
      'We apologize for any inconvenience.',
      'Sorry you feel that way.',
    ],
  ],
  [
    'LANG-P3',
    [
      'This happened because a configuration change skipped review.',
      'The root cause was an expired certificate.',
    ],
    ['We are still investigating.'],
  ],
  [
    'LANG-P4',
    [
      'We have ended the practice of sharing this data with advertisers.',
      'We will no longer store card numbers.',
    ],
    ['We will keep you informed.'],
  ],
  [
    'LANG-P5',
    [
      'By 15 March, every affected account will get 24 months of free identity monitoring.',
      'We will refund the fee by 1 May.',
    ],
    ['We will make this right.', 'We will contact you.'],
  ],
  [
    'LANG-P6',
    [
      'Please reset your password.',
      'Call our helpline on 0800 123 4567.',
      'Details at https://status.example.com.',
    ],
    ['We reset the servers.'],
  ],
  [
    'LANG-P7',
    [
      'We know many of you rely on us to run payroll, and we let you down.',
      'We understand this is worrying.',
    ],
    ['The system is stable.'],
  ],
  [
    'LANG-P8',
    ['An independent firm will audit our access controls.', 'We are adding board oversight of security.'],
    ['We will work harder.'],
  ],
  [
    'LANG-P9',
    ['We will post an update every Friday until this is resolved.', 'Next update by 18:00 today.'],
    ['We updated the app.'],
  ],
  [
    'LANG-P10',
    ['Tell us what we missed: our incident team reads every reply.', 'Share your feedback on our forum.'],
    ['We read the report.'],
  ],
  ['APOL-F6', ['We ask for your forgiveness.', 'We hope you can forgive us.'], ['We will not forget this.']],
];

describe('positive patterns LANG-P1…P10 and the forgiveness request', () => {
  for (const [rule, yes, no] of CASES) {
    it.each(yes)(`${rule} credits %j`, (text) => {
      expect(credited(rule, text).length).toBeGreaterThan(0);
    });
    it.each(no)(`${rule} does not credit %j`, (text) => {
      expect(credited(rule, text)).toEqual([]);
    });
  }
});
