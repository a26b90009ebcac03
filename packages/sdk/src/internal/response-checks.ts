/**
 * The contract's response schemas compiled into plain predicates (generated from the zod
 * schemas, accepting exactly what they accept), loaded on a client's first validated call (see
 * validation.ts). The SDK never loads zod.
 */
export { responseChecks } from '@tollgate/api/checks';
