import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable } from '../../e2e/helpers.ts';

const BIN = join(import.meta.dirname, '../../bin/amends.js');
const dir = mkdtempSync(join(tmpdir(), 'amends-report-'));
const env = { DATA_DIR: dir };

/** Runs the real `amends` binary over a SQLite file in `dir`. */
function amends(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false', ...env, ...extra },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('amends report', () => {
  it('should explain itself and fail in one line', () => {
    const help = amends(['report', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--org',
      '--incident',
      '--format',
      '--out',
      '--audience',
      '--interval',
      '--chromium',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect(amends(['demo']).code).toBe(0);
    const out = (f: string) => join(dir, f);
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [
        ['--org', 'paylode', '--incident', 'nope', '--out', out('x.html')],
        /^amends: error: incident not found\n$/,
      ],
      [
        ['--org', 'nope', '--incident', 'bucket-exposure', '--out', out('x.html')],
        /^amends: error: organization not found\n$/,
      ],
      [
        ['--org', 'paylode', '--incident', 'bucket-exposure', '--out', out('x.txt')],
        /^amends: error: cannot tell the format from ".*x\.txt": pass --format pdf or --format html\n$/,
      ],
      [
        ['--org', 'paylode', '--incident', 'bucket-exposure', '--out', out('x.pdf')],
        /^amends: error: No Chromium at \/nowhere\/chromium: PDF reports need it \(apt-get install chromium, or set CHROMIUM_PATH\)\. The HTML report works without it\.\n$/,
        { CHROMIUM_PATH: '/nowhere/chromium' },
      ],
      [
        ['--org', 'paylode', '--incident', 'bucket-exposure', '--out', join(dir, 'missing', 'x.html')],
        /^amends: error: cannot write .*x\.html: ENOENT\n$/,
      ],
    ];
    for (const [args, stderr, extra] of cases) {
      const r = amends(['report', ...args], extra);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(stderr);
    }
    const badFormat = amends([
      'report',
      '--org',
      'paylode',
      '--incident',
      'x',
      '--out',
      'y',
      '--format',
      'docx',
    ]);
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain("argument 'docx' is invalid");
  }, 300_000);

  it('should write the demo incident’s HTML report with its registers and measures', () => {
    const file = join(dir, 'board.html');
    const r = amends([
      'report',
      '--org',
      'paylode',
      '--incident',
      'bucket-exposure',
      '--format',
      'html',
      '--out',
      file,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^wrote .*board\.html \(HTML, \d+ KB\): \d+ measures, \d+ actions, \d+ commitments, \d+ alerts\n$/,
    );
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h1>Board report: ');
    expect(html).toContain('Negative feedback share');
    expect(html).toMatch(/\d+% \(\d+–\d+%\)/);
    expect(html).toContain('Block public access on every storage bucket');
    expect(html).toMatch(/<path class="ts-line" d="M[^"]+"/);
  }, 120_000);

  it.runIf(chromiumAvailable())(
    'should print the demo incident’s PDF, its figures in its text',
    async () => {
      const file = join(dir, 'board.pdf');
      const r = amends(
        [
          'report',
          '--org',
          'paylode',
          '--incident',
          'bucket-exposure',
          '--out',
          file,
          '--audience',
          'customers',
        ],
        {
          CHROMIUM_PATH,
        },
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/\(PDF, \d+ KB\)/);
      const doc = await getDocumentProxy(new Uint8Array(readFileSync(file)));
      const { text } = await extractText(doc, { mergePages: true });
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Board report: ');
      expect(flat).toContain('Customers');
      expect(flat).toContain('Corrective actions');
      expect(flat).toMatch(/\d+% \(\d+–\d+%\)/);
    },
    120_000,
  );
});
