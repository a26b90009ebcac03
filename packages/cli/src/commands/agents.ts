/** tollgate agents: list, get, create, register, suspend, resume, delete, budget get/set. */
import { type Command, Option } from 'commander';
import { confirm, destructive } from '../confirm';
import { dollars, integer, parseMicros } from '../parse';
import { AGENT_STATUSES, chosen } from '../vocabulary';
import { act, examples, take } from './action';

const limitOption = () =>
  new Option('--limit <n>', 'at most n rows').default(50).argParser(integer(1, 100_000));

export function registerAgents(program: Command) {
  const agents = program.command('agents').description('manage agents and their budgets');

  examples(
    agents
      .command('list')
      .description('list agents with status and budget')
      .addOption(
        new Option('--status <status>', 'only agents in this status').choices(AGENT_STATUSES),
      )
      .addOption(limitOption())
      .action(
        act(async ({ out, client }, _args, o) => {
          const rows = await take(
            client().agents.list({
              status: o.status === undefined ? undefined : chosen(AGENT_STATUSES, o.status),
            }),
            o.limit as number,
          );
          out.table(rows, ['id', 'name', 'status', 'spent', 'limit', 'last_run_id'], (a) => ({
            spent: dollars(a.budget.spent_micros),
            limit: dollars(a.budget.limit_micros),
          }));
        }),
      ),
    'tollgate agents list --status suspended',
    'tollgate agents list --json | jq -r ".[].id"',
  );

  agents
    .command('get')
    .description('show one agent and its budget')
    .argument('<agent-id>', 'the agent')
    .action(act(async ({ out, client }, [id]) => out.print(await client().agents.get(id!))));

  examples(
    agents
      .command('create')
      .description('create an agent (an operator record; no key is made: see `agents register`)')
      .argument('<agent-id>', 'the id to give it')
      .option('--name <name>', 'display name (default: the id)')
      .option('--description <text>', 'what it does')
      .option(
        '--budget <amount>',
        'limit: dollars ("5.00"), micros ("5000000u") or "unlimited"',
        parseMicros,
      )
      .option('--alert <pct>', 'alert at this share of the budget, 1..100', integer(1, 100))
      .action(
        act(async ({ out, client }, [id], o) => {
          const agent = await client().agents.create({
            id: id!,
            name: (o.name as string | undefined) ?? id!,
            ...(o.description !== undefined && { description: o.description as string }),
            ...((o.budget !== undefined || o.alert !== undefined) && {
              budget: {
                limit_micros: (o.budget as number | null | undefined) ?? null,
                ...(o.alert !== undefined && { alert_threshold_pct: o.alert as number }),
              },
            }),
          });
          out.print(agent, () =>
            out.line(`created ${agent.id} (budget ${dollars(agent.budget.limit_micros)})`),
          );
        }),
      ),
    'tollgate agents create research-v1 --name Research --budget 5.00 --alert 80',
  );

  agents
    .command('register')
    .description('register a run identity for this machine (its key is kept in ~/.tollgate/agents)')
    .argument('<agent-id>', 'the agent (created if missing)')
    .option('--name <name>', 'display name when the agent is created')
    .option(
      '--budget <amount>',
      'dollars ("5.00"), micros ("5000000u") or "unlimited"',
      parseMicros,
    )
    .action(
      act(async ({ out, client }, [id], o) => {
        const agent = await client().agents.register({
          agentId: id!,
          name: o.name as string | undefined,
          budget: o.budget === undefined ? undefined : { limitMicros: o.budget as number | null },
        });
        out.print(
          {
            agent_id: agent.agentId,
            run_id: agent.runId,
            certificate_expires_at: agent.certificateExpiresAt,
          },
          () =>
            out.line(
              `registered ${agent.agentId}: run ${agent.runId}, certificate valid until ${agent.certificateExpiresAt}`,
            ),
        );
      }),
    );

  agents
    .command('suspend')
    .description('stop an agent: its calls are refused until it is resumed')
    .argument('<agent-id>', 'the agent')
    .option('--reason <text>', 'why (recorded in the audit log)')
    .action(
      act(async ({ out, client }, [id], o) => {
        const agent = await client().agents.suspend(id!, {
          reason: o.reason as string | undefined,
        });
        out.print(agent, () => out.line(`suspended ${agent.id}`));
      }),
    );
  agents
    .command('resume')
    .description('let a suspended agent call again')
    .argument('<agent-id>', 'the agent')
    .action(
      act(async ({ out, client }, [id]) => {
        const agent = await client().agents.resume(id!);
        out.print(agent, () => out.line(`resumed ${agent.id}`));
      }),
    );
  destructive(
    agents
      .command('delete')
      .description('delete an agent (its history stays in the audit log)')
      .argument('<agent-id>', 'the agent'),
  ).action(
    act(async ({ out, client }, [id], o) => {
      await confirm(`delete agent ${id}`, o.yes);
      await client().agents.delete(id!);
      out.print({ deleted: id }, () => out.line(`deleted ${id}`));
    }),
  );

  registerBudget(agents);
}

function registerBudget(agents: Command) {
  const budget = agents.command('budget').description("an agent's budget");
  budget
    .command('get')
    .description('spent, limit and what is left')
    .argument('<agent-id>', 'the agent')
    .action(
      act(async ({ out, client }, [id]) => {
        const b = await client().agents.getBudget(id!);
        out.print(b, () =>
          out.line(
            `${id}: spent ${dollars(b.spent_micros)} of ${dollars(b.limit_micros)}, ${dollars(b.remaining_micros)} left${b.alert_threshold_pct ? `, alert at ${b.alert_threshold_pct}%` : ''}`,
          ),
        );
      }),
    );
  examples(
    budget
      .command('set')
      .description('set the limit (and the alert threshold)')
      .argument('<agent-id>', 'the agent')
      .argument('<amount>', 'dollars ("5.00"), micros ("5000000u") or "unlimited"', parseMicros)
      .option('--alert <pct>', 'alert at this share of the budget, 1..100', integer(1, 100))
      .action(
        act(async ({ out, client }, [id, amount], o) => {
          const b = await client().agents.setBudget(id!, {
            limit_micros: amount as unknown as number | null,
            ...(o.alert !== undefined && { alert_threshold_pct: o.alert as number }),
          });
          out.print(b, () => out.line(`${id}: limit ${dollars(b.limit_micros)}`));
        }),
      ),
    'tollgate agents budget set research-v1 10.00 --alert 80',
    'tollgate agents budget set research-v1 unlimited',
  );
}
