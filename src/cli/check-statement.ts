import type { Command } from 'commander';
import { CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/env.ts';
import { boot } from '../bootstrap.ts';
import type { CheckContext, CheckResult, Finding } from '../domain/checker/index.ts';
import { checkStatement, hasBlocking } from '../domain/checker/index.ts';
import type { RequestContext } from '../services/common.ts';
import type { Cluster, Culpability, IncidentKind, Stage, ViolationType } from '../shared/enums.ts';
import { CLUSTERS, CULPABILITIES, INCIDENT_KINDS, VIOLATION_TYPES } from '../shared/enums.ts';

/**
 * `amends check-statement FILE|-`: the statement checker for a communications team's own pipeline.
 * Exit codes: 0 no high-severity finding, 1 at least one, 2 the check could not run (bad flags, an
 * unreadable file, an unknown organization or incident). With only profile flags it never opens the
 * database; with --org and --incident it loads the incident's profile and record through the services.
 */

const CLI: RequestContext = { principal: { kind: 'system', label: 'cli' } };
const CHECK_STAGES = ['respond', 'diagnose', 'reform', 'evaluate'] as const;
const USAGE = 2;

interface Options {
  org?: string;
  incident?: string;
  audience: string;
  format: 'text' | 'json';
  cluster?: Cluster;
  violation?: ViolationType[];
  culpability?: Culpability;
  stage?: Stage;
  severity?: number;
  kind?: IncidentKind;
  deception?: boolean;
  evidence?: boolean;
  externalCauseVerified?: boolean;
  preventableRootCause?: boolean;
}

function violation(value: string, previous: ViolationType[] = []): ViolationType[] {
  if (!(VIOLATION_TYPES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`Allowed choices are ${VIOLATION_TYPES.join(', ')}.`);
  return [...previous, value as ViolationType];
}

function severity(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5)
    throw new InvalidArgumentError('Must be an integer from 1 to 5.');
  return n;
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFileSync(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The profile the flags give; flags also override what the incident says. */
function flagContext(o: Options): CheckContext {
  const c: CheckContext = { audience: o.audience };
  if (o.cluster) c.cluster = o.cluster;
  if (o.violation) c.violationTypes = o.violation;
  if (o.culpability) c.culpability = o.culpability;
  if (o.stage) c.stage = o.stage;
  if (o.severity) c.severity = o.severity;
  if (o.kind) c.kind = o.kind;
  if (o.deception) c.deceptionInvolved = true;
  if (o.evidence) c.evidenceAttached = true;
  if (o.externalCauseVerified) c.externalCauseVerified = true;
  if (o.preventableRootCause) c.preventableRootCauseKnown = true;
  return c;
}

/** Loads the incident's profile and record through the services (the only path that opens the database). */
async function incidentContext(
  config: Config,
  org: string,
  slug: string,
  audience: string | undefined,
): Promise<CheckContext> {
  const booted = await boot(config);
  try {
    return await booted.services.statements.contextFor(CLI, org, slug, { audience });
  } finally {
    await booted.close();
  }
}

/** 1-based line and column of an offset, as editors count them. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function textReport(name: string, text: string, r: CheckResult): string {
  const lines = r.findings.map((f: Finding) => {
    const { line, column } = lineCol(text, f.start);
    return `${name}:${line}:${column}  ${f.severity.padEnd(6)} ${f.rule.padEnd(14)} ${oneLine(f.message)} ["${oneLine(f.text)}"]`;
  });
  const a = r.apology;
  lines.push(
    `apology: ${a.score.toFixed(2)}${a.missing.length > 0 ? ` (missing: ${a.missing.join(', ')})` : ' (complete)'}`,
    `readability: grade ${r.readability.grade.toFixed(1)}, target ${r.readability.target} for ${r.readability.audience}${r.readability.meetsTarget ? '' : ' (above target)'}`,
    `posture: ${r.posture.posture} (${r.posture.rule})`,
    `${r.counts.high} high, ${r.counts.medium} medium, ${r.counts.low} low, ${r.counts.info} info`,
  );
  return `${lines.join('\n')}\n`;
}

/** The documented JSON shape (docs/checker.md). */
function jsonReport(name: string, text: string, r: CheckResult) {
  return {
    file: name,
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      start: f.start,
      end: f.end,
      ...lineCol(text, f.start),
      text: f.text,
      message: f.message,
      suggestion: f.suggestion,
      citation: f.citation,
      ...(f.data ? { data: f.data } : {}),
    })),
    apology: {
      score: r.apology.score,
      components: r.apology.components,
      required: r.apology.required,
      missing: r.apology.missing,
    },
    readability: {
      grade: r.readability.grade,
      target: r.readability.target,
      audience: r.readability.audience,
      meetsTarget: r.readability.meetsTarget,
    },
    posture: r.posture,
    credits: r.credits.map(({ rule, start, end, text: t }) => ({ rule, start, end, text: t })),
    counts: r.counts,
  };
}

