/**
 * Holds the server to its own contract: every JSON response is checked against the
 * operation's generated response schema (successes) or the Problem schema (errors). With
 * `strictResponses` a mismatch becomes a 500 naming the fields, so any test that touches a
 * wrong response fails; otherwise it is logged.
 */
import type { OperationId, OperationInfo } from '@tollgate/api';
import { operationSchemas, zProblem } from '@tollgate/api/schemas';
import type { Reply } from '../http';
import { HttpProblem } from './problem';
import { type Schema, validate } from './validation';

const schemas: Record<OperationId, { response: Schema }> = operationSchemas;

/** Returns undefined when the reply matches the contract, else the problem describing how not. */
export function checkResponse(
  op: OperationInfo<OperationId> | undefined,
  reply: Reply,
): HttpProblem | undefined {
  if (reply.stream || reply.body === undefined) return undefined;
  const contentType = reply.headers?.['Content-Type'] ?? 'application/json';
  if (!contentType.includes('json')) return undefined;
  let body = reply.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return new HttpProblem(500, 'internal_error', 'The response body is not valid JSON.');
    }
  }
  const schema = contentType.includes('problem+json') ? zProblem : op && schemas[op.id].response;
  if (!schema) return undefined;
  try {
    validate('response', schema, body);
    return undefined;
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    return new HttpProblem(
      500,
      'internal_error',
      `The response breaks the contract: ${error.message}`,
      {
        errors: error.extra.errors,
      },
    );
  }
}
