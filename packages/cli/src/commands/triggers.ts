/** tollgate triggers: list, create, delete. */
import type { Command } from 'commander';
import { confirm, destructive } from '../confirm';
import { integer, jsonObject } from '../parse';
import { act, examples, take } from './action';

export function registerTriggers(program: Command) {
  const triggers = program.command('triggers').description('HMAC-signed webhook triggers');
  triggers
    .command('list')
    .description('list triggers')
    .action(
      act(async ({ out, client }) =>
        out.table(await take(client().triggers.list(), 10_000), [
          'id',
          'name',
          'agent_id',
          'service',
          'operation',
          'last_fired_at',
        ]),
      ),
    );
  examples(
    triggers
      .command('create')
      .description('create a trigger; its signing secret is shown once')
      .argument('<name>', 'the trigger name')
      .requiredOption('--agent <id>', 'the agent the service request is made for')
      .requiredOption('--service <service>', 'the service to call')
      .requiredOption('--operation <operation>', 'the operation to call')
      .option(
        '--template <json>',
        'payload template (a JSON object); {{field}} is filled from the fired body',
        jsonObject,
        {},
      )
      .option('--tolerance <seconds>', 'how old a signature may be', integer(1, 86_400))
      .action(
        act(async ({ out, client }, [name], o) => {
          const created = await client().triggers.create({
            name: name!,
            agent_id: String(o.agent),
            service: String(o.service),
            operation: String(o.operation),
            payload_template: o.template as Record<string, unknown>,
            ...(o.tolerance !== undefined && { tolerance_seconds: o.tolerance as number }),
          });
          out.print(created, () =>
            out.line(
              `created ${created.trigger.id}; the signing secret is shown once:\n${created.secret}`,
            ),
          );
        }),
      ),
    `tollgate triggers create invoice-paid --agent billing --service email --operation send --template '{"to":"{{email}}"}'`,
  );
  destructive(
    triggers
      .command('delete')
      .description('delete a trigger: its webhook stops working')
      .argument('<trigger-id>', 'the trigger'),
  ).action(
    act(async ({ out, client }, [id], o) => {
      await confirm(`delete trigger ${id}`, o.yes);
      await client().triggers.delete(id!);
      out.print({ deleted: id }, () => out.line(`deleted ${id}`));
    }),
  );
}
