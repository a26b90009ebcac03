/** tollgate init NAME: a small agent project that registers its identity and makes a governed LLM call. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SDK_VERSION } from '@tollgate/sdk';
import type { Command } from 'commander';
import { contextOf } from '../context';
import { UsageError } from '../errors';

/** How the written .mcp.json starts the MCP server. */
export const MCP_ARGS = ['-y', '@tollgate/cli', 'mcp'];

const files = (name: string): Record<string, string> => ({
  'package.json': `${JSON.stringify(
    {
      name,
      private: true,
      type: 'module',
      scripts: { start: 'tsx agent.ts', typecheck: 'tsc --noEmit' },
      dependencies: { '@tollgate/sdk': `~${SDK_VERSION}`, openai: '^6.0.0' },
      devDependencies: {
        '@tollgate/cli': `~${SDK_VERSION}`,
        tsx: '^4.20.0',
        typescript: '~5.9.0',
        '@types/node': '^20.19.0',
      },
    },
    null,
    2,
  )}\n`,
  'agent.ts': `// ${name}: registers its identity once, then every LLM call is signed, budgeted and audited.
// Run \`tollgate dev\` in another terminal first (or set TOLLGATE_BASE_URL and TOLLGATE_API_KEY):
// loadConfig() reads the environment, then the CLI's active profile.
import { BudgetExceededError, Tollgate } from '@tollgate/sdk';
import { FileCredentialStore, loadConfig } from '@tollgate/sdk/node';

const tg = new Tollgate({ ...loadConfig(), credentialStore: new FileCredentialStore() });
const agent = await tg.agents.register({ agentId: '${name}', name: '${name}', budget: { limitMicros: 1_000_000 } });
console.log(\`registered \${agent.agentId}, run \${agent.runId}\`);

const openai = await agent.openai<import('openai').OpenAI>();
try {
  const reply = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello from a governed agent' }],
  });
  console.log(reply.choices[0].message.content);
} catch (error) {
  if (error instanceof BudgetExceededError) console.error('budget spent:', error.message);
  else throw error;
}
const budget = await tg.agents.getBudget('${name}');
console.log(\`spent \${budget.spent_micros} of \${budget.limit_micros} micro-dollars\`);
`,
  'README.md': `# ${name}\n\nA Tollgate agent.\n\n\`\`\`sh\nnpm install\nnpx @tollgate/cli dev   # in another terminal: a local control plane\nnpm start\n\`\`\`\n`,
  'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true }, include: ['agent.ts'] }, null, 2)}\n`,
  '.gitignore': 'node_modules/\n',
  // The scoped package, pinned in devDependencies: an unscoped `npx tollgate` would run whatever
  // someone publishes under that name.
  '.mcp.json': `${JSON.stringify({ mcpServers: { tollgate: { command: 'npx', args: MCP_ARGS } } }, null, 2)}\n`,
});

export function registerInit(program: Command) {
  program
    .command('init')
    .description(
      'scaffold a TypeScript agent project that registers its identity and makes a governed LLM call',
    )
    .argument('<name>', 'the project (and agent) name: lower case, digits, . _ -')
    .action(async (name: string, _o, command: Command) => {
      const { out } = contextOf(command);
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name))
        throw new UsageError(`not a valid project name: ${name}`);
      const dir = resolve(name);
      if (existsSync(dir)) throw new UsageError(`${dir} already exists`);
      await mkdir(dir, { recursive: true });
      const written = Object.entries(files(name));
      for (const [file, text] of written) await writeFile(join(dir, file), text);
      out.print({ directory: dir, files: written.map(([f]) => f) }, () =>
        out.line(
          `created ${dir}: ${written.map(([f]) => f).join(', ')}\nnext: cd ${name} && npm install && npm start`,
        ),
      );
    });
}
