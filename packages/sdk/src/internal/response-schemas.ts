/**
 * The contract's response schemas (zod/mini), loaded when the first validated response
 * arrives (see validation.ts): importing the SDK never loads zod. A module of its own so that
 * bundlers keep only `responseSchemas` of @tollgate/api/schemas (a dynamic import of that
 * package would keep every request schema too).
 */
export { responseSchemas } from '@tollgate/api/schemas';
