import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Parses the contract once; every generator step reads this object, never the file again. */
export function loadContract(file) {
  return parse(readFileSync(file, 'utf8'));
}

/**
 * A copy of the contract prepared for the zod generator.
 *
 * `format: int64` makes @hey-api's zod plugin coerce to BigInt. Tollgate's int64 fields are
 * micro-dollar amounts and token counts, which stay far below 2^53 (9e15 micros is nine
 * billion dollars), so on the wire and in JS they are plain safe integers.
 */
export function contractForZod(contract) {
  return JSON.parse(JSON.stringify(contract), (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value) && value.format === 'int64'
      ? { ...value, format: undefined }
      : value,
  );
}
