/**
 * The contract's closed vocabularies, once for the CLI's `--choices` and the MCP tools' zod
 * enums; each list is checked against the SDK's request types, so a contract change that
 * renames a value fails the typecheck here rather than a user's command.
 */
import type { BodyOf, QueryOf } from '@tollgate/sdk';

type Values<T> = readonly NonNullable<T>[];

export const AGENT_STATUSES = ['active', 'suspended'] as const satisfies Values<
  QueryOf<'listAgents'>['status']
>;
export const RUN_STATUSES = [
  'queued',
  'running',
  'awaiting_approval',
  'succeeded',
  'failed',
  'cancelled',
  'denied',
] as const satisfies Values<QueryOf<'listRuns'>['status']>;
export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
] as const satisfies Values<QueryOf<'listApprovals'>['status']>;
export const TOOL_AUTH_TYPES = ['none', 'api_key', 'oauth2'] as const satisfies Values<
  BodyOf<'registerTool'>['auth_type']
>;
export const TOOL_POLICIES = ['allow', 'approval_required', 'deny'] as const satisfies Values<
  BodyOf<'registerTool'>['policy']
>;

/** A value commander already checked against one of the lists above. */
export const chosen = <T extends readonly string[]>(_list: T, value: unknown) => value as T[number];
