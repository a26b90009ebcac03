/** The `tollgate` command tree, built apart from running it so tests can read every help text. */
import { SDK_VERSION } from '@tollgate/sdk';
import { Command } from 'commander';
import { registerApi } from './commands/api';
import { registerAudit } from './commands/audit';
import { registerConfig } from './commands/config';
import { registerDev } from './commands/dev';
import { registerDoctor } from './commands/doctor';
import { registerInit } from './commands/init';
import { registerMcp } from './commands/mcp';
import { registerSession } from './commands/session';
import { contextOf } from './context';
import { addCommands } from './operations';
import { checkConfigPermissions } from './secrets';

export function createProgram(): Command {
  const program = new Command('tollgate')
    .description('Tollgate: agent identity, budgets, governed runs and audit')
    .version(SDK_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .option('--json', 'print JSON (for scripts): exactly the API objects')
    .option(
      '--profile <name>',
      "config profile to use and write (default: TOLLGATE_PROFILE, else the file's active one)",
    )
    .option('--endpoint <url>', 'control-plane URL (overrides TOLLGATE_BASE_URL and the profile)')
    .option('--strict', 'refuse to run when the config file holding a secret is readable by others')
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Examples:
  $ tollgate dev                                  # a local control plane, made the active profile
  $ tollgate login --with-token < key.txt         # store an API key, checked first
  $ tollgate agents list
  $ tollgate --profile prod approvals list --json
  $ tollgate api GET /v1/agents --field limit=5`,
    )
    .hook('preAction', (_program, action) => {
      const ctx = contextOf(action);
      checkConfigPermissions(ctx.file(), Boolean(ctx.globals.strict));
    });

  registerConfig(program);
  registerSession(program);
  registerDoctor(program);
  addCommands(program, ['agents', 'budget-groups', 'tools', 'runs', 'approvals']);
  registerAudit(program);
  addCommands(program, ['usage', 'api-keys', 'triggers']);
  registerApi(program);
  registerDev(program);
  registerInit(program);
  registerMcp(program);
  return program;
}
