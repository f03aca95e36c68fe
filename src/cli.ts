import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from './config/env.ts';
import { isAppError } from './domain/errors.ts';
import { registerCommands } from './cli/commands.ts';

/**
 * `amends <command>`: thin wrappers over the services, sharing the server's bootstrap. Errors are
 * printed as one line on stderr with a non-zero exit; `--help` works everywhere.
 */
const program = new Command()
  .name('amends')
  .description('Amends — the trust recovery platform. Say what happened. Do what you said. Prove it.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerCommands(program, () => loadConfig());

function oneLine(e: unknown): string {
  if (e instanceof ConfigError) return e.message;
  if (isAppError(e)) return e.message;
  if (e instanceof Error) {
    const code = (e as { code?: string }).code;
    if (code === 'ECONNREFUSED') return `cannot reach the database (${e.message})`;
    return e.message.split('\n')[0]!;
  }
  return String(e);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander already printed its message (help, version, usage errors).
    process.exit(e.exitCode);
  }
  process.stderr.write(`amends: error: ${oneLine(e)}\n`);
  process.exit(1);
}
