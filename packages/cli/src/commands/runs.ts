/** tollgate runs: list, get, cancel, tail. */
import { type Command, Option } from 'commander';
import { confirm, destructive } from '../confirm';
import { integer } from '../parse';
import { chosen, RUN_STATUSES } from '../vocabulary';
import { act, examples, take } from './action';

export function registerRuns(program: Command) {
  const runs = program.command('runs').description('governed runs and their events');
  examples(
    runs
      .command('list')
      .description('list runs, newest first')
      .option('--agent <id>', "only this agent's runs")
      .addOption(new Option('--status <status>', 'only runs in this status').choices(RUN_STATUSES))
      .addOption(
        new Option('--limit <n>', 'at most n rows').default(50).argParser(integer(1, 100_000)),
      )
      .action(
        act(async ({ out, client }, _args, o) => {
          const rows = await take(
            client().runs.list({
              agent_id: o.agent as string | undefined,
              status: o.status === undefined ? undefined : chosen(RUN_STATUSES, o.status),
            }),
            o.limit as number,
          );
          out.table(rows, ['id', 'agent_id', 'action', 'status', 'decision', 'created_at']);
        }),
      ),
    'tollgate runs list --agent research-v1 --status running',
  );
  runs
    .command('get')
    .description('show one run')
    .argument('<run-id>', 'the run')
    .action(act(async ({ out, client }, [id]) => out.print(await client().runs.get(id!))));
  destructive(
    runs
      .command('cancel')
      .description('cancel a run that has not ended')
      .argument('<run-id>', 'the run'),
  ).action(
    act(async ({ out, client }, [id], o) => {
      await confirm(`cancel run ${id}`, o.yes);
      const run = await client().runs.cancel(id!);
      out.print(run, () => out.line(`cancelled ${run.id}`));
    }),
  );
  examples(
    runs
      .command('tail')
      .description("follow a run's events until it ends (Ctrl-C stops)")
      .argument('<run-id>', 'the run')
      .action(
        act(async ({ out, client }, [id]) => {
          const controller = new AbortController();
          process.once('SIGINT', () => controller.abort());
          for await (const e of client().runs.stream(id!, { signal: controller.signal })) {
            if (out.json) out.line(JSON.stringify(e));
            else
              out.line(
                `${out.color(2, e.created_at)} #${e.sequence} ${out.color(36, e.type)} ${JSON.stringify(e.data)}`,
              );
          }
        }),
      ),
    'tollgate runs tail run_123 --json   # one JSON event per line',
  );
}
