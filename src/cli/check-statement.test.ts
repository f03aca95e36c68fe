import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inPairs, runAmends } from '../../test/cli.ts';

const BIN = join(import.meta.dirname, '../../bin/amends.js');
// Several runs of the binary per test: more than the default on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const dir = mkdtempSync(join(tmpdir(), 'amends-check-'));
// Nothing listens on port 1: any attempt to open this database fails at once.
const NO_DB = { DB_URL: 'postgres://nobody@127.0.0.1:1/none' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function amends(args: string[], env: Record<string, string> = NO_DB, input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'check-statement', ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DEFENSIVE = "We're sorry if anyone was inconvenienced.\n\nMistakes were made. We will do better.\n";
const CLEAN =
  'We are sorry. We failed to apply a security patch we knew about. Please reset your password at https://example.com/reset. ' +
  'We will post an update every Friday.\n';

interface JsonReport {
  findings: {
    rule: string;
    severity: string;
    start: number;
    end: number;
    text: string;
    message: string;
    suggestion: string;
    citation: string;
    data?: { candidates?: { title: string }[] };
  }[];
  posture: { posture: string; rule: string };
  apology: { score: number; components: Record<string, boolean>; missing: string[] };
  readability: { grade: number; target: number };
}

describe('amends check-statement', () => {
  it('usage errors exit 2 with one line on stderr', async () => {
    const path = file('a.md', CLEAN);
    const cases = [
      [path, '--cluster', 'nope'],
      [path, '--violation', 'greed'],
      [path, '--severity', '9'],
      [path, '--format', 'xml'],
      [path, '--org', 'acme'],
      [join(dir, 'missing.md')],
      [],
    ];
    // Independent runs: two at a time.
    const results = await inPairs(cases, (args) => runAmends(['check-statement', ...args], NO_DB));
    for (const [i, args] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    expect(results[4]!.stderr).toBe('amends: error: --org and --incident go together\n');
    expect(results[5]!.stderr).toMatch(/cannot read .*missing\.md: ENOENT/);
  });

  it('prints help', () => {
    const r = amends(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: amends check-statement \[options\] <file>/);
    expect(r.stdout).toMatch(/--violation <type>/);
  });

  it('text: one finding per line with position, then the apology score and readability; exit 1 on high', () => {
    const path = file('defensive.md', DEFENSIVE);
    const r = amends([
      path,
      '--cluster',
      'preventable',
      '--culpability',
      'established',
      '--stage',
      'diagnose',
    ]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:7 +high +LANG-N3 .*\\["sorry if"\\]$`),
    );
    expect(lines.some((l) => /:3:10 +high +LANG-N1 .*"were made"/.test(l))).toBe(true);
    expect(lines.some((l) => /LANG-N14/.test(l))).toBe(true);
    expect(r.stdout).toMatch(
      /^apology: 0\.\d\d \(missing: responsibility, repair, regret, explanation, repentance\)$/m,
    );
    expect(r.stdout).toMatch(/^readability: grade \d+\.\d, target 8 for public$/m);
    expect(r.stdout).toMatch(/^posture: rebuild \(SCCT-A5\)$/m);
  });

  it('exits 0 when no high-severity finding remains, and the context changes the verdict', () => {
    expect(amends([file('clean.md', CLEAN), '--cluster', 'accidental']).code).toBe(0);
    // An excuse is informational for a verified supplier outage and high for a preventable incident.
    const excuse = file('excuse.md', 'The outage was beyond our control. We are sorry for the disruption.\n');
    expect(amends([excuse, '--cluster', 'accidental', '--external-cause-verified']).code).toBe(0);
    expect(amends([excuse, '--cluster', 'preventable']).code).toBe(1);
  });

  it('json: the documented shape, with offsets that slice out each finding', () => {
    const r = amends(
      [
        '-',
        '--format',
        'json',
        '--cluster',
        'preventable',
        '--violation',
        'competence',
        '--violation',
        'integrity',
      ],
      NO_DB,
      DEFENSIVE,
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.length).toBeGreaterThan(2);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'rule',
          'severity',
          'start',
          'end',
          'text',
          'message',
          'suggestion',
          'citation',
        ]),
      );
      expect(DEFENSIVE.slice(f.start, f.end)).toBe(f.text);
    }
    expect(Object.keys(report.apology.components).sort()).toEqual([
      'explanation',
      'forgiveness',
      'regret',
      'repair',
      'repentance',
      'responsibility',
    ]);
    expect(typeof report.apology.score).toBe('number');
    expect(report.readability).toMatchObject({ target: 8 });
    expect(typeof report.readability.grade).toBe('number');
  });

  it('audience sets the readability target', () => {
    const r = amends([file('r.md', CLEAN), '--format', 'json', '--audience', 'regulators']);
    expect((JSON.parse(r.stdout) as JsonReport).readability.target).toBe(12);
  });

  it('loads the profile and the record with --org and --incident', () => {
    const env = { DATA_DIR: mkdtempSync(join(dir, 'data-')) };
    const seeded = spawnSync(process.execPath, [BIN, 'demo'], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(seeded.status, seeded.stderr).toBe(0);
    const path = file(
      'update.md',
      'We have blocked public access on every storage bucket. Only a handful of employees were affected.\n',
    );
    const r = amends([path, '--org', 'paylode', '--incident', 'bucket-exposure', '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    // The demo breach is preventable: minimizing is high (SCCT-A5), and the claim is checked against actions.
    expect(report.posture.rule).toBe('SCCT-A5');
    expect(report.findings.find((f) => f.rule === 'LANG-N7')!.severity).toBe('high');
    const claim = report.findings.find((f) => f.rule === 'TRUTH-UNLINKED')!;
    expect(claim.data!.candidates![0]!.title).toBe('Block public access on every storage bucket');

    const missing = amends([path, '--org', 'paylode', '--incident', 'nope'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^amends: error: .*not found\n$/);
  });
});
