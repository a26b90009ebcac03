import { generatedHeader } from './generated-header.mjs';

const HEADER = generatedHeader('scripts/generate.mjs');

/**
 * Renders types.ts: each operation's parts (body, path, query, headers, success responses by
 * status) as indexed accesses into openapi-typescript's `operations` type, one entry per
 * operation, and the helpers that read them (`BodyOf<'createAgent'>`, …). Written out per
 * operation rather than inferred by conditional types: editors show the contract's own names,
 * and an absent part is `never`, stated, not derived.
 */
export function renderTypes(table) {
  const entries = Object.values(table).map((op) => {
    const o = `O['${op.id}']`;
    const param = (where, names) =>
      names.length ? `NonNullable<${o}['parameters']['${where}']>` : 'never';
    const body = !op.requestContentType
      ? 'never'
      : op.requestBodyRequired
        ? `ContentOf<${o}['requestBody']>`
        : `ContentOf<NonNullable<${o}['requestBody']>> | undefined`;
    const responses = op.successStatuses
      .map((status) => `      ${status}: ContentOf<${o}['responses'][${status}]>;`)
      .join('\n');
    return `  ${op.id}: {
    body: ${body};
    path: ${param('path', op.parameters.path)};
    query: ${param('query', op.parameters.query)};
    headers: ${param('header', op.parameters.header)};
    responses: {
${responses}
    };
  };`;
  });
  return `${HEADER}
import type { OperationId } from './operations';
import type { operations as O } from './schema';

/** What a request body or response carries: its content, any media type; none is \`undefined\`. */
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : undefined;

/**
 * Each operation's parts, by operationId, as the contract types them: the request body
 * (\`| undefined\` where it is optional), path, query and header parameters (\`never\` where the
 * operation has none), and the content of each success response by status (\`undefined\` for
 * one without a body).
 */
export interface OperationParts {
${entries.join('\n')}
}

/** The request body of an operation (\`| undefined\` where optional, \`never\` where it takes none). */
export type BodyOf<Id extends OperationId> = OperationParts[Id]['body'];
/** The path parameters of an operation (\`never\` where it has none). */
export type PathOf<Id extends OperationId> = OperationParts[Id]['path'];
/** The query parameters of an operation (\`never\` where it has none). */
export type QueryOf<Id extends OperationId> = OperationParts[Id]['query'];
/** The header parameters of an operation, by their contract names (\`never\` where it has none). */
export type HeadersOf<Id extends OperationId> = OperationParts[Id]['headers'];
/** The statuses an operation succeeds with: \`SuccessStatusOf<'registerAgentRun'>\` is \`200 | 201\`. */
export type SuccessStatusOf<Id extends OperationId> = keyof OperationParts[Id]['responses'];
/**
 * The content of an operation's success response: of every success status (a union), or of
 * the one named (\`ResponseOf<'createServiceRequest', 202>\`); \`undefined\` where there is none.
 */
export type ResponseOf<
  Id extends OperationId,
  S extends SuccessStatusOf<Id> = SuccessStatusOf<Id>,
> = OperationParts[Id]['responses'][S];
`;
}
