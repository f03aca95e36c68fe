import type { Command } from 'commander';
import { Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Config } from '../config/env.ts';
import { boot } from '../bootstrap.ts';
import { collectReport } from '../report/collect.ts';
import { DEFAULT_CHROMIUM_PATH, renderReportPdf } from '../report/pdf.ts';
import { renderReportHtml } from '../report/report.tsx';
import type { RequestContext } from '../services/common.ts';

/**
 * `amends report --org ORG --incident SLUG --format pdf|html --out FILE`: the board report of an
 * incident, the same document the console's download button gives. PDF is printed by the system
 * Chromium (`--chromium` or CHROMIUM_PATH); HTML needs nothing. Errors are one line on stderr.
 */

const CLI: RequestContext = { principal: { kind: 'system', label: 'cli' } };

interface Options {
  org: string;
  incident: string;
  format?: 'pdf' | 'html';
  out: string;
  audience?: string;
  interval: 'day' | 'week';
  chromium: string;
}

function formatOf(out: string, given: Options['format']): 'pdf' | 'html' {
  if (given) return given;
  const ext = extname(out).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new Error(`cannot tell the format from "${out}": pass --format pdf or --format html`);
}

export function registerReport(program: Command, config: () => Config): void {
  program
    .command('report')
    .description(
      'Write the board report of an incident (actions, commitments, measures, charts, forecasts, alerts)',
    )
    .requiredOption('--org <slug>', 'organization')
    .requiredOption('--incident <slug>', 'incident slug or id')
    .addOption(
      new Option('--format <format>', 'pdf or html (default: from the --out extension)').choices([
        'pdf',
        'html',
      ]),
    )
    .requiredOption('--out <file>', 'where to write the report')
    .option('--audience <audience>', 'only this audience’s measures (default: all audiences)')
    .addOption(
      new Option('--interval <interval>', 'period of the charts').choices(['day', 'week']).default('week'),
    )
    .addOption(
      new Option('--chromium <path>', 'Chromium used to print the PDF')
        .env('CHROMIUM_PATH')
        .default(DEFAULT_CHROMIUM_PATH),
    )
    .action(async (opts: Options) => {
      const format = formatOf(opts.out, opts.format);
      const booted = await boot(config());
      let bytes: Buffer | string;
      let summary: string;
      try {
        const { dashboard, detail } = await collectReport(booted.services, CLI, opts.org, opts.incident, {
          audience: opts.audience,
          interval: opts.interval,
        });
        bytes = renderReportHtml(dashboard, detail);
        summary = `${dashboard.cards.length} measures, ${detail.actions.length} actions, ${detail.commitments.length} commitments, ${dashboard.alerts.length} alerts`;
      } finally {
        await booted.close();
      }
      if (format === 'pdf') bytes = await renderReportPdf(bytes, { chromiumPath: opts.chromium });
      try {
        writeFileSync(opts.out, bytes);
      } catch (e) {
        throw new Error(
          `cannot write ${opts.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
      process.stdout.write(
        `wrote ${opts.out} (${format.toUpperCase()}, ${Math.max(1, Math.round(size / 1024))} KB): ${summary}\n`,
      );
    });
}
