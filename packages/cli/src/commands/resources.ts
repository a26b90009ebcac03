/** Operator commands over the SDK's resources: agents, tools, runs, approvals, usage, keys, triggers. */
import type { Command } from 'commander';
import { contextOf, dollars, parseMicros } from '../context';

type Options = Record<string, string | boolean | undefined>;
type Action = (
  ctx: ReturnType<typeof contextOf>,
  args: string[],
  options: Options,
) => Promise<void>;

/** Adapts commander's (args…, options, command) to (context, args, options). */
const act =
  (fn: Action) =>
  async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    await fn(contextOf(command), args.slice(0, -2).map(String), command.opts<Options>());
  };

async function all<T>(iterable: AsyncIterable<T>, limit: number): Promise<T[]> {
  const rows: T[] = [];
  for await (const item of iterable) {
    rows.push(item);
    if (rows.length >= limit) break;
  }
  return rows;
}

export function registerResources(program: Command) {
  const agents = program.command('agents').description('manage agents');
  agents
    .command('list')
    .option('--status <status>')
    .option('--limit <n>', 'at most n rows', '50')
    .action(
      act(async ({ out, client }, _args, o) => {
        const rows = await all(
          client().agents.list({ status: o.status as 'active' | undefined }),
          Number(o.limit),
        );
        out.table(
          rows.map((a) => ({
            ...a,
            spent: dollars(a.budget.spent_micros),
            limit: dollars(a.budget.limit_micros),
          })),
          ['id', 'name', 'status', 'spent', 'limit', 'last_run_id'],
        );
      }),
    );
  agents
    .command('get')
    .argument('<agent-id>')
    .action(act(async ({ out, client }, [id]) => out.print(await client().agents.get(id!))));
  agents
    .command('suspend')
    .argument('<agent-id>')
    .option('--reason <text>')
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
    .argument('<agent-id>')
    .action(
      act(async ({ out, client }, [id]) => {
        const agent = await client().agents.resume(id!);
        out.print(agent, () => out.line(`resumed ${agent.id}`));
      }),
    );
  agents
    .command('register')
    .description('register a run identity for this machine (key kept in ~/.tollgate/agents)')
    .argument('<agent-id>')
    .option('--name <name>')
    .option('--budget <amount>', 'dollars ("5.00"), micros ("5000000u") or "unlimited"')
    .action(
      act(async ({ out, client }, [id], o) => {
        const budget = o.budget ? { limitMicros: parseMicros(String(o.budget)) } : undefined;
        const agent = await client().agents.register({
          agentId: id!,
          name: o.name as string | undefined,
          budget,
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
  const budget = agents.command('budget').description("an agent's budget");
  budget
    .command('get')
    .argument('<agent-id>')
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
  budget
    .command('set')
    .argument('<agent-id>')
    .argument('<amount>', 'dollars, micros ("…u") or "unlimited"')
    .option('--alert <pct>')
    .action(
      act(async ({ out, client }, [id, amount], o) => {
        const b = await client().agents.setBudget(id!, {
          limit_micros: parseMicros(amount!),
          ...(o.alert && { alert_threshold_pct: Number(o.alert) }),
        });
        out.print(b, () => out.line(`${id}: limit ${dollars(b.limit_micros)}`));
      }),
    );

  const tools = program.command('tools').description('manage tools');
  tools
    .command('list')
    .action(
      act(async ({ out, client }) =>
        out.table(await all(client().tools.list(), 1000), [
          'id',
          'name',
          'policy',
          'auth_type',
          'base_url',
        ]),
      ),
    );
  tools
    .command('register')
    .argument('<name>')
    .requiredOption('--base-url <url>')
    .option('--auth-type <type>', 'none | api_key | oauth2', 'none')
    .option('--policy <policy>', 'allow | approval_required | deny', 'approval_required')
    .action(
      act(async ({ out, client }, [name], o) => {
        const tool = await client().tools.register({
          name: name!,
          base_url: String(o.baseUrl),
          auth_type: o.authType as 'none',
          policy: o.policy as 'allow',
        });
        out.print(tool, () =>
          out.line(`registered ${tool.name} (${tool.id}), policy ${tool.policy}`),
        );
      }),
    );
  tools
    .command('delete')
    .argument('<tool-id>')
    .action(
      act(async ({ out, client }, [id]) => {
        await client().tools.delete(id!);
        out.print({ deleted: id }, () => out.line(`deleted ${id}`));
      }),
    );

  const runs = program.command('runs').description('governed runs');
  runs
    .command('list')
    .option('--agent <id>')
    .option('--status <status>')
    .option('--limit <n>', 'at most n rows', '50')
    .action(
      act(async ({ out, client }, _args, o) => {
        const rows = await all(
          client().runs.list({
            agent_id: o.agent as string | undefined,
            status: o.status as 'running' | undefined,
          }),
          Number(o.limit),
        );
        out.table(rows, ['id', 'agent_id', 'action', 'status', 'decision', 'created_at']);
      }),
    );
  runs
    .command('get')
    .argument('<run-id>')
    .action(act(async ({ out, client }, [id]) => out.print(await client().runs.get(id!))));
  runs
    .command('cancel')
    .argument('<run-id>')
    .action(
      act(async ({ out, client }, [id]) => {
        const run = await client().runs.cancel(id!);
        out.print(run, () => out.line(`cancelled ${run.id}`));
      }),
    );
  runs
    .command('tail')
    .description("follow a run's events until it ends (Ctrl-C stops)")
    .argument('<run-id>')
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
    );

  const approvals = program.command('approvals').description('human decisions');
  approvals
    .command('list')
    .option('--status <status>', 'pending | approved | rejected | expired', 'pending')
    .action(
      act(async ({ out, client }, _args, o) => {
        const rows = await all(client().approvals.list({ status: o.status as 'pending' }), 1000);
        out.table(rows, ['id', 'kind', 'agent_id', 'status', 'summary', 'requested_at']);
      }),
    );
  approvals
    .command('approve')
    .argument('<approval-id>')
    .option('--comment <text>')
    .action(
      act(async ({ out, client }, [id], o) => {
        const a = await client().approvals.approve(id!, {
          comment: o.comment as string | undefined,
        });
        out.print(a, () => out.line(`approved ${a.id}`));
      }),
    );
  approvals
    .command('reject')
    .argument('<approval-id>')
    .requiredOption('--reason <text>')
    .action(
      act(async ({ out, client }, [id], o) => {
        const a = await client().approvals.reject(id!, { reason: String(o.reason) });
        out.print(a, () => out.line(`rejected ${a.id}`));
      }),
    );

  program
    .command('usage')
    .description('spend and tokens over a period')
    .option('--agent <id>')
    .option('--from <date>')
    .option('--to <date>')
    .action(
      act(async ({ out, client }, _args, o) => {
        const u = await client().usage.get({
          agent_id: o.agent as string | undefined,
          from: o.from as string | undefined,
          to: o.to as string | undefined,
        });
        out.print(u, () => {
          out.line(
            `${u.from} → ${u.to}: ${dollars(u.total_cost_micros)}, ${u.request_count} requests, ${u.input_tokens}/${u.output_tokens} tokens in/out`,
          );
          out.table(
            u.by_agent.map((a) => ({ ...a, cost: dollars(a.cost_micros) })),
            ['agent_id', 'cost', 'request_count', 'input_tokens', 'output_tokens'],
          );
        });
      }),
    );

  const keys = program.command('api-keys').description('scoped operator API keys');
  keys
    .command('list')
    .action(
      act(async ({ out, client }) =>
        out.table(await all(client().apiKeys.list(), 1000), [
          'id',
          'name',
          'prefix',
          'scopes',
          'revoked_at',
        ]),
      ),
    );
  keys
    .command('create')
    .argument('<name>')
    .requiredOption('--scopes <list>', 'comma-separated, e.g. runs:read,audit:read')
    .action(
      act(async ({ out, client }, [name], o) => {
        const created = await client().apiKeys.create({
          name: name!,
          scopes: String(o.scopes).split(','),
        });
        out.print(created, () =>
          out.line(`created ${created.api_key.id}; the key is shown once:\n${created.secret}`),
        );
      }),
    );
  keys
    .command('revoke')
    .argument('<key-id>')
    .action(
      act(async ({ out, client }, [id]) => {
        const k = await client().apiKeys.revoke(id!);
        out.print(k, () => out.line(`revoked ${k.id}`));
      }),
    );

  const triggers = program.command('triggers').description('HMAC-signed webhook triggers');
  triggers
    .command('list')
    .action(
      act(async ({ out, client }) =>
        out.table(await all(client().triggers.list(), 1000), [
          'id',
          'name',
          'agent_id',
          'service',
          'operation',
          'last_fired_at',
        ]),
      ),
    );
  triggers
    .command('create')
    .argument('<name>')
    .requiredOption('--agent <id>')
    .requiredOption('--service <service>')
    .requiredOption('--operation <operation>')
    .option('--template <json>', 'payload template; {{field}} is filled from the fired body', '{}')
    .action(
      act(async ({ out, client }, [name], o) => {
        const created = await client().triggers.create({
          name: name!,
          agent_id: String(o.agent),
          service: String(o.service),
          operation: String(o.operation),
          payload_template: JSON.parse(String(o.template)),
        });
        out.print(created, () =>
          out.line(
            `created ${created.trigger.id}; the signing secret is shown once:\n${created.secret}`,
          ),
        );
      }),
    );
  triggers
    .command('delete')
    .argument('<trigger-id>')
    .action(
      act(async ({ out, client }, [id]) => {
        await client().triggers.delete(id!);
        out.print({ deleted: id }, () => out.line(`deleted ${id}`));
      }),
    );
}
