/**
 * Budget groups and the agent's place in them, and the agent's rate limits: `tollgate
 * budget-groups …`, `tollgate agents group|rate-limit …` and their MCP tools (control plane 2.20+).
 */
import { zBudgetGroupCreate, zBudgetInput, zRateLimits } from '@tollgate/api/schemas';
import { z } from 'zod';
import { ADD, CHANGE, READ } from '../mcp/common';
import { dollars, integer, parseMicros } from '../parse';
import { action, list } from './define';
import { alertPct, arg, described, flag, id, micros } from './fields';

const amountHelp = 'dollars ("5.00"), micros ("5000000u") or "unlimited"';
export const period = described(
  zBudgetInput.shape.period,
  'when spend resets: none, daily, weekly (Monday) or monthly',
);
export const timeZone = described(
  zBudgetInput.shape.time_zone,
  'the IANA time zone the period is counted in (default UTC)',
);
export const periodFlag = flag('--period <period>', 'none | daily | weekly | monthly');
export const timeZoneFlag = flag(
  '--time-zone <zone>',
  'IANA zone, e.g. Europe/Paris (default UTC)',
);
const groupArg = arg('<group-id>', 'the budget group');
const spentLine = (g: {
  spent_micros: number;
  limit_micros: number | null;
  period_end: string | null;
}) =>
  `spent ${dollars(g.spent_micros)} of ${dollars(g.limit_micros)}${g.period_end ? ` this period (resets ${g.period_end})` : ''}`;

export const budgetGroupOperations = [
  list({
    tool: {
      name: 'list_budget_groups',
      title: 'List budget groups',
      description: 'Budgets several agents draw on (a team or project), with spend this period.',
      annotations: READ,
    },
    input: z.object({}),
    list: (tg) => tg.budgetGroups.list(),
    command: {
      path: ['budget-groups', 'list'],
      help: 'list budget groups with spend and limit',
      fields: {},
      limit: 50,
      columns: ['id', 'name', 'period', 'spent', 'limit', 'period_end'],
      display: (g) => ({ spent: dollars(g.spent_micros), limit: dollars(g.limit_micros) }),
    },
  }),
  action({
    tool: {
      name: 'get_budget_group',
      title: 'Get a budget group',
      description: 'One budget group: limit, period, spend this period and what remains.',
      annotations: READ,
    },
    input: z.object({ group_id: id('the budget group') }),
    run: (tg, { group_id }) => tg.budgetGroups.get(group_id),
    command: {
      path: ['budget-groups', 'get'],
      help: 'show one budget group',
      fields: { group_id: groupArg },
    },
  }),
  action({
    tool: {
      name: 'create_budget_group',
      title: 'Create a budget group',
      description:
        'MUTATION: create a budget several agents draw on besides their own (limit in micro-dollars, null = unlimited).',
      annotations: ADD,
    },
    input: z.object({
      id: z.nonoptional(zBudgetGroupCreate.shape.id).describe('the id to give it'),
      name: zBudgetGroupCreate.shape.name,
      limit_micros: micros,
      alert_threshold_pct: z.optional(alertPct),
      period: z.optional(period),
      time_zone: z.optional(timeZone),
    }),
    run: (tg, group) => tg.budgetGroups.create(group),
    command: {
      path: ['budget-groups', 'create'],
      help: 'create a budget that several agents draw on',
      fields: {
        id: arg('<group-id>', 'the id to give it'),
        name: { spec: '--name <name>', help: 'display name (default: the id)', orField: 'id' },
        limit_micros: arg('<amount>', amountHelp, parseMicros),
        alert_threshold_pct: flag('--alert <pct>', 'alert at this share, 1..100', integer()),
        period: periodFlag,
        time_zone: timeZoneFlag,
      },
      show: (out, g) => out.line(`created ${g.id}: ${spentLine(g)}`),
      examples: [
        'tollgate budget-groups create research 50.00 --period monthly --time-zone Europe/Paris',
      ],
    },
  }),
  action({
    tool: {
      name: 'update_budget_group',
      title: 'Update a budget group',
      description: 'MUTATION: change a budget group’s limit, period or time zone (spend stays).',
      annotations: CHANGE,
    },
    input: z.object({
      group_id: id('the budget group'),
      limit_micros: z.optional(micros),
      period: z.optional(period),
      time_zone: z.optional(timeZone),
    }),
    run: (tg, { group_id, ...changes }) => tg.budgetGroups.update(group_id, changes),
    command: {
      path: ['budget-groups', 'update'],
      help: 'change the limit, period or time zone',
      fields: {
        group_id: groupArg,
        limit_micros: flag('--limit <amount>', amountHelp, parseMicros),
        period: periodFlag,
        time_zone: timeZoneFlag,
      },
      show: (out, g) => out.line(`${g.id}: ${spentLine(g)}`),
    },
  }),
  action({
    tool: {
      name: 'set_agent_group',
      title: 'Put an agent in a budget group',
      description:
        'MUTATION: make an agent draw on a budget group besides its own budget (null takes it out).',
      annotations: CHANGE,
    },
    input: z.object({
      agent_id: id('the agent'),
      budget_group_id: z.nullable(id('the budget group, or null for none')),
    }),
    run: (tg, { agent_id, budget_group_id }) => tg.agents.update(agent_id, { budget_group_id }),
    command: {
      path: ['agents', 'group'],
      help: 'put an agent in a budget group ("none" takes it out)',
      fields: {
        agent_id: arg('<agent-id>', 'the agent'),
        budget_group_id: arg('<group-id>', 'the budget group, or "none"', (t) =>
          t === 'none' ? null : t,
        ),
      },
      show: (out, a) => out.line(`${a.id}: budget group ${a.budget_group_id ?? 'none'}`),
    },
  }),
  action({
    tool: {
      name: 'set_agent_rate_limits',
      title: "Set an agent's rate limits",
      description:
        'MUTATION: requests and tokens per minute an agent may send through the LLM proxy (null = no limit).',
      annotations: CHANGE,
    },
    input: z.object({
      agent_id: id('the agent'),
      requests_per_minute: z.optional(
        described(zRateLimits.shape.requests_per_minute, 'LLM calls per minute'),
      ),
      tokens_per_minute: z.optional(
        described(zRateLimits.shape.tokens_per_minute, 'tokens per minute'),
      ),
    }),
    run: (tg, { agent_id, ...rate_limits }) => tg.agents.update(agent_id, { rate_limits }),
    command: {
      path: ['agents', 'rate-limit'],
      // A limit is lifted with null, through the MCP tool or the SDK (commander cannot pass one).
      help: 'limit LLM calls and tokens per minute',
      fields: {
        agent_id: arg('<agent-id>', 'the agent'),
        requests_per_minute: flag('--rpm <n>', 'LLM calls per minute', integer(1)),
        tokens_per_minute: flag('--tpm <n>', 'tokens per minute', integer(1)),
      },
      show: (out, a) =>
        out.line(
          `${a.id}: ${a.rate_limits?.requests_per_minute ?? 'unlimited'} calls/min, ${a.rate_limits?.tokens_per_minute ?? 'unlimited'} tokens/min`,
        ),
      examples: ['tollgate agents rate-limit research-v1 --rpm 60 --tpm 100000'],
    },
  }),
];
