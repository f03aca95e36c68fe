/**
 * `npm run bench:analysis` — feedback analytics throughput (sentiment, language, themes), in
 * process, on a deterministic corpus of varied texts; the baseline is wink-nlp tokenizing the same
 * texts with no pipeline at all, in the same run. Then the whole worker step on SQLite: analysing
 * pending rows and writing the results, batch by batch. A benchmark, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { testConfig } from '../src/config/env.ts';
import { createServices } from '../src/container.ts';
import { analyse, loadLanguageDetector } from '../src/domain/analysis.ts';
import type { Feedback } from '../src/domain/feedback.ts';
import { connect } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { SYSTEM } from '../test/factories.ts';
import { newId } from '../src/store/ids.ts';

const N = Number(process.argv[2] ?? 50_000);

const OPENINGS = ['', 'Honestly, ', 'Thanks, but ', 'Again: ', 'To be fair, ', 'Frankly, '];
const BODIES = [
  'where is my refund? I have been waiting for three weeks',
  'the breach notice was very clear and arrived quickly',
  'I no longer trust you with my bank details',
  'your helpline never answered and the app is still slow',
  'the credit monitoring offer is a sensible first step',
  'you lied about what was exposed and nobody cares',
  'the password reset worked and support was helpful',
  'merci pour la mise à jour, mais je veux un remboursement',
  'warum hat es so lange gedauert, bis Sie uns informiert haben',
  'the update said nothing about my salary data',
];
const ENDINGS = ['.', '!', ' — please fix it.', ' and I want answers.', '?', ' Thank you.'];

/** The i-th text of the corpus: the same corpus on every run. */
function textAt(i: number): string {
  return `${OPENINGS[i % 6]}${BODIES[Math.floor(i / 6) % 10]}${ENDINGS[Math.floor(i / 60) % 6]} (#${i})`;
}

function timed(label: string, fn: (t: string) => unknown): number {
  for (let i = 0; i < 2_000; i++) fn(textAt(i)); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < N; i++) fn(textAt(i));
  const perSecond = N / ((performance.now() - t0) / 1000);
  console.log(`${label}: ${perSecond.toFixed(0)} texts/s`);
  return perSecond;
}

await loadLanguageDetector();
const bare = winkNLP(model, []);
console.log(`bench:analysis — ${N} texts, Node ${process.version}`);
const baseline = timed('baseline (wink-nlp tokenizing only)', (t) => bare.readDoc(t).tokens().length());
const rate = timed('analyse (sentiment + language + themes)', (t) => analyse(t));

// The worker step end to end: pending rows read, analysed and written, on SQLite.
const dir = mkdtempSync(join(tmpdir(), 'amends-bench-analysis-'));
try {
  const conn = connect(`sqlite:${join(dir, 'amends.sqlite')}`);
  await migrateToLatest(conn);
  const s = createServices(testConfig(), conn);
  const org = await s.accounts.createOrganization(SYSTEM, { slug: 'bench', name: 'Bench' });
  const at = new Date().toISOString();
  const rows: Feedback[] = Array.from({ length: N }, (_, i) => ({
    organizationId: org.id,
    id: newId(),
    incidentId: null,
    channel: 'form',
    audience: 'customers',
    text: textAt(i),
    ratings: {},
    contactEmail: null,
    contactName: null,
    consent: false,
    source: null,
    sourceId: null,
    clientHash: null,
    redacted: false,
    sentiment: null,
    sentimentScore: null,
    language: null,
    themes: [],
    analysedAt: null,
    loopClosedAt: null,
    createdAt: at,
    version: 1,
  }));
  await s.store.transaction((tx) => tx.feedback.insertMany(rows));
  const t0 = performance.now();
  let done = 0;
  for (let n; (n = await s.feedback.analysePending(1_000)) > 0;) done += n;
  const worker = done / ((performance.now() - t0) / 1000);
  console.log(`worker step on SQLite (read, analyse, write results): ${worker.toFixed(0)} texts/s`);
  await conn.db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `result: analysis value=${rate.toFixed(0)} unit=texts/s baseline=${baseline.toFixed(0)} ratio=${(rate / baseline).toFixed(3)}`,
);
