/**
 * Tool results with their `STATUS:` line: shared with the framework integrations, so the
 * format lives in @tollgate/sdk (one convention, one implementation).
 */
export {
  statusOf,
  TOOL_STATUSES,
  type ToolResult,
  type ToolStatus,
  toolResult,
} from '@tollgate/sdk';
