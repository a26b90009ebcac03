/** What the MCP tools share: the result shape, the annotations, the list limit. */
import { z } from 'zod';

export const text = (data: unknown) => ({
  content: [{ type: 'text' as const, text: JSON.stringify(data ?? null, null, 2) }],
});

export const READ = { readOnlyHint: true, openWorldHint: false } as const;
/** A change that only adds (a new record); repeating it adds another. */
export const ADD = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
} as const;
/** A change that replaces or ends something; repeating it changes nothing more. */
export const CHANGE = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: false,
} as const;

export const limit = z
  .number()
  .int()
  .min(1)
  .max(500)
  .default(50)
  .describe('at most this many items');
