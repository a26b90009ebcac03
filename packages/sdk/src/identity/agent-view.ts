/**
 * An agent is given only what its identity may call: its `runs` and `serviceRequests` are
 * views of the operator's resources keeping the methods whose operation accepts an agent
 * identity (or needs no credential), decided from the generated operation table, at run time
 * and in the types (`AgentView`).
 */
import { type OperationId, type OperationInfo, operations } from '@tollgate/api';
import type { AgentView, MethodOperations } from '../core/operation-types';

function agentMay(op: OperationInfo): boolean {
  return (
    op.security.length === 0 ||
    op.security.some((r) => r.schemes.every((s) => s === 'agentIdentity'))
  );
}

export function agentView<R extends object, M extends MethodOperations<R>>(
  resource: R,
  methods: M,
): AgentView<R, M> {
  const view: Record<string, unknown> = {};
  const entries: [string, OperationId | readonly OperationId[]][] = Object.entries(methods);
  for (const [name, ids] of entries) {
    const method: unknown = Reflect.get(resource, name);
    const all = typeof ids === 'string' ? [ids] : ids;
    if (typeof method === 'function' && all.every((id) => agentMay(operations[id])))
      view[name] = method.bind(resource);
  }
  // The methods `AgentView` keeps, by the same rule as its type (operation-types.ts).
  return view as AgentView<R, M>;
}
