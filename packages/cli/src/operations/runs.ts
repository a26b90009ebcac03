/** Governed runs: `tollgate runs …` and the run MCP tools. */
import { zListRunsQuery } from '@tollgate/api/schemas';
import { z } from 'zod';
import { CHANGE, READ } from '../mcp/common';
import { take } from '../take';
import { action, list, stream } from './define';
import { arg, described, flag, id } from './fields';

const runArg = arg('<run-id>', 'the run');
const runInput = z.object({ run_id: id('the run') });

export const runOperations = [
  list({
    tool: {
      name: 'list_runs',
      title: 'List runs',
      description: 'List governed runs, newest first.',
      annotations: READ,
    },
    input: z.object({
      agent_id: described(zListRunsQuery.shape.agent_id, "only this agent's runs"),
      status: zListRunsQuery.shape.status,
    }),
    list: (tg, query) => tg.runs.list(query),
    command: {
      path: ['runs', 'list'],
      help: 'list runs, newest first',
      fields: {
        agent_id: flag('--agent <id>', "only this agent's runs"),
        status: flag('--status <status>', 'only runs in this status'),
      },
      limit: 50,
      columns: ['id', 'agent_id', 'action', 'status', 'decision', 'created_at'],
      examples: ['tollgate runs list --agent research-v1 --status running'],
    },
  }),
  action({
    input: runInput,
    run: (tg, { run_id }) => tg.runs.get(run_id),
    command: { path: ['runs', 'get'], help: 'show one run', fields: { run_id: runArg } },
  }),
  action({
    tool: {
      name: 'get_run',
      title: 'Get a run',
      description: 'One run and its events so far.',
      annotations: READ,
    },
    input: runInput,
    run: async (tg, { run_id }) => ({
      run: await tg.runs.get(run_id),
      events: await take(tg.runs.events(run_id), 500),
    }),
  }),
  action({
    tool: {
      name: 'cancel_run',
      title: 'Cancel a run',
      description: 'MUTATION: cancel a run that has not ended.',
      annotations: CHANGE,
    },
    input: runInput,
    run: (tg, { run_id }) => tg.runs.cancel(run_id),
    command: {
      path: ['runs', 'cancel'],
      help: 'cancel a run that has not ended',
      fields: { run_id: runArg },
      confirm: ({ run_id }) => `cancel run ${run_id}`,
      show: (out, run) => out.line(`cancelled ${run.id}`),
    },
  }),
  stream({
    tool: {
      name: 'tail_run',
      title: 'Follow a run',
      description: "Follow a run's events until it ends or the wait runs out.",
      annotations: READ,
    },
    input: runInput,
    stream: (tg, { run_id }, signal) => tg.runs.stream(run_id, { signal }),
    command: {
      path: ['runs', 'tail'],
      help: "follow a run's events until it ends (Ctrl-C stops)",
      fields: { run_id: runArg },
      line: (out, e) =>
        out.json
          ? JSON.stringify(e)
          : `${out.color(2, e.created_at)} #${e.sequence} ${out.color(36, e.type)} ${JSON.stringify(e.data)}`,
      examples: ['tollgate runs tail run_123 --json   # one JSON event per line'],
    },
  }),
];
