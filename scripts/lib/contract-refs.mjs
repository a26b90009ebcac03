/**
 * Local `$ref` resolution for walking a contract. Only refs inside the document (`#/…`) are
 * followed: the contract is a single file by convention, so anything else is an error.
 */

/**
 * @param {any} doc the parsed contract
 * @returns {(node: any) => any} follows a node's $ref chain to the object it names
 */
export function makeResolver(doc) {
  return (node) => {
    let current = node;
    const seen = new Set();
    while (current && typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, not ${ref}`);
      if (seen.has(ref)) throw new Error(`$ref cycle without a schema in between at ${ref}`);
      seen.add(ref);
      current = ref
        .slice(2)
        .split('/')
        .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc, part) => acc?.[part], doc);
      if (current === undefined) throw new Error(`$ref ${ref} points at nothing`);
    }
    return current;
  };
}

/**
 * A schema with its allOf members merged in (properties, required, type), so a field moved
 * into or out of an allOf part is not mistaken for a removal. Cyclic allOf is cut off.
 * @param {any} schema an already resolved schema
 * @param {(node: any) => any} resolve
 * @returns {any}
 */
export function flattenAllOf(schema, resolve, seen = new Set()) {
  if (!schema?.allOf || seen.has(schema)) return schema;
  seen.add(schema);
  const { allOf, ...rest } = schema;
  const merged = {
    ...rest,
    properties: { ...rest.properties },
    required: [...(rest.required ?? [])],
  };
  for (const part of allOf.map(resolve)) {
    const flat = flattenAllOf(part, resolve, seen);
    Object.assign(merged.properties, flat?.properties);
    merged.required.push(...(flat?.required ?? []));
    merged.type ??= flat?.type;
    merged.enum ??= flat?.enum;
  }
  return merged;
}
