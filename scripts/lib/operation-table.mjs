/**
 * Builds the operation table the SDK drives from: one entry per operationId with the method,
 * path, credentials, pagination, idempotency, success statuses and streaming flag, all read
 * from the contract (including its x-tollgate-* vendor extensions).
 */
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** agentIdentity and agentProof are two headers of one credential: the table names it once. */
const SCHEME_ALIASES = { agentProof: 'agentIdentity' };

function resolveRef(contract, value) {
  let node = value;
  const seen = new Set();
  while (node && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new Error(`cyclic $ref ${node.$ref}`);
    seen.add(node.$ref);
    node = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((acc, part) => acc?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], contract);
  }
  return node;
}

function securityOf(contract, operation) {
  const requirements = operation.security ?? contract.security ?? [];
  return requirements.map((requirement) => {
    const schemes = [...new Set(Object.keys(requirement).map((s) => SCHEME_ALIASES[s] ?? s))];
    const scopes = [...new Set(Object.values(requirement).flat())].sort();
    return { schemes, scopes };
  });
}

function paginationOf(operation) {
  const p = operation['x-tollgate-pagination'];
  if (!p) return null;
  if (p.style === 'cursor') {
    return {
      style: 'cursor',
      items: p.items,
      nextCursor: p.nextCursor,
      cursorParam: p.cursorParam,
      limitParam: p.limitParam,
      ...snapshotOf(operation, p),
    };
  }
  if (p.style === 'offset') {
    return {
      style: 'offset',
      items: p.items,
      total: p.total,
      offsetParam: p.offsetParam,
      limitParam: p.limitParam,
      ...snapshotOf(operation, p),
    };
  }
  throw new Error(`unknown x-tollgate-pagination style ${p.style} on ${operation.operationId}`);
}

/** A list that pins a walk names the response field and the query parameter together. */
function snapshotOf(operation, p) {
  if (p.snapshot === undefined && p.snapshotParam === undefined) return {};
  if (typeof p.snapshot !== 'string' || typeof p.snapshotParam !== 'string') {
    throw new Error(
      `x-tollgate-pagination on ${operation.operationId}: snapshot and snapshotParam go together`,
    );
  }
  return { snapshot: p.snapshot, snapshotParam: p.snapshotParam };
}

function parametersOf(contract, pathItem, operation) {
  const all = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
    resolveRef(contract, p),
  );
  const by = (where) => all.filter((p) => p.in === where).map((p) => p.name);
  return { path: by('path'), query: by('query'), header: by('header') };
}

function successOf(contract, operation) {
  const statuses = [];
  const contentTypes = new Set();
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    statuses.push(Number(status));
    for (const type of Object.keys(resolveRef(contract, response)?.content ?? {})) {
      contentTypes.add(type);
    }
  }
  return { statuses: statuses.sort(), contentTypes: [...contentTypes].sort() };
}

export function buildOperationTable(contract) {
  const table = {};
  for (const [path, pathItem] of Object.entries(contract.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const id = operation.operationId;
      if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      if (table[id]) throw new Error(`duplicate operationId ${id}`);
      const body = resolveRef(contract, operation.requestBody);
      const success = successOf(contract, operation);
      table[id] = {
        id,
        method: method.toUpperCase(),
        path,
        tag: operation.tags?.[0] ?? null,
        security: securityOf(contract, operation),
        parameters: parametersOf(contract, pathItem, operation),
        requestContentType: body ? (Object.keys(body.content ?? {})[0] ?? null) : null,
        requestBodyRequired: Boolean(body?.required),
        pagination: paginationOf(operation),
        idempotent: operation['x-tollgate-idempotent'] === true,
        streaming:
          operation['x-tollgate-streaming'] === true ||
          success.contentTypes.includes('text/event-stream'),
        successStatuses: success.statuses,
        responseContentTypes: success.contentTypes,
      };
    }
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}
