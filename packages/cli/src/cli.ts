#!/usr/bin/env node
/**
 * tollgate: the operator's terminal. Exit codes: 0 ok, 1 an API or runtime error (one line,
 * with the request id), 2 a usage error. --json on every command prints machine-readable JSON.
 */
import { APIError, SDK_VERSION, TollgateError } from '@tollgate/sdk';
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit';
import { registerConfig } from './commands/config';
import { registerDev } from './commands/dev';
import { registerInit } from './commands/init';
import { registerResources } from './commands/resources';
import { registerSession } from './commands/session';
import { contextOf } from './context';
import { serveMcp } from './mcp';

const program = new Command('tollgate')
  .description('Tollgate: agent identity, budgets, governed runs and audit')
  .version(SDK_VERSION)
  .option('--json', 'print JSON (for scripts)')
  .option(
    '--profile <name>',
    "config profile (default: the file's active one, or TOLLGATE_PROFILE)",
  )
  .option('--endpoint <url>', 'control-plane URL (overrides TOLLGATE_BASE_URL and the profile)')
  .exitOverride()
  .showSuggestionAfterError();

registerConfig(program);
registerSession(program);
registerResources(program);
registerAudit(program);
registerDev(program);
registerInit(program);
program
  .command('mcp')
  .description('serve the operator surface as MCP tools over stdio (for AI coding assistants)')
  .action(async (_o, command: Command) => {
    await serveMcp(contextOf(command).client());
    // Keep serving until the client closes stdin.
    await new Promise<void>((resolve) => process.stdin.once('close', resolve));
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here too, successfully.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if ((error as { usage?: boolean }).usage) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 2;
  } else {
    const message =
      error instanceof TollgateError ? error.message : String((error as Error)?.message ?? error);
    const id =
      error instanceof APIError && error.requestId && !message.includes(error.requestId)
        ? ` [request ${error.requestId}]`
        : '';
    process.stderr.write(`error: ${message}${id}\n`);
    process.exitCode = 1;
  }
}
