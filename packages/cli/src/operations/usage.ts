/** Spend and tokens (`tollgate usage`, get_usage) and the audit log's filters (list_audit_log). */
import { zGetUsageQuery, zListAuditLogQuery } from '@tollgate/api/schemas';
import { z } from 'zod';
import { READ } from '../mcp/common';
import { dollars } from '../parse';
import { action, type CliFields, list } from './define';
import { described, flag } from './fields';

export const auditQuery = z.object({
  agent_id: described(zListAuditLogQuery.shape.agent_id, "only this agent's entries"),
  action: described(zListAuditLogQuery.shape.action, 'only this action, e.g. agent.suspended'),
  since: described(zListAuditLogQuery.shape.since, 'from this time, ISO 8601'),
  until: described(zListAuditLogQuery.shape.until, 'up to this time, ISO 8601'),
});

/** `audit export`'s filter flags (the export itself is commands/audit.ts). */
export const auditFlags: CliFields<typeof auditQuery> = {
  agent_id: flag('--agent <id>', "only this agent's entries"),
  action: flag('--action <action>', 'only this action, e.g. agent.suspended'),
  since: flag('--since <date>', 'from this time (ISO 8601)'),
  until: flag('--until <date>', 'up to this time (ISO 8601)'),
};

export const usageOperations = [
  action({
    tool: {
      name: 'get_usage',
      title: 'Get usage',
      description: 'Spend (micro-dollars) and tokens over a period, by agent and by model.',
      annotations: READ,
    },
    input: z.object({
      agent_id: described(zGetUsageQuery.shape.agent_id, 'only this agent'),
      from: described(
        zGetUsageQuery.shape.from,
        'start, ISO 8601 (default: the start of this month)',
      ),
      to: described(zGetUsageQuery.shape.to, 'end, ISO 8601 (default: now)'),
    }),
    run: (tg, query) => tg.usage.get(query),
    command: {
      path: ['usage'],
      help: 'spend and tokens over a period, by agent',
      fields: {
        agent_id: flag('--agent <id>', 'only this agent'),
        from: flag('--from <date>', 'start (ISO 8601; default: the start of this month)'),
        to: flag('--to <date>', 'end (ISO 8601; default: now)'),
      },
      show: (out, u) => {
        out.line(
          `${u.from} → ${u.to}: ${dollars(u.total_cost_micros)}, ${u.request_count} requests, ${u.input_tokens}/${u.output_tokens} tokens in/out`,
        );
        out.table(
          u.by_agent,
          ['agent_id', 'cost', 'request_count', 'input_tokens', 'output_tokens'],
          (a) => ({ cost: dollars(a.cost_micros) }),
        );
      },
      examples: ['tollgate usage --agent research-v1 --from 2026-11-01T00:00:00Z'],
    },
  }),
  list({
    tool: {
      name: 'list_audit_log',
      title: 'Read the audit log',
      description: 'Audit entries, oldest first: who did what to which agent, run or key.',
      annotations: READ,
    },
    input: auditQuery,
    list: (tg, query) => tg.auditLog.list(query),
  }),
];
