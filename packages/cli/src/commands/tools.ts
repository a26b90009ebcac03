/** tollgate tools: list, register, delete. */
import { type Command, Option } from 'commander';
import { confirm, destructive } from '../confirm';
import { chosen, TOOL_AUTH_TYPES, TOOL_POLICIES } from '../vocabulary';
import { act, examples, take } from './action';

export function registerTools(program: Command) {
  const tools = program.command('tools').description('tools agents may call, with their policy');
  tools
    .command('list')
    .description('list registered tools')
    .action(
      act(async ({ out, client }) =>
        out.table(await take(client().tools.list(), 10_000), [
          'id',
          'name',
          'policy',
          'auth_type',
          'base_url',
        ]),
      ),
    );
  examples(
    tools
      .command('register')
      .description('register a tool and the policy that governs calls to it')
      .argument('<name>', 'the tool name')
      .requiredOption('--base-url <url>', 'where the tool is served')
      .addOption(
        new Option('--auth-type <type>', 'how the control plane authenticates to it')
          .choices(TOOL_AUTH_TYPES)
          .default('none'),
      )
      .addOption(
        new Option('--policy <policy>', 'what a call needs')
          .choices(TOOL_POLICIES)
          .default('approval_required'),
      )
      .action(
        act(async ({ out, client }, [name], o) => {
          const tool = await client().tools.register({
            name: name!,
            base_url: String(o.baseUrl),
            auth_type: chosen(TOOL_AUTH_TYPES, o.authType),
            policy: chosen(TOOL_POLICIES, o.policy),
          });
          out.print(tool, () =>
            out.line(`registered ${tool.name} (${tool.id}), policy ${tool.policy}`),
          );
        }),
      ),
    'tollgate tools register ledger --base-url https://ledger.internal --policy approval_required',
  );
  destructive(
    tools
      .command('delete')
      .description('delete a tool: calls to it are refused')
      .argument('<tool-id>', 'the tool'),
  ).action(
    act(async ({ out, client }, [id], o) => {
      await confirm(`delete tool ${id}`, o.yes);
      await client().tools.delete(id!);
      out.print({ deleted: id }, () => out.line(`deleted ${id}`));
    }),
  );
}
