/**
 * What the CLI reads off a field's zod schema, so a flag's choices, default and whether it is
 * mandatory come from the contract rather than a second list: `--policy` offers exactly the
 * contract's `Policy` values.
 */
import { z } from 'zod';

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (
    schema instanceof z.core.$ZodOptional ||
    schema instanceof z.core.$ZodDefault ||
    schema instanceof z.core.$ZodNullable ||
    schema instanceof z.core.$ZodNonOptional
  )
    return unwrap(schema._zod.def.innerType);
  return schema;
}

/** The values of an enum field (through optional, default and nullable). */
export function choicesOf(schema: z.core.$ZodType): string[] | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.core.$ZodEnum
    ? Object.values(inner._zod.def.entries).map(String)
    : undefined;
}

/** The default a field's schema fills in, if any. */
export const defaultOf = (schema: z.core.$ZodType): unknown =>
  schema instanceof z.core.$ZodDefault ? schema._zod.def.defaultValue : undefined;

/** Whether a field may be left out (optional, or filled by a default). */
export const isOptional = (schema: z.core.$ZodType) => z.safeParse(schema, undefined).success;

/** One line for a failed check: each issue with the name the user knows the field by. */
export const explain = (error: z.core.$ZodError, nameOf: (field: string) => string) =>
  error.issues
    .map((issue) => {
      const field = issue.path[0];
      return typeof field === 'string' ? `${nameOf(field)}: ${issue.message}` : issue.message;
    })
    .join('; ');
