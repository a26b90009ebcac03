/**
 * The contract as a client reads it: every enum a response carries is open, every enum a
 * request carries stays closed.
 *
 * A newer control plane may add an enum value (the contract check calls that compatible), so a
 * client must not refuse a response for it: response enums become "one of the known values, or
 * any other string". What a client sends is another matter: a request enum stays exactly the
 * contract's, so a typo is caught before the server sees it.
 *
 * A component schema that requests and responses share and that (transitively) holds an enum
 * gets two forms: its own name is the response form (what callers read and name in their code),
 * and `<Name>Param` is the request form (the suffix openai-node uses for request-side shapes).
 * Request bodies, parameters and request-only components point at the `…Param` form.
 */
import { walkSchema } from './schema-walk.mjs';

/** Marks an opened enum; the type generator renders it as `'a' | 'b' | (string & {})`. */
export const OPEN_ENUM = 'x-tollgate-open-enum';

const SCHEMA_REF = '#/components/schemas/';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function clientView(contract) {
  const view = structuredClone(contract);
  const schemas = view.components?.schemas ?? {};
  const { requests, responses } = roots(view);
  const requestSide = reachable(schemas, requests);
  const responseSide = reachable(schemas, responses);
  const split = new Set(
    [...requestSide].filter((name) => responseSide.has(name) && holdsEnum(schemas, name)),
  );
  for (const name of split) {
    if (schemas[`${name}Param`]) {
      throw new Error(`${name} needs a request form ${name}Param, but the contract has one`);
    }
  }
  const toParam = (schema) =>
    walkSchema(schema, (node) => {
      const name = refName(node);
      if (name && split.has(name)) node.$ref = `${SCHEMA_REF}${name}Param`;
    });
  for (const name of split) schemas[`${name}Param`] = toParam(structuredClone(schemas[name]));
  for (const name of requestSide) if (!responseSide.has(name)) toParam(schemas[name]);
  for (const schema of requests) toParam(schema);
  for (const name of responseSide) openEnums(schemas[name]);
  for (const schema of responses) openEnums(schema);
  return view;
}

/** Every schema object written inline where a request or a response is described. */
function roots(contract) {
  const requests = [];
  const responses = [];
  const fromParameter = (p) => p?.schema && requests.push(p.schema);
  const fromContent = (content, into) => {
    for (const media of Object.values(content ?? {})) if (media?.schema) into.push(media.schema);
  };
  const fromResponse = (r) => {
    fromContent(r?.content, responses);
    for (const h of Object.values(r?.headers ?? {})) if (h?.schema) responses.push(h.schema);
  };
  const c = contract.components ?? {};
  Object.values(c.parameters ?? {}).forEach(fromParameter);
  for (const body of Object.values(c.requestBodies ?? {})) fromContent(body?.content, requests);
  Object.values(c.responses ?? {}).forEach(fromResponse);
  for (const h of Object.values(c.headers ?? {})) if (h?.schema) responses.push(h.schema);
  for (const item of Object.values(contract.paths ?? {})) {
    (item.parameters ?? []).forEach(fromParameter);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      (op.parameters ?? []).forEach(fromParameter);
      fromContent(op.requestBody?.content, requests);
      Object.values(op.responses ?? {}).forEach(fromResponse);
    }
  }
  return { requests, responses };
}

const refName = (node) =>
  typeof node.$ref === 'string' && node.$ref.startsWith(SCHEMA_REF)
    ? node.$ref.slice(SCHEMA_REF.length)
    : undefined;

/** Names of the component schemas the given schemas reach through `$ref`, transitively. */
function reachable(schemas, from) {
  const seen = new Set();
  const visit = (schema) =>
    walkSchema(schema, (node) => {
      const name = refName(node);
      if (name && !seen.has(name) && schemas[name]) {
        seen.add(name);
        visit(schemas[name]);
      }
    });
  from.forEach(visit);
  return seen;
}

function holdsEnum(schemas, name) {
  const names = reachable(schemas, [schemas[name]]).add(name);
  let found = false;
  const visit = (node) => {
    if (Array.isArray(node.enum)) found = true;
  };
  for (const n of names) walkSchema(schemas[n], visit);
  return found;
}

/**
 * Rewrites each string enum written in `schema` (not behind a `$ref`: components are opened
 * one by one) as `anyOf: [the known values, any string]`, keeping `null` where it was allowed.
 */
function openEnums(schema) {
  walkSchema(schema, (node) => {
    if (!Array.isArray(node.enum)) return;
    const known = node.enum.filter((v) => v !== null);
    if (known.length === 0 || !known.every((v) => typeof v === 'string')) return;
    const nullable =
      node.enum.includes(null) || (Array.isArray(node.type) && node.type.includes('null'));
    delete node.enum;
    delete node.type;
    node.anyOf = [
      { type: 'string', enum: known },
      { type: 'string' },
      ...(nullable ? [{ type: 'null' }] : []),
    ];
    node[OPEN_ENUM] = true;
    return 'skip';
  });
}

/**
 * The client view as its zod schemas validate it: an opened enum accepts any string (or null
 * where null was allowed), which is exactly \`z.string()\`. A \`z.union\` of the known values
 * and a string accepts the same and would pull zod's union machinery into every client bundle.
 */
export function openEnumsAsStrings(view) {
  const copy = structuredClone(view);
  const visit = (node) => {
    if (!node[OPEN_ENUM]) return;
    const nullable = node.anyOf.some((s) => s.type === 'null');
    delete node.anyOf;
    delete node[OPEN_ENUM];
    node.type = nullable ? ['string', 'null'] : 'string';
    return 'skip';
  };
  const { requests, responses } = roots(copy);
  for (const schema of [
    ...requests,
    ...responses,
    ...Object.values(copy.components?.schemas ?? {}),
  ])
    walkSchema(schema, visit);
  return copy;
}
