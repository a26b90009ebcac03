/**
 * Visits a schema object and every subschema written inside it, without following `$ref`.
 * Only schema keywords are entered, so a property named `enum` or an example value is never
 * mistaken for a schema.
 */

const ONE = ['items', 'not', 'additionalProperties', 'contains', 'if', 'then', 'else'];
const MANY = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const NAMED = ['properties', 'patternProperties', '$defs'];

/**
 * @param {any} schema
 * @param {(node: any) => 'skip' | void} visit return 'skip' to leave the node's subschemas out
 * @returns {any} the schema, for chaining
 */
export function walkSchema(schema, visit) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  if (visit(schema) === 'skip') return schema;
  for (const key of ONE) walkSchema(schema[key], visit);
  for (const key of MANY) for (const sub of schema[key] ?? []) walkSchema(sub, visit);
  for (const key of NAMED)
    for (const sub of Object.values(schema[key] ?? {})) walkSchema(sub, visit);
  return schema;
}
