/** Beside each check of `@tollgate/api/checks`, its explain walk (`responseIssues[operationId]`):
 * none for an accepted value, else where and why it is refused (`{ path, message }`, the first
 * ten, the first at the path of zod's first issue; the messages worded from the schema, not
 * zod's). An entry point of its own, so a client loads it with the first refused body. */

export { type ResponseIssue, responseIssues } from './generated/response-issues';
