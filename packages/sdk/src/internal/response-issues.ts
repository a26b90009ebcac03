/**
 * The checks' explain walks (where and why a body is refused), loaded with the first body a
 * check refuses (see validation.ts), to word the error without zod.
 */
export { responseIssues } from '@tollgate/api/issues';
