/** The client response schemas compiled into plain predicates (`responseChecks[operationId]`):
 * true exactly when `responseSchemas[operationId].safeParse` succeeds on a JSON value, without
 * loading zod; and beside each, `responseIssues[operationId]`: where and why a refused value
 * breaks the schema (the first issue at zod's first issue's path; the messages worded from the
 * schema, not zod's). A separate entry point: a client validates and words a refusal with it
 * and never loads zod. */

export {
  type ResponseIssue,
  responseChecks,
  responseIssues,
} from './generated/response-checks';
