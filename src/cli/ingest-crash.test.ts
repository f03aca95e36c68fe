import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/env.ts';
import { createServices } from '../container.ts';
import { connect } from '../store/db.ts';

const BIN = join(import.meta.dirname, '../../bin/amends.js');
const dir = mkdtempSync(join(tmpdir(), 'amends-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = {
  PATH: process.env.PATH!,
  DATA_DIR: dir,
  AMENDS_DEMO: 'false',
  LOG_LEVEL: 'silent',
  FEEDBACK_RATE_LIMIT: '1000000',
  RUN_WORKER: 'false',
};

async function start() {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: '0' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL: ${out}`)), 30_000);
    child.stdout.on('data', () => {
      const m = /Console:\s+(http:\/\/[\d.:]+)\/admin\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { child, url };
}

describe('feedback under a crash', () => {
  it('should keep every acknowledged submission, once, after kill -9 in the middle of the load', async () => {
    expect(
      spawnSync(process.execPath, [BIN, 'org', 'create', 'crash', '--name', 'Crash'], { env }).status,
    ).toBe(0);
    const { child, url } = await start();
    const acknowledged: string[] = [];
    let stop = false;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${url}/api/v1/public/crash/feedback`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: `client ${n} message ${i}` }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 20 }, (_, n) => client(n));
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(clients);

    const conn = connect(`sqlite:${join(dir, 'amends.sqlite')}`);
    try {
      const s = createServices(testConfig(), conn);
      const orgId = (await s.store.accounts.findOrganizationBySlug('crash'))!.id;
      expect(await s.store.feedback.countByOrganization(orgId)).toBeGreaterThanOrEqual(acknowledged.length);
      for (const id of acknowledged) expect(await s.store.feedback.find(orgId, id), id).toBeDefined();
      const texts = new Set<string>();
      for (let cursor: string | null | undefined = undefined; ;) {
        const p = await s.feedback.list(
          { principal: { kind: 'system', label: 'test' } },
          'crash',
          {},
          { limit: 200, cursor: cursor ?? undefined },
        );
        for (const f of p.items) {
          expect(texts.has(f.text), f.text).toBe(false);
          texts.add(f.text);
        }
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
    } finally {
      await conn.db.destroy();
    }
  }, 120_000);
});
