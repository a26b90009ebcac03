import { generatedHeader } from './generated-header.mjs';

const HEADER = generatedHeader('scripts/generate.mjs');

/** Renders the operation table as a typed, `as const` TypeScript module. */
export function renderOperations(table) {
  return `${HEADER}
/** A credential an operation accepts; \`agentIdentity\` means certificate + proof headers. */
export type SecurityScheme = 'apiKey' | 'oauth2' | 'agentIdentity';

/** One way to satisfy an operation's security: every scheme listed, with these scopes. */
export interface SecurityRequirement {
  readonly schemes: readonly SecurityScheme[];
  readonly scopes: readonly string[];
}

/**
 * A list whose walk can be pinned: each page reports a high-water mark in the \`snapshot\`
 * field; sent back as the \`snapshotParam\` query parameter, it keeps later pages to the rows
 * that existed then, so rows added meanwhile neither repeat nor shift an item.
 */
export interface PaginationSnapshot {
  readonly snapshot?: string;
  readonly snapshotParam?: string;
}

export interface CursorPagination extends PaginationSnapshot {
  readonly style: 'cursor';
  /** Response field holding the page's items. */
  readonly items: string;
  /** Response field holding the next cursor (null on the last page). */
  readonly nextCursor: string;
  readonly cursorParam: string;
  readonly limitParam: string;
}

export interface OffsetPagination extends PaginationSnapshot {
  readonly style: 'offset';
  readonly items: string;
  /** Response field holding the total number of rows. */
  readonly total: string;
  readonly offsetParam: string;
  readonly limitParam: string;
}

/**
 * One operation of the table. \`Id\` is the operationId's type: the table's entries have their
 * own (\`OperationInfo<OperationId>\` is any of them); an operation built by hand, outside the
 * contract, may take any string.
 */
export interface OperationInfo<Id extends string = string> {
  readonly id: Id;
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
  readonly path: string;
  readonly tag: string | null;
  /** Alternatives: any one requirement suffices. Empty means the operation is public. */
  readonly security: readonly SecurityRequirement[];
  readonly parameters: {
    readonly path: readonly string[];
    readonly query: readonly string[];
    readonly header: readonly string[];
  };
  readonly requestContentType: string | null;
  readonly requestBodyRequired: boolean;
  readonly pagination: CursorPagination | OffsetPagination | null;
  /** Accepts an Idempotency-Key header and replays the stored response for a repeated key. */
  readonly idempotent: boolean;
  /** Answers with text/event-stream (always, or when the request asks to stream). */
  readonly streaming: boolean;
  readonly successStatuses: readonly number[];
  readonly responseContentTypes: readonly string[];
}

/** The contract's operationIds. */
export type OperationId =
${Object.keys(table)
  .map((id) => `  | ${JSON.stringify(id)}`)
  .join('\n')};

export const operations = ${compactJson(table)} as const satisfies {
  readonly [Id in OperationId]: OperationInfo<Id>;
};
`;
}

/** Pretty JSON, with arrays of scalars kept on one line so each operation reads at a glance. */
function compactJson(value) {
  return JSON.stringify(value, null, 2).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (_, inner) => `[${inner.replace(/\s*\n\s*/g, ' ')}]`,
  );
}

const PARTS = ['Body', 'Path', 'Query', 'Headers', 'Response'];

const pascal = (id) => id[0].toUpperCase() + id.slice(1);

/**
 * Maps every operation to the zod schemas @hey-api generated for it, found by their names
 * (z<OperationId><Part>) in the generated module, so a renamed schema fails loudly here.
 */
export function renderValidators(table, zodSource, responseUnits) {
  const exportsOf = (source) =>
    new Set([...source.matchAll(/^export const (z\w+)/gm)].map((m) => m[1]));
  const exported = exportsOf(zodSource);
  const lines = [];
  const imports = [];
  const responses = [];
  for (const id of Object.keys(table)) {
    const entries = PARTS.map((part) => [part, `z${pascal(id)}${part}`]).filter(([, name]) =>
      exported.has(name),
    );
    if (!entries.some(([part]) => part === 'Response')) {
      throw new Error(`no response schema generated for ${id}`);
    }
    const fields = entries.map(([part, name]) => `${part.toLowerCase()}: z.${name}`);
    lines.push(`  ${id}: { ${fields.join(', ')} },`);
  }
  for (const { module, ids } of responseUnits) {
    imports.push(`import { ${ids.join(', ')} } from '${module}';`);
  }
  for (const id of Object.keys(table)) responses.push(`  ${id},`);
  return `${HEADER}
import type { OperationId } from './operations';
import * as z from './zod.gen';
${imports.join('\n')}

/**
 * The zod schemas of each operation, exactly as the contract says: request body, path, query
 * and header parameters, and the success response. Absent parts are absent keys. A server
 * validates requests with them and holds its own responses to them.
 */
export const operationSchemas = {
${lines.join('\n')}
} as const satisfies Record<
  OperationId,
  { body?: unknown; path?: unknown; query?: unknown; headers?: unknown; response: unknown }
>;

/**
 * The success-response schema of each operation as a client reads it: like
 * \`operationSchemas[id].response\`, but every enum also accepts values a newer control plane
 * may add (any string), so a widened enum never fails a read. Importing this instead of
 * \`operationSchemas\` lets a bundler leave every request schema out.
 */
export const responseSchemas = {
${responses.join('\n')}
} as const satisfies Record<OperationId, unknown>;
`;
}

/**
 * `responseSchemaLoaders`: each resource's client response schemas behind a dynamic import of
 * their own module (lib/split-responses.mjs), so a bundler gives each a chunk of its own.
 */
export function renderResponseLoaders(responseUnits) {
  const types = responseUnits.map(
    ({ unit, ids }) =>
      `  readonly ${JSON.stringify(unit)}: () => Promise<Pick<Schemas, ${ids.map((id) => `'${id}'`).join(' | ')}>>;`,
  );
  const loaders = responseUnits.map(
    ({ unit, module }) => `  ${JSON.stringify(unit)}: () => import('${module}'),`,
  );
  return `${HEADER}
import type { responseSchemas } from './validators';

type Schemas = typeof responseSchemas;

/**
 * The success-response schemas as a client reads them (\`responseSchemas\`' own objects in an
 * ESM build), loaded on first use, a module per resource: the key is the operation's tag (its
 * \`tag\` in the operation table; an untagged operation's own id), and the module holds the
 * schema of each of the tag's operations under its operationId:
 * \`(await responseSchemaLoaders[op.tag ?? op.id]())[op.id]\`. A bundler splits each into its
 * own chunk, so a client loads zod and the schemas of the resources it calls, not every one.
 * Importing this loads no zod.
 */
export const responseSchemaLoaders: {
${types.join('\n')}
} = {
${loaders.join('\n')}
};
`;
}
