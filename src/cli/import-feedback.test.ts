import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, dialects } from '../../test/db.ts';

const BIN = join(import.meta.dirname, '../../bin/amends.js');
const EXAMPLE = join(import.meta.dirname, '../../docs/examples/feedback.csv');
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'amends-import-'));
  dirs.push(d);
  return d;
}

/** Runs the real `amends` binary; stdout and stderr are pipes, so progress comes as plain lines. */
function amends(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('amends import-feedback: failures', () => {
  it('should explain itself in --help and fail in one line when nothing can be read', () => {
    const help = amends(['import-feedback', '--help'], {});
    expect(help.code).toBe(0);
    for (const flag of ['--org', '--source', '--incident', '--format', '--rejects', 'id, text'])
      expect(help.stdout).toContain(flag);
    expect(amends(['--help'], {}).stdout).toContain('import-feedback');

    const dir = tempDir();
    const env = { DATA_DIR: dir };
    expect(amends(['org', 'create', 'acme', '--name', 'Acme'], env).code).toBe(0);
    const headerOnly = join(dir, 'empty.csv');
    writeFileSync(headerOnly, 'id,text\n');
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'id,text\n1,x\n');
    const cases: [string[], RegExp][] = [
      [
        [join(dir, 'missing.csv'), '--org', 'acme'],
        /^amends: error: cannot read .*missing\.csv: no such file\n$/,
      ],
      [[EXAMPLE, '--org', 'nope'], /^amends: error: organization not found\n$/],
      [
        [EXAMPLE, '--org', 'acme', '--format', 'xml'],
        /^amends: error: --format must be csv or json, not "xml"\n$/,
      ],
      [[notes, '--org', 'acme'], /^amends: error: cannot tell the format of notes\.txt from its extension/],
      [[headerOnly, '--org', 'acme'], /^amends: error: nothing to import: there are no rows\n$/],
      [
        [EXAMPLE, '--org', 'acme', '--format', 'json'],
        /^amends: error: .*array of objects, or one object per line/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = amends(['import-feedback', ...args], env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 600_000);
});

describe.each(await dialects())('amends import-feedback on %s', (dialect) => {
  it('should import the example file, add nothing the second time, and list refused rows', async () => {
    const db = await createTestDb(dialect);
    try {
      const env = { DB_URL: db.url };
      expect(amends(['org', 'create', 'acme', '--name', 'Acme'], env).code).toBe(0);
      const first = amends(['import-feedback', EXAMPLE, '--org', 'acme'], env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toBe(
        'read 5 rows from feedback.csv (source "feedback"): 5 added, 0 duplicates, 0 rejected\n',
      );
      const again = amends(['import-feedback', EXAMPLE, '--org', 'acme'], env);
      expect(again.stdout).toBe(
        'read 5 rows from feedback.csv (source "feedback"): 0 added, 5 duplicates, 0 rejected\n',
      );

      // A bigger file with bad rows: plain progress lines on stderr, the first refusals, all in --rejects.
      const dir = tempDir();
      const file = join(dir, 'tickets.csv');
      const lines = ['id,text,nps'];
      for (let i = 0; i < 12_000; i++)
        lines.push(i % 4000 === 1 ? `t-${i},"Bad, rating",42` : `t-${i},Ticket ${i},${i % 11}`);
      lines.push('t-x,');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const rejects = join(dir, 'rejects.csv');
      const big = amends(
        [
          'import-feedback',
          file,
          '--org',
          'acme',
          '--source',
          'helpdesk',
          '--show',
          '2',
          '--rejects',
          rejects,
        ],
        env,
      );
      expect(big.code).toBe(0);
      expect(big.stderr).toMatch(/^importing: 10\d{3} rows read, 10\d{3} added, 0 duplicates, 3 rejected\n$/);
      expect(big.stdout).toBe(
        [
          'read 12001 rows from tickets.csv (source "helpdesk"): 11997 added, 0 duplicates, 4 rejected',
          'rejected rows:',
          '  row 3: nps: must be a whole number from 0 to 10, not 42',
          '  row 4003: nps: must be a whole number from 0 to 10, not 42',
          '  … and 2 more',
          `wrote 4 rejected rows to ${rejects}`,
          '',
        ].join('\n'),
      );
      expect(readFileSync(rejects, 'utf8')).toBe(
        [
          '"row","reason"',
          '"3","nps: must be a whole number from 0 to 10, not 42"',
          '"4003","nps: must be a whole number from 0 to 10, not 42"',
          '"8003","nps: must be a whole number from 0 to 10, not 42"',
          '"12002","not valid CSV: the row has 2 fields, the header 3"',
          '',
        ].join('\r\n'),
      );
    } finally {
      await db.drop();
    }
  }, 600_000);
});
