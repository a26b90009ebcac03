/**
 * The contract's response schemas compiled into plain predicates (generated from the zod
 * schemas, accepting exactly what they accept), loaded on a client's first validated call (see
 * validation.ts). zod and the schemas themselves load only to word a failure.
 */
export { responseChecks } from '@tollgate/api/checks';
