/** Human decisions on held calls: `tollgate approvals …` and the approval MCP tools. */
import { zApproveRequest, zListApprovalsQuery, zRejectRequest } from '@tollgate/api/schemas';
import { z } from 'zod';
import { CHANGE, READ } from '../mcp/common';
import { action, list } from './define';
import { arg, flag, id } from './fields';

const approvalArg = arg('<approval-id>', 'the approval');

export const approvalOperations = [
  list({
    tool: {
      name: 'list_approvals',
      title: 'List approvals',
      description: 'List approvals (pending by default): the calls waiting for a human decision.',
      annotations: READ,
    },
    input: z.object({ status: z._default(zListApprovalsQuery.shape.status, 'pending') }),
    list: (tg, query) => tg.approvals.list(query),
    command: {
      path: ['approvals', 'list'],
      help: 'list approvals (pending by default)',
      fields: { status: flag('--status <status>', 'only approvals in this status') },
      limit: 1000,
      columns: ['id', 'kind', 'agent_id', 'status', 'summary', 'requested_at'],
    },
  }),
  action({
    tool: {
      name: 'approve_approval',
      title: 'Approve',
      description: 'MUTATION: approve a pending approval; what waited on it goes ahead.',
      annotations: CHANGE,
    },
    input: z.object({ approval_id: id('the approval'), comment: zApproveRequest.shape.comment }),
    run: (tg, { approval_id, comment }) => tg.approvals.approve(approval_id, { comment }),
    command: {
      path: ['approvals', 'approve'],
      help: 'approve: what waited on it goes ahead',
      fields: {
        approval_id: approvalArg,
        comment: flag('--comment <text>', 'recorded with the decision'),
      },
      show: (out, a) => out.line(`approved ${a.id}`),
      examples: ['tollgate approvals approve apr_123 --comment "checked with finance"'],
    },
  }),
  action({
    tool: {
      name: 'reject_approval',
      title: 'Reject',
      description: 'MUTATION: reject a pending approval with a reason; what waited on it ends.',
      annotations: CHANGE,
    },
    input: z.object({ approval_id: id('the approval'), reason: zRejectRequest.shape.reason }),
    run: (tg, { approval_id, reason }) => tg.approvals.reject(approval_id, { reason }),
    command: {
      path: ['approvals', 'reject'],
      help: 'reject: what waited on it ends',
      fields: {
        approval_id: approvalArg,
        reason: flag('--reason <text>', 'why (recorded with the decision)'),
      },
      confirm: ({ approval_id }) => `reject ${approval_id}`,
      show: (out, a) => out.line(`rejected ${a.id}`),
    },
  }),
];
