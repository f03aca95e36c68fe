/**
 * `npm run bench:ingest` — sustained public feedback submissions per second over HTTP on SQLite,
 * where a 201 means the submission is committed, against the HTTP ceiling of the same route: the
 * same request with the honeypot field filled, which the server parses, validates and answers
 * without writing. Then the crash check at full load: kill -9 in the middle, restart, and every
 * acknowledged submission must be there, once. A benchmark, not a test.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../src/config/env.ts';
import { createServices } from '../src/container.ts';
import { connect } from '../src/store/db.ts';

const BIN = join(import.meta.dirname, '../bin/amends.js');
const DURATION_S = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'amends-bench-ingest-'));
const env = {
  ...process.env,
  DATA_DIR: dir,
  AMENDS_DEMO: 'false',
  LOG_LEVEL: 'warn',
  FEEDBACK_RATE_LIMIT: '1000000000',
  RUN_WORKER: 'false',
};

async function start(port: number) {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  for (const t0 = Date.now(); ;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
    } catch {
      // not yet
    }
    if (Date.now() - t0 > 30_000) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}

function load(url: string, body: string, duration: number) {
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json' },
    body,
  });
}

let server: ReturnType<typeof spawn> | undefined;
try {
  spawnSync(process.execPath, [BIN, 'org', 'create', 'bench', '--name', 'Bench'], { env });
  const port = 3900 + Math.floor(Math.random() * 90);
  server = await start(port);
  const url = `http://127.0.0.1:${port}/api/v1/public/bench/feedback`;
  const text = 'The breach notice was clear, but I no longer trust you with my bank details.';
  await load(url, JSON.stringify({ text, website: 'x' }), 2); // warm-up
  const ceiling = await load(url, JSON.stringify({ text, website: 'x' }), DURATION_S);
  const ingest = await load(url, JSON.stringify({ text }), DURATION_S);
  const ceilingRps = ceiling.requests.average;
  const rps = ingest['2xx'] / DURATION_S;
  console.log(
    `bench:ingest — ${DURATION_S} s per measure, ${CONNECTIONS} connections, SQLite, Node ${process.version}`,
  );
  console.log(`ceiling (same route, nothing written): ${ceilingRps.toFixed(0)} req/s`);
  console.log(
    `submissions committed and acknowledged: ${rps.toFixed(0)} per second (${ingest['2xx']} in all, ${ingest.non2xx} not 2xx)`,
  );

  // Crash at full load: kill -9 mid-run; every acknowledged submission must survive, once.
  const conn0 = connect(`sqlite:${join(dir, 'amends.sqlite')}`);
  const s0 = createServices(testConfig(), conn0);
  const orgId = (await s0.store.accounts.findOrganizationBySlug('bench'))!.id;
  const before = await s0.store.feedback.countByOrganization(orgId);
  await conn0.db.destroy();
  let acknowledged = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const crashRun = autocannon(
    {
      url,
      method: 'POST',
      connections: CONNECTIONS,
      duration: 30,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'crash run' }),
    },
    () => finished(),
  );
  crashRun.on('response', (_client, status) => {
    if (status === 201) acknowledged++;
  });
  await new Promise((r) => setTimeout(r, 3000));
  server.kill('SIGKILL');
  await new Promise((r) => server!.once('exit', r));
  crashRun.stop();
  await done;
  const conn = connect(`sqlite:${join(dir, 'amends.sqlite')}`);
  const s = createServices(testConfig(), conn);
  const after = await s.store.feedback.countByOrganization(orgId);
  await conn.db.destroy();
  const present = after - before;
  console.log(
    `crash at full load: ${acknowledged} acknowledged before kill -9, ${present} present after restart (${present >= acknowledged ? 'none lost' : `${acknowledged - present} LOST`})`,
  );
  console.log(
    `result: ingest value=${rps.toFixed(0)} unit=submissions/s baseline=${ceilingRps.toFixed(0)} ratio=${(rps / ceilingRps).toFixed(3)}`,
  );
} finally {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
