/** tollgate usage: spend and tokens over a period. */
import type { Command } from 'commander';
import { dollars } from '../parse';
import { act, examples } from './action';

export function registerUsage(program: Command) {
  examples(
    program
      .command('usage')
      .description('spend and tokens over a period, by agent')
      .option('--agent <id>', 'only this agent')
      .option('--from <date>', 'start (ISO 8601; default: the start of this month)')
      .option('--to <date>', 'end (ISO 8601; default: now)')
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
              u.by_agent,
              ['agent_id', 'cost', 'request_count', 'input_tokens', 'output_tokens'],
              (a) => ({
                cost: dollars(a.cost_micros),
              }),
            );
          });
        }),
      ),
    'tollgate usage --agent research-v1 --from 2026-11-01',
  );
}
