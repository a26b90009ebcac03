/** Fields several operations share: ids in a path, and the budget's amount and alert. */
import { zBudgetInput } from '@tollgate/api/schemas';
import { z } from 'zod';
import type { CliField } from './define';

/** An id that goes into a request path: never empty (an empty one would name another route). */
export const id = (what: string) => z.string().min(1).describe(what);

/**
 * The contract's schema with a description for MCP hosts. `.check` makes a copy, so the
 * contract's own schema stays as it is.
 */
type Describe = ReturnType<typeof z.describe>;

export const described = <S extends z.core.$ZodType & { check(...checks: Describe[]): S }>(
  schema: S,
  text: string,
): S => schema.check(z.describe(text));

export const micros = described(
  zBudgetInput.shape.limit_micros,
  'budget limit in micro-dollars (1 USD = 1 000 000); null = unlimited',
);
export const alertPct = described(
  zBudgetInput.shape.alert_threshold_pct,
  'alert at this share of the budget',
);

export const arg = (spec: string, help: string, parse?: (text: string) => unknown): CliField => ({
  spec,
  help,
  parse,
});
export const flag = arg;
