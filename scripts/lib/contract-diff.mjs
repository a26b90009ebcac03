/**
 * Classifies the difference between two contracts, operation by operation and field by
 * field. Breaking: a removed operation, parameter, success status or field; a new required
 * request field or parameter; a narrowed enum; a changed type. Everything else (added
 * operations, optional fields, response fields, wider enums, prose) is compatible.
 */
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function resolver(doc) {
  return (node) => {
    let current = node;
    for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
      if (hops > 50) throw new Error(`$ref chain too deep at ${current.$ref}`);
      current = current.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((acc, part) => acc?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    }
    return current;
  };
}

const typesOf = (schema) => {
  if (!schema) return '';
  if (schema.type) return [schema.type].flat().sort().join('|');
  if (schema.oneOf || schema.anyOf) return 'union';
  if (schema.properties || schema.allOf) return 'object';
  return '';
};

/** allOf members merged into one object view (properties and required). */
function flatten(schema, resolve) {
  if (!schema?.allOf) return schema;
  const merged = {
    ...schema,
    properties: { ...schema.properties },
    required: [...(schema.required ?? [])],
  };
  delete merged.allOf;
  for (const part of schema.allOf.map(resolve)) {
    const flat = flatten(part, resolve);
    Object.assign(merged.properties, flat?.properties);
    merged.required.push(...(flat?.required ?? []));
    merged.type ??= flat?.type;
  }
  return merged;
}

export function diffContracts(base, head) {
  const findings = [];
  const rb = resolver(base);
  const rh = resolver(head);
  const note = (breaking, where, message) => findings.push({ breaking, where, message });

  function compareSchema(a0, b0, mode, where, seen) {
    // A shared (possibly recursive) component is compared once per operation.
    if (a0?.$ref && b0?.$ref) {
      const key = `${mode}:${a0.$ref}->${b0.$ref}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    const a = flatten(rb(a0), rb);
    const b = flatten(rh(b0), rh);
    if (!a || !b) return;
    const [ta, tb] = [typesOf(a), typesOf(b)];
    if (ta && tb && ta !== tb) note(true, where, `type changed from ${ta} to ${tb}`);
    if (a.enum && b.enum) {
      const removed = a.enum.filter((v) => !b.enum.includes(v));
      const added = b.enum.filter((v) => !a.enum.includes(v));
      if (removed.length) note(true, where, `enum narrowed: removed ${removed.join(', ')}`);
      if (added.length) note(false, where, `enum widened: added ${added.join(', ')}`);
    } else if (!a.enum && b.enum) {
      note(true, where, 'enum added (values narrowed)');
    }
    const pa = a.properties ?? {};
    const pb = b.properties ?? {};
    const reqA = new Set(a.required ?? []);
    const reqB = new Set(b.required ?? []);
    for (const name of Object.keys(pa)) {
      if (!(name in pb)) note(true, `${where}.${name}`, `${mode} field removed`);
      else compareSchema(pa[name], pb[name], mode, `${where}.${name}`, seen);
    }
    for (const name of Object.keys(pb)) {
      if (name in pa) {
        if (mode === 'request' && reqB.has(name) && !reqA.has(name)) {
          note(true, `${where}.${name}`, 'request field became required');
        }
        continue;
      }
      const required = mode === 'request' && reqB.has(name);
      note(
        required,
        `${where}.${name}`,
        required ? 'new required request field' : `${mode} field added`,
      );
    }
    if (a.items && b.items) compareSchema(a.items, b.items, mode, `${where}[]`, seen);
    for (const union of ['oneOf', 'anyOf']) {
      (a[union] ?? []).forEach((member, i) => {
        if (b[union]?.[i]) compareSchema(member, b[union][i], mode, `${where}|${i}`, seen);
        else note(true, `${where}|${i}`, `${union} member removed`);
      });
    }
  }

  function parameters(resolve, pathItem, op) {
    const map = new Map();
    for (const p of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map(resolve)) {
      map.set(`${p.in}:${p.name}`, p);
    }
    return map;
  }

  const jsonSchema = (resolve, holder) => {
    const content = resolve(holder)?.content ?? {};
    const type = Object.keys(content).find((t) => t.includes('json') || t.includes('form'));
    return type ? content[type].schema : undefined;
  };

  for (const [path, itemA] of Object.entries(base.paths ?? {})) {
    for (const method of METHODS) {
      const opA = itemA[method];
      if (!opA) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const itemB = head.paths?.[path];
      const opB = itemB?.[method];
      if (!opB) {
        note(true, where, 'operation removed');
        continue;
      }
      const paramsA = parameters(rb, itemA, opA);
      const paramsB = parameters(rh, itemB, opB);
      for (const [id, p] of paramsA) {
        const q = paramsB.get(id);
        if (!q) note(true, `${where} ${id}`, 'parameter removed');
        else {
          if (q.required && !p.required) note(true, `${where} ${id}`, 'parameter became required');
          compareSchema(p.schema, q.schema, 'request', `${where} ${id}`, new Set());
        }
      }
      for (const [id, q] of paramsB) {
        if (!paramsA.has(id))
          note(
            Boolean(q.required),
            `${where} ${id}`,
            q.required ? 'new required parameter' : 'optional parameter added',
          );
      }
      const bodyA = jsonSchema(rb, opA.requestBody);
      const bodyB = jsonSchema(rh, opB.requestBody);
      if (bodyA && bodyB) compareSchema(bodyA, bodyB, 'request', `${where} body`, new Set());
      else if (!bodyA && bodyB && rh(opB.requestBody)?.required)
        note(true, `${where} body`, 'request body became required');
      for (const [status, response] of Object.entries(opA.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        const other = opB.responses?.[status];
        if (!other) {
          note(true, `${where} ${status}`, 'success status removed');
          continue;
        }
        const [sa, sb] = [jsonSchema(rb, response), jsonSchema(rh, other)];
        if (sa && sb) compareSchema(sa, sb, 'response', `${where} ${status}`, new Set());
      }
    }
  }
  for (const [path, itemB] of Object.entries(head.paths ?? {})) {
    for (const method of METHODS) {
      if (itemB[method] && !base.paths?.[path]?.[method])
        note(false, `${method.toUpperCase()} ${path}`, 'operation added');
    }
  }
  return findings;
}
