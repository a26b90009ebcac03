/**
 * Finds the contract operation behind a concrete method + path, so the escape hatch
 * (`tg.request`) and the generic paginator get the same auth, idempotency, pagination and
 * validation as the typed methods.
 */
import { type OperationInfo, operations } from '@tollgate/api';

let routes: { method: string; pattern: RegExp; op: OperationInfo }[] | undefined;

export function matchOperation(method: string, path: string): OperationInfo | undefined {
  routes ??= Object.values(operations).map((op) => ({
    method: op.method,
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    op,
  }));
  const bare = path.split('?')[0] ?? path;
  const upper = method.toUpperCase();
  return routes.find((r) => r.method === upper && r.pattern.test(bare))?.op;
}

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
