/**
 * `npm run bench:metrics [responses]` — the incident dashboard over a large deterministic dataset
 * on SQLite: one incident with 1,000,000 survey responses (NPS, CSAT, CES and three integrity
 * items each), 200,000 feedback items and 50,000 cases, written straight to the database in big
 * multi-row transactions, then rolled up as migration 0011 rolls up existing rows. Then the
 * median latency of the incident dashboard endpoint over HTTP (and of the service call under it)
 * against one hand-written SQL aggregate over the same rows (the NPS histogram), in the same run.
 * `BENCH_METRICS_DB=/path/file.db` keeps the generated database and reuses it next time.
 * A benchmark, not a test. Prints `result: metrics value=<median ms> unit=ms baseline=<ms> ratio=<x>`.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../src/config/env.ts';
import { createServices } from '../src/container.ts';
import { connect } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { rebuildRollups } from '../src/store/rollup.repository.ts';
import { sql } from 'kysely';
import { SYSTEM, makeIncident, makeOrg, makeToken } from '../test/factories.ts';
import { buildApp } from '../src/server/app.ts';
import { TIME_BUCKET_MS } from '../src/server/read-cache.ts';
import { insertInstrument, insertSurvey } from '../test/metrics-fixtures.ts';

const RESPONSES = Number(process.argv[2] ?? 1_000_000);
const FEEDBACK = Math.round(RESPONSES / 5);
const CASES = Math.round(RESPONSES / 20);
const RUNS = 15;
const NOW = new Date('2025-06-30T12:00:00.000Z');
const DETECTED = Date.parse('2025-04-01T00:00:00.000Z');
const SPAN_MS = DETECTED - Date.parse('2025-01-06T00:00:00.000Z') + (NOW.getTime() - DETECTED);
const START = Date.parse('2025-01-06T00:00:00.000Z');

/** A tiny deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Inserts rows through one multi-row statement per `chunk` rows. */
function bulk(
  db: Database.Database,
  table: string,
  columns: string[],
  rows: Iterable<unknown[]>,
  chunk = 500,
) {
  const one = `(${columns.map(() => '?').join(',')})`;
  const full = db.prepare(
    `insert into ${table} (${columns.join(',')}) values ${Array(chunk).fill(one).join(',')}`,
  );
  let buf: unknown[] = [];
  let n = 0;
  const flush = () => {
    if (n === chunk) full.run(buf);
    else if (n > 0)
      db.prepare(`insert into ${table} (${columns.join(',')}) values ${Array(n).fill(one).join(',')}`).run(
        buf,
      );
    buf = [];
    n = 0;
  };
  for (const r of rows) {
    buf.push(...r);
    if (++n === chunk) flush();
  }
  flush();
}

