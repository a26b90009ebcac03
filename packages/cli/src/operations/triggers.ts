/** HMAC-signed webhook triggers: `tollgate triggers …` and the trigger MCP tools. */
import { zTriggerCreate } from '@tollgate/api/schemas';
import { z } from 'zod';
import { ADD, READ } from '../mcp/common';
import { integer, jsonObject } from '../parse';
import { action, list } from './define';
import { arg, described, flag, id } from './fields';

export const triggerOperations = [
  list({
    tool: {
      name: 'list_triggers',
      title: 'List triggers',
      description: 'Webhook triggers and what service request each makes.',
      annotations: READ,
    },
    input: z.object({}),
    list: (tg) => tg.triggers.list(),
    command: {
      path: ['triggers', 'list'],
      help: 'list triggers',
      fields: {},
      columns: ['id', 'name', 'agent_id', 'service', 'operation', 'last_fired_at'],
    },
  }),
  action({
    tool: {
      name: 'create_trigger',
      title: 'Create a trigger',
      description:
        'MUTATION: create an HMAC-signed webhook trigger that makes a service request for an agent; the answer holds its signing secret, shown once.',
      annotations: ADD,
    },
    input: z.object({
      name: zTriggerCreate.shape.name,
      agent_id: id('the agent the service request is made for'),
      service: z.string().min(1),
      operation: z.string().min(1),
      payload_template: z
        ._default(zTriggerCreate.shape.payload_template, {})
        .describe('{{field}} is filled from the fired body'),
      tolerance_seconds: described(
        zTriggerCreate.shape.tolerance_seconds,
        'how old a signature may be, in seconds',
      ),
    }),
    run: (tg, trigger) => tg.triggers.create(trigger),
    command: {
      path: ['triggers', 'create'],
      help: 'create a trigger; its signing secret is shown once',
      fields: {
        name: arg('<name>', 'the trigger name'),
        agent_id: flag('--agent <id>', 'the agent the service request is made for'),
        service: flag('--service <service>', 'the service to call'),
        operation: flag('--operation <operation>', 'the operation to call'),
        payload_template: flag(
          '--template <json>',
          'payload template (a JSON object); {{field}} is filled from the fired body',
          jsonObject,
        ),
        tolerance_seconds: flag('--tolerance <seconds>', 'how old a signature may be', integer()),
      },
      show: (out, created) =>
        out.line(
          `created ${created.trigger.id}; the signing secret is shown once:\n${created.secret}`,
        ),
      examples: [
        `tollgate triggers create invoice-paid --agent billing --service email --operation send --template '{"to":"{{email}}"}'`,
      ],
    },
  }),
  action({
    input: z.object({ trigger_id: id('the trigger') }),
    run: async (tg, { trigger_id }) => {
      await tg.triggers.delete(trigger_id);
      return { deleted: trigger_id };
    },
    command: {
      path: ['triggers', 'delete'],
      help: 'delete a trigger: its webhook stops working',
      fields: { trigger_id: arg('<trigger-id>', 'the trigger') },
      confirm: ({ trigger_id }) => `delete trigger ${trigger_id}`,
      show: (out, { deleted }) => out.line(`deleted ${deleted}`),
    },
  }),
];
