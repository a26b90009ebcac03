/**
 * Finds the contract operation behind a concrete method + path, so the escape hatch
 * (`tg.request`) and the generic paginator get the same auth, idempotency, pagination and
 * validation as the typed methods.
 */
import { matchRoute, type OperationId, type OperationInfo, operations } from '@tollgate/api';

/** The path templates are the generated matchers the dev server routes with too. */
export function matchOperation(method: string, path: string): OperationInfo | undefined {
  const found = matchRoute(method, path.split('?')[0] ?? path);
  return found && operations[found.id];
}

/** Whether `name` is an operationId of the contract. */
export const isOperationId = (name: string): name is OperationId => Object.hasOwn(operations, name);

/** An operation the contract does not know: operator credentials, no retries after send. */
export function unknownOperation(method: string, path: string): OperationInfo {
  return {
    id: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase() as OperationInfo['method'],
    path,
    tag: null,
    security: [
      { schemes: ['apiKey'], scopes: [] },
      { schemes: ['oauth2'], scopes: [] },
    ],
    parameters: { path: [], query: [], header: [] },
    requestContentType: 'application/json',
    requestBodyRequired: false,
    pagination: null,
    idempotent: false,
    streaming: false,
    successStatuses: [200],
    responseContentTypes: ['application/json'],
  };
}