/** Writes the dataset into a fresh database at `file`. @returns the organization and incident. */
async function generate(
  file: string,
  conn: ReturnType<typeof connect>,
  s: ReturnType<typeof createServices>,
) {
  const org = await makeOrg(s, 'bench');
  const incident = await makeIncident(s, org.slug, { detectedAt: new Date(DETECTED).toISOString() });
  const bool = conn.dialect.bool;
  const instrument = await insertInstrument(conn.db, org.id, bool);
  const surveyIds = [
    await insertSurvey(
      conn.db,
      org.id,
      instrument,
      { incidentId: null, audience: 'customers', wave: 'tracking' },
      bool,
    ),
    await insertSurvey(
      conn.db,
      org.id,
      instrument,
      { incidentId: incident.id, audience: 'customers', wave: 'post_incident' },
      bool,
    ),
    await insertSurvey(
      conn.db,
      org.id,
      instrument,
      { incidentId: incident.id, audience: 'employees', wave: 'post_incident' },
      bool,
    ),
  ];

  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  const r = rng(42);
  const t0 = performance.now();
  const at = (i: number, n: number) => new Date(START + Math.floor((i / n) * SPAN_MS)).toISOString();
  const BATCH = 100_000;
  for (let from = 0; from < RESPONSES; from += BATCH) {
    const to = Math.min(RESPONSES, from + BATCH);
    raw.transaction(() => {
      const responses: unknown[][] = [];
      const answers: unknown[][] = [];
      for (let i = from; i < to; i++) {
        const when = at(i, RESPONSES);
        const after = Date.parse(when) >= DETECTED;
        const survey = after ? surveyIds[1 + (i % 2)]! : surveyIds[0]!;
        const id = `r${String(i).padStart(8, '0')}`;
        responses.push([org.id, survey, id, id, 0, when, when, when, 0]);
        const mood = after ? -2 : 0;
        const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
        const vals: [string, number][] = [
          ['nps', clamp(8 + mood + (r() - 0.5) * 6, 0, 10)],
          ['csat', clamp(4 + mood / 2 + (r() - 0.5) * 3, 1, 5)],
          ['ces', clamp(5 + mood / 2 + (r() - 0.5) * 4, 1, 7)],
          ['in1', clamp(5 + mood / 2 + (r() - 0.5) * 3, 1, 7)],
          ['in2', clamp(5 + mood / 2 + (r() - 0.5) * 3, 1, 7)],
          ['in4', clamp(3 - mood / 2 + (r() - 0.5) * 3, 1, 7)],
        ];
        for (const [q, v] of vals) answers.push([org.id, survey, q, id, '', v]);
      }
      bulk(
        raw,
        'survey_responses',
        [
          'organization_id',
          'survey_id',
          'id',
          'respondent_key',
          'contact_consent',
          'submitted_at',
          'updated_at',
          'editable_until',
          'edits',
        ],
        responses,
      );
      bulk(
        raw,
        'survey_answers',
        ['organization_id', 'survey_id', 'question_id', 'response_id', 'choice', 'value'],
        answers,
      );
    })();
  }
  const sentiments = ['positive', 'neutral', 'negative', 'mixed'];
  raw.transaction(() => {
    bulk(
      raw,
      'feedback',
      [
        'organization_id',
        'id',
        'incident_id',
        'channel',
        'audience',
        'text',
        'ratings',
        'consent',
        'redacted',
        'sentiment',
        'themes',
        'created_at',
        'version',
      ],
      (function* () {
        for (let i = 0; i < FEEDBACK; i++) {
          const when = at(i, FEEDBACK);
          const after = Date.parse(when) >= DETECTED;
          const sentiment = after && r() < 0.3 ? 'negative' : sentiments[Math.floor(r() * 4)]!;
          yield [
            org.id,
            `f${i}`,
            after ? incident.id : null,
            'form',
            i % 3 ? 'customers' : 'employees',
            'text',
            '{}',
            0,
            0,
            sentiment,
            '[]',
            when,
            1,
          ];
        }
      })(),
    );
    bulk(
      raw,
      'cases',
      [
        'organization_id',
        'id',
        'number',
        'incident_id',
        'title',
        'severity',
        'status',
        'reopen_count',
        'created_at',
        'updated_at',
        'resolved_at',
        'version',
      ],
      (function* () {
        for (let i = 0; i < CASES; i++) {
          const when = at(i, CASES);
          const resolved =
            r() < 0.7 ? new Date(Date.parse(when) + Math.floor(r() * 72) * 3_600_000).toISOString() : null;
          yield [
            org.id,
            `c${i}`,
            i + 1,
            Date.parse(when) >= DETECTED ? incident.id : null,
            'Complaint',
            'medium',
            resolved ? 'resolved' : 'new',
            0,
            when,
            when,
            resolved,
            1,
          ];
        }
      })(),
    );
  })();
  raw.close();
  // The rows went in behind the services' backs: roll them up as migration 0011 does.
  const t1 = performance.now();
  await rebuildRollups(conn.db, conn.dialect, org.id);
  console.log(`rolled up in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  await sql`analyze`.execute(conn.db);
  console.log(
    `generated ${RESPONSES} responses, ${FEEDBACK} feedback items, ${CASES} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { org, incident, surveyIds };
}

async function main() {
  // BENCH_METRICS_DB=path keeps the generated database there and reuses it on the next run.
  const keep = process.env.BENCH_METRICS_DB;
  const dir = keep ? null : mkdtempSync(join(tmpdir(), 'amends-bench-metrics-'));
  const file = keep ?? join(dir!, 'bench.db');
  const reuse = keep !== undefined && existsSync(file);
  const conn = connect(`sqlite:${file}`);
  await migrateToLatest(conn);
  // The clock moves one read-cache period per request, so every request computes afresh (as during
  // a crisis, when every new response or feedback item bumps the organization's data version).
  let now = NOW.getTime();
  const s = createServices(testConfig(), conn, () => new Date(now));
  let org: { id: string; slug: string };
  let incident: { id: string; slug: string };
  let surveyIds: string[];
  if (reuse) {
    org = await conn.db
      .selectFrom('organizations')
      .select(['id', 'slug'])
      .where('slug', '=', 'bench')
      .executeTakeFirstOrThrow();
    incident = await conn.db
      .selectFrom('incidents')
      .select(['id', 'slug'])
      .where('organization_id', '=', org.id)
      .executeTakeFirstOrThrow();
    surveyIds = (
      await conn.db.selectFrom('surveys').select('id').where('organization_id', '=', org.id).execute()
    ).map((r) => r.id);
    console.log(`reusing ${file}`);
  } else {
    ({ org, incident, surveyIds } = await generate(file, conn, s));
  }

  // The endpoint over real HTTP (what a console or a script calls), and the service call under it.
  const app = await buildApp(s);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await makeToken(s, org.slug, 'viewer');
  const url = `${base}/api/v1/orgs/${org.slug}/incidents/${incident.slug}/dashboard?interval=week`;
  const endpoint = async () => {
    now += TIME_BUCKET_MS;
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const d = (await res.json()) as { cards?: { key: string; current: { n: number } }[] };
    if (res.status !== 200 || !d.cards?.find((c) => c.key === 'nps')?.current.n)
      throw new Error(`the dashboard answered ${res.status} or lost the NPS answers`);
    return performance.now() - t;
  };
  const service = async () => {
    const t = performance.now();
    await s.metrics.dashboard(SYSTEM, org.slug, { incident: incident.slug, interval: 'week' });
    return performance.now() - t;
  };
  const stmt = conn.db
    .selectFrom('survey_answers')
    .select(['value', conn.db.fn.countAll().as('n')])
    .where('organization_id', '=', org.id)
    .where('survey_id', 'in', surveyIds)
    .where('question_id', '=', 'nps')
    .groupBy('value');
  const handWritten = async () => {
    const t = performance.now();
    await stmt.execute();
    return performance.now() - t;
  };
  for (let i = 0; i < 2; i++) {
    await endpoint();
    await service();
    await handWritten();
  }
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await endpoint());
    c.push(await service());
    b.push(await handWritten());
  }
  const value = median(a);
  const baseline = median(b);
  console.log(
    `dashboard endpoint median ${value.toFixed(1)} ms (service call ${median(c).toFixed(1)} ms); hand-written NPS histogram median ${baseline.toFixed(1)} ms`,
  );
  console.log(
    `result: metrics value=${value.toFixed(1)} unit=ms baseline=${baseline.toFixed(1)} ratio=${(value / baseline).toFixed(2)}`,
  );
  await app.close();
  await conn.db.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

await main();
