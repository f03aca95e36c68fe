/**
 * `npm run bench:checker` — the statement checker on a 1,000-word statement (target: under 100 ms),
 * against retext's English parse of the same text in the same run (the floor any retext-based
 * checker pays). A benchmark, not a test: it never fails on a figure.
 *
 * `npm run bench:checker -- 500` runs 500 timed iterations (default 200).
 */
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import type { CheckContext } from '../src/domain/checker/index.ts';
import { checkStatement } from '../src/domain/checker/index.ts';

const ITERATIONS = Number(process.argv[2] ?? 200);

// A statement mixing what real updates contain: defensive phrases, apology components, promises with
// dates, claims, figures and Markdown lists, so every rule family has work to do.
const PARAGRAPHS = [
  'On 3 March we found that a storage bucket holding payroll exports was readable from the internet for 11 days. It contained the names, addresses and bank account numbers of 48,000 employees at 312 client companies. We are sorry. We failed to review a configuration change that made the bucket public, and we let you down.',
  'Mistakes were made in the review process, and customer records were exposed. Only a small subset of users was affected for a brief period. This was not a highly sophisticated attack; it was our error.',
  'This happened because storage changes could be merged without a second reviewer, and no automated check watched bucket policies. We take your privacy extremely seriously, and we know that words are not enough.',
  'What we are doing:\n- We have blocked public access on every storage bucket we operate.\n- By 15 March, every affected employee will get 24 months of free identity monitoring.\n- We will require a second reviewer for every infrastructure change by 31 March.\n- An independent firm will audit our access controls and we will publish its findings by 30 April.',
  'Please reset your online banking password and watch for unexpected payments. Call our helpline on 0800 123 4567 or visit https://help.example.com/incident if you have questions. We will post an update every Friday until every action is done.',
  "We can't comment on the regulator's review while it is open, but we will share its outcome. We are committed to doing better going forward. Tell us what we missed: our incident team reads every reply.",
];

function statementOf(words: number): string {
  const out: string[] = [];
  let count = 0;
  for (let i = 0; count < words; i++) {
    const p = PARAGRAPHS[i % PARAGRAPHS.length]!;
    out.push(p);
    count += p.split(/\s+/).length;
  }
  return out.join('\n\n');
}

const text = statementOf(1000);
const wordCount = text.split(/\s+/).filter(Boolean).length;

const context: CheckContext = {
  cluster: 'preventable',
  violationTypes: ['competence', 'integrity'],
  culpability: 'established',
  stage: 'reform',
  kind: 'data_breach',
  severity: 5,
  record: {
    actions: Array.from({ length: 12 }, (_, i) => ({
      id: `a${i}`,
      title: [
        'Block public access on every storage bucket',
        'Require a second reviewer',
        'Audit access controls',
      ][i % 3]!,
      status: i % 4 === 0 ? 'done' : 'in_progress',
      dueAt: '2026-04-15T00:00:00.000Z',
    })),
    commitments: Array.from({ length: 8 }, (_, i) => ({
      id: `c${i}`,
      text: 'We will require a second reviewer for every infrastructure change.',
      dueAt: '2026-03-31T23:59:59.000Z',
      status: 'open',
      actionIds: [`a${i}`],
    })),
    links: [
      { quote: 'We have blocked public access on every storage bucket', actionId: 'a0' },
      { quote: 'We will require a second reviewer', commitmentId: 'c1' },
    ],
    priorStatements: [
      {
        id: 's1',
        audience: 'employees',
        publishedAt: '2026-03-05T09:00:00Z',
        text: 'The exposure affected 40,000 employees. No bank details were accessed.',
      },
      {
        id: 's2',
        audience: 'public',
        publishedAt: '2026-03-06T09:00:00Z',
        text: 'We discovered the exposure on 3 March. Names and addresses were exposed.',
      },
    ],
    now: '2026-03-10T12:00:00.000Z',
  },
};

const parser = unified().use(retextEnglish).freeze();

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

function measure(name: string, fn: () => unknown) {
  for (let i = 0; i < 10; i++) fn();
  const samples = Array.from({ length: ITERATIONS }, () => time(fn));
  const r = stats(samples);
  console.log(
    `${name.padEnd(36)} median ${r.median.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms   max ${r.max.toFixed(2).padStart(7)} ms`,
  );
  return r;
}

const cold = time(() => checkStatement(text, context));
const findings = checkStatement(text, context).findings.length;
console.log(
  `statement: ${wordCount} words, ${text.length} characters, ${findings} findings; ${ITERATIONS} iterations`,
);
console.log(`first check (cold, includes JIT warm-up)  ${cold.toFixed(1)} ms`);
const parse = measure('retext parse only (baseline)', () => parser.parse(text));
measure('checker, no record', () => checkStatement(text, { ...context, record: undefined }));
const full = measure('checker with record (truth, N21)', () => checkStatement(text, context));
console.log(
  `result: checker value=${full.median.toFixed(2)} unit=ms baseline=${parse.median.toFixed(2)} ratio=${(full.median / parse.median).toFixed(2)}`,
);
