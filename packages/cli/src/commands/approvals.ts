/** tollgate approvals: list, approve, reject. */
import { type Command, Option } from 'commander';
import { confirm, destructive } from '../confirm';
import { integer } from '../parse';
import { APPROVAL_STATUSES, chosen } from '../vocabulary';
import { act, examples, take } from './action';

export function registerApprovals(program: Command) {
  const approvals = program.command('approvals').description('human decisions on held calls');
  approvals
    .command('list')
    .description('list approvals (pending by default)')
    .addOption(
      new Option('--status <status>', 'only approvals in this status')
        .choices(APPROVAL_STATUSES)
        .default('pending'),
    )
    .addOption(
      new Option('--limit <n>', 'at most n rows').default(1000).argParser(integer(1, 100_000)),
    )
    .action(
      act(async ({ out, client }, _args, o) => {
        const rows = await take(
          client().approvals.list({ status: chosen(APPROVAL_STATUSES, o.status) }),
          o.limit as number,
        );
        out.table(rows, ['id', 'kind', 'agent_id', 'status', 'summary', 'requested_at']);
      }),
    );
  examples(
    approvals
      .command('approve')
      .description('approve: what waited on it goes ahead')
      .argument('<approval-id>', 'the approval')
      .option('--comment <text>', 'recorded with the decision')
      .action(
        act(async ({ out, client }, [id], o) => {
          const a = await client().approvals.approve(id!, {
            comment: o.comment as string | undefined,
          });
          out.print(a, () => out.line(`approved ${a.id}`));
        }),
      ),
    'tollgate approvals approve apr_123 --comment "checked with finance"',
  );
  destructive(
    approvals
      .command('reject')
      .description('reject: what waited on it ends')
      .argument('<approval-id>', 'the approval')
      .requiredOption('--reason <text>', 'why (recorded with the decision)'),
  ).action(
    act(async ({ out, client }, [id], o) => {
      await confirm(`reject ${id}`, o.yes);
      const a = await client().approvals.reject(id!, { reason: String(o.reason) });
      out.print(a, () => out.line(`rejected ${a.id}`));
    }),
  );
}
