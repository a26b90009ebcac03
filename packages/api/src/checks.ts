/** The client response schemas compiled into plain predicates (`responseChecks[operationId]`):
 * true exactly when `responseSchemas[operationId].safeParse` succeeds on a JSON value, without
 * loading zod. A separate entry point, so a client checks responses and loads zod only to word
 * a failure. */

export { responseChecks } from './generated/response-checks';
