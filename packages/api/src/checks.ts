/** The client response schemas compiled into plain predicates (`responseChecks[operationId]`):
 * true exactly when `responseSchemas[operationId].safeParse` succeeds on a JSON value, without
 * loading zod. Where and why a value is refused: `@tollgate/api/issues`. A separate entry
 * point: a client validates with it and never loads zod. */

export { responseChecks } from './generated/response-checks';
