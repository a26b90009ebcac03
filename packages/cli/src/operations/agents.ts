/** Agents and their budgets: `tollgate agents …` and the agent MCP tools. */
import {
  zAgentCreate,
  zAgentRegistrationRequest,
  zKeyRotationRequest,
  zListAgentsQuery,
  zSuspendRequest,
} from '@tollgate/api/schemas';
import { z } from 'zod';
import { ADD, CHANGE, READ } from '../mcp/common';
import { dollars, integer, parseMicros } from '../parse';
import { period, periodFlag, timeZone, timeZoneFlag } from './budget-groups';
import { action, list } from './define';
import { alertPct, arg, described, flag, id, micros } from './fields';

const agentArg = arg('<agent-id>', 'the agent');
const amountHelp = 'dollars ("5.00"), micros ("5000000u") or "unlimited"';
const alertFlag = flag('--alert <pct>', 'alert at this share of the budget, 1..100', integer());

export const agentOperations = [
  list({
    tool: {
      name: 'list_agents',
      title: 'List agents',
      description: 'List agents with their status and budget.',
      annotations: READ,
    },
    input: z.object({ status: zListAgentsQuery.shape.status }),
    list: (tg, query) => tg.agents.list(query),
    command: {
      path: ['agents', 'list'],
      help: 'list agents with status and budget',
      fields: { status: flag('--status <status>', 'only agents in this status') },
      limit: 50,
      columns: ['id', 'name', 'status', 'spent', 'limit', 'last_run_id'],
      display: (a) => ({
        spent: dollars(a.budget.spent_micros),
        limit: dollars(a.budget.limit_micros),
      }),
      examples: [
        'tollgate agents list --status suspended',
        'tollgate agents list --json | jq -r ".[].id"',
      ],
    },
  }),
  action({
    tool: {
      name: 'get_agent',
      title: 'Get an agent',
      description: 'One agent with its budget (spent, limit, alert threshold).',
      annotations: READ,
    },
    input: z.object({ agent_id: id('the agent') }),
    run: (tg, { agent_id }) => tg.agents.get(agent_id),
    command: {
      path: ['agents', 'get'],
      help: 'show one agent and its budget',
      fields: { agent_id: agentArg },
    },
  }),
  action({
    tool: {
      name: 'create_agent',
      title: 'Create an agent',
      description:
        'MUTATION: create an agent record (no key is made; the agent registers its own identity).',
      annotations: ADD,
    },
    input: z.object({
      id: z.nonoptional(zAgentCreate.shape.id).describe('the id to give it'),
      name: zAgentCreate.shape.name,
      description: zAgentCreate.shape.description,
      limit_micros: z.optional(micros),
      alert_threshold_pct: z.optional(alertPct),
    }),
    run: (tg, { limit_micros, alert_threshold_pct, ...agent }) =>
      tg.agents.create({
        ...agent,
        ...((limit_micros !== undefined || alert_threshold_pct !== undefined) && {
          budget: { limit_micros: limit_micros ?? null, alert_threshold_pct },
        }),
      }),
    command: {
      path: ['agents', 'create'],
      help: 'create an agent (an operator record; no key is made: see `agents register`)',
      fields: {
        id: arg('<agent-id>', 'the id to give it'),
        name: { spec: '--name <name>', help: 'display name (default: the id)', orField: 'id' },
        description: flag('--description <text>', 'what it does'),
        limit_micros: flag('--budget <amount>', `limit: ${amountHelp}`, parseMicros),
        alert_threshold_pct: alertFlag,
      },
      show: (out, agent) =>
        out.line(`created ${agent.id} (budget ${dollars(agent.budget.limit_micros)})`),
      examples: ['tollgate agents create research-v1 --name Research --budget 5.00 --alert 80'],
    },
  }),
  action({
    input: z.object({
      agent_id: id('the agent (created if missing)'),
      name: zAgentRegistrationRequest.shape.name,
      limit_micros: z.optional(micros),
    }),
    run: async (tg, { agent_id, name, limit_micros }) => {
      const agent = await tg.agents.register({
        agentId: agent_id,
        name,
        budget: limit_micros === undefined ? undefined : { limitMicros: limit_micros },
      });
      return {
        agent_id: agent.agentId,
        run_id: agent.runId,
        certificate_expires_at: agent.certificateExpiresAt,
      };
    },
    command: {
      path: ['agents', 'register'],
      help: 'register a run identity for this machine (its key is kept in ~/.tollgate/agents)',
      fields: {
        agent_id: arg('<agent-id>', 'the agent (created if missing)'),
        name: flag('--name <name>', 'display name when the agent is created'),
        limit_micros: flag('--budget <amount>', amountHelp, parseMicros),
      },
      show: (out, r) =>
        out.line(
          `registered ${r.agent_id}: run ${r.run_id}, certificate valid until ${r.certificate_expires_at}`,
        ),
    },
  }),
  action({
    tool: {
      name: 'suspend_agent',
      title: 'Suspend an agent',
      description: 'MUTATION: suspend an agent: its calls are refused until it is resumed.',
      annotations: CHANGE,
    },
    input: z.object({ agent_id: id('the agent'), reason: zSuspendRequest.shape.reason }),
    run: (tg, { agent_id, reason }) => tg.agents.suspend(agent_id, { reason }),
    command: {
      path: ['agents', 'suspend'],
      help: 'stop an agent: its calls are refused until it is resumed',
      fields: {
        agent_id: agentArg,
        reason: flag('--reason <text>', 'why (recorded in the audit log)'),
      },
      show: (out, agent) => out.line(`suspended ${agent.id}`),
    },
  }),
  action({
    tool: {
      name: 'resume_agent',
      title: 'Resume an agent',
      description: 'MUTATION: resume a suspended agent.',
      annotations: { ...CHANGE, destructiveHint: false },
    },
    input: z.object({ agent_id: id('the agent') }),
    run: (tg, { agent_id }) => tg.agents.resume(agent_id),
    command: {
      path: ['agents', 'resume'],
      help: 'let a suspended agent call again',
      fields: { agent_id: agentArg },
      show: (out, agent) => out.line(`resumed ${agent.id}`),
    },
  }),
  action({
    input: z.object({ agent_id: id('the agent') }),
    run: async (tg, { agent_id }) => {
      await tg.agents.delete(agent_id);
      return { deleted: agent_id };
    },
    command: {
      path: ['agents', 'delete'],
      help: 'delete an agent (its history stays in the audit log)',
      fields: { agent_id: agentArg },
      confirm: ({ agent_id }) => `delete agent ${agent_id}`,
      show: (out, { deleted }) => out.line(`deleted ${deleted}`),
    },
  }),
  action({
    tool: {
      name: 'rotate_agent_key',
      title: "Rotate an agent's key",
      description:
        'MUTATION: move an agent to a new public key (base64url x of an Ed25519 key): every certificate it holds is revoked, and the change is in the audit log.',
      annotations: CHANGE,
    },
    input: z.object({
      agent_id: id('the agent'),
      public_key: described(
        zKeyRotationRequest.shape.public_key.shape.x,
        "the new key: the Ed25519 public key's base64url x (43 characters)",
      ),
      reason: zKeyRotationRequest.shape.reason,
    }),
    run: (tg, { agent_id, public_key, reason }) =>
      tg.agents.rotateKey(agent_id, {
        public_key: { kty: 'OKP', crv: 'Ed25519', x: public_key },
        reason,
      }),
    command: {
      path: ['agents', 'rotate-key'],
      help: 'move an agent to a new key (revokes its certificates; the agent then registers with the key)',
      fields: {
        agent_id: agentArg,
        public_key: arg('<public-key>', "the new Ed25519 public key's base64url x"),
        reason: flag('--reason <text>', 'why (recorded in the audit log)'),
      },
      confirm: ({ agent_id }) => `rotate the key of agent ${agent_id} (revokes its certificates)`,
      show: (out, r) =>
        out.line(`rotated ${r.agent_id}: ${r.revoked_serials.length} certificate(s) revoked`),
    },
  }),
  action({
    tool: {
      name: 'get_certificate_status',
      title: "A certificate's status",
      description: 'Whether the agent certificate with this serial is valid, revoked or unknown.',
      annotations: READ,
    },
    input: z.object({ serial: id('the certificate serial') }),
    run: (tg, { serial }) => tg.agents.certificateStatus(serial),
    command: {
      path: ['agents', 'certificate-status'],
      help: 'is the certificate with this serial valid, revoked or unknown',
      fields: { serial: arg('<serial>', 'the certificate serial') },
      show: (out, st) =>
        out.line(
          `${st.serial}: ${st.status}${st.agent_id ? ` (${st.agent_id})` : ''}${st.revoked_at ? ` since ${st.revoked_at}` : ''}`,
        ),
    },
  }),
  action({
    input: z.object({ agent_id: id('the agent') }),
    run: (tg, { agent_id }) => tg.agents.getBudget(agent_id),
    command: {
      path: ['agents', 'budget', 'get'],
      help: 'spent, limit and what is left',
      fields: { agent_id: agentArg },
      show: (out, b, { agent_id }) =>
        out.line(
          `${agent_id}: spent ${dollars(b.spent_micros)} of ${dollars(b.limit_micros)}, ${dollars(b.remaining_micros)} left${b.alert_threshold_pct ? `, alert at ${b.alert_threshold_pct}%` : ''}`,
        ),
    },
  }),
  action({
    tool: {
      name: 'set_agent_budget',
      title: "Set an agent's budget",
      description:
        "MUTATION: set an agent's budget limit in micro-dollars (null = unlimited), alert threshold, and the period it resets on.",
      annotations: CHANGE,
    },
    input: z.object({
      agent_id: id('the agent'),
      limit_micros: micros,
      alert_threshold_pct: z.optional(alertPct),
      period: z.optional(period),
      time_zone: z.optional(timeZone),
    }),
    run: (tg, { agent_id, ...budget }) => tg.agents.setBudget(agent_id, budget),
    command: {
      path: ['agents', 'budget', 'set'],
      help: 'set the limit (and the alert threshold)',
      fields: {
        agent_id: agentArg,
        limit_micros: arg('<amount>', amountHelp, parseMicros),
        alert_threshold_pct: alertFlag,
        period: periodFlag,
        time_zone: timeZoneFlag,
      },
      show: (out, b, { agent_id }) =>
        out.line(
          `${agent_id}: limit ${dollars(b.limit_micros)}${b.period && b.period !== 'none' ? ` ${b.period}, resets ${b.period_end}` : ''}`,
        ),
      examples: [
        'tollgate agents budget set research-v1 10.00 --alert 80',
        'tollgate agents budget set research-v1 2.00 --period daily --time-zone America/New_York',
        'tollgate agents budget set research-v1 unlimited',
      ],
    },
  }),
];