export function registerCheckStatement(program: Command, config: () => Config): void {
  const cmd = program
    .command('check-statement')
    .description(
      'Check a statement for defensive language, apology completeness, readability and, with --org and --incident, claims and promises against the record. Exits 1 when any high-severity finding remains, 2 when the check cannot run.',
    )
    .argument('<file>', 'the statement (Markdown or text), or - to read stdin')
    .option('--org <slug>', 'organization of the incident (with --incident)')
    .option('--incident <slug>', 'incident whose profile and record to check against (with --org)')
    .option('--audience <audience>', 'audience, sets the readability target', 'public')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--cluster <cluster>', 'SCCT cluster').choices([...CLUSTERS]))
    .addOption(
      new Option('--violation <type>', `violation type, repeatable (${VIOLATION_TYPES.join('|')})`).argParser(
        violation,
      ),
    )
    .addOption(new Option('--culpability <culpability>', 'culpability').choices([...CULPABILITIES]))
    .addOption(new Option('--stage <stage>', 'recovery stage').choices([...CHECK_STAGES]))
    .addOption(new Option('--severity <1-5>', 'incident severity').argParser(severity))
    .addOption(new Option('--kind <kind>', 'incident kind').choices([...INCIDENT_KINDS]))
    .option('--deception', 'deception was involved')
    .option('--evidence', 'evidence of innocence is attached (the gate for denials)')
    .option('--external-cause-verified', 'an external cause (e.g. a supplier outage) is verified')
    .option('--preventable-root-cause', 'diagnosis found a preventable root cause')
    .showHelpAfterError(false);

  // Usage errors exit 2, so a pipeline can tell "could not check" from "found a high-severity issue".
  cmd.exitOverride((err) => {
    if (err.exitCode === 1 && err.code.startsWith('commander.'))
      throw new CommanderError(USAGE, err.code, err.message);
    throw err;
  });

  cmd.action(async (file: string, opts: Options) => {
    const usage = (message: string): never =>
      cmd.error(`amends: error: ${message}`, { exitCode: USAGE, code: 'amends.usage' });
    if (Boolean(opts.org) !== Boolean(opts.incident)) usage('--org and --incident go together');
    let text: string;
    try {
      text = await readInput(file);
    } catch (e) {
      return usage(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let context = flagContext(opts);
    if (opts.org && opts.incident) {
      try {
        context = {
          ...(await incidentContext(config(), opts.org, opts.incident, opts.audience)),
          ...context,
        };
      } catch (e) {
        return usage(oneLine((e as Error).message));
      }
    }
    const result = checkStatement(text, context);
    const name = file === '-' ? 'stdin' : file;
    process.stdout.write(
      opts.format === 'json'
        ? `${JSON.stringify(jsonReport(name, text, result), null, 2)}\n`
        : textReport(name, text, result),
    );
    if (hasBlocking(result)) process.exitCode = 1;
  });
}
