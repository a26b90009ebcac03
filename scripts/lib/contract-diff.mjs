/**
 * Classifies every difference between two contracts as breaking or not, operation by
 * operation (matched by method and path; path parameter names do not matter for matching).
 * Breaking: a removed operation, parameter, success status, media type, response header, or
 * field (of a request or of any response, problem details included); a new required request
 * field, parameter or body; a narrowed enum; a changed type; stricter security; a renamed
 * operationId or changed pagination (the generated client changes). Compatible: added
 * operations, optional fields and parameters, response fields, headers and statuses, widened
 * enums, relaxed security, deprecation, documentation.
 */
import { isDeepStrictEqual } from 'node:util';
import { makeResolver } from './contract-refs.mjs';
import { diffSchema } from './schema-diff.mjs';
import { diffSecurity, effectiveSecurity } from './security-diff.mjs';

/** @typedef {import('./schema-diff.mjs').Finding} Finding */
/** @typedef {import('./schema-diff.mjs').Walk} Walk */
/** @typedef {{ doc: any, path: string, method: string, item: any, op: any }} Operation */

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** @returns {Map<string, Operation>} keyed by method and path with parameter names blanked */
function operations(/** @type {any} */ doc) {
  const map = new Map();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS.filter((m) => item?.[m])) {
      map.set(`${method} ${path.replace(/\{[^}]*\}/g, '{}')}`, {
        doc,
        path,
        method,
        item,
        op: item[method],
      });
    }
  }
  return map;
}

/**
 * @param {any} base the released contract, parsed
 * @param {any} head the new contract, parsed
 * @returns {Finding[]}
 */
export function diffContracts(base, head) {
  /** @type {Finding[]} */
  const findings = [];
  /** @type {Walk} */
  const walk = {
    rb: makeResolver(base),
    rh: makeResolver(head),
    note: (breaking, where, message) => findings.push({ breaking, where, message }),
  };
  const [opsA, opsB] = [operations(base), operations(head)];
  for (const [key, a] of opsA) {
    const b = opsB.get(key);
    const where = `${a.method.toUpperCase()} ${a.path}`;
    if (b) diffOperation(walk, a, b, where);
    else walk.note(true, where, 'operation removed');
  }
  for (const [key, b] of opsB) {
    if (!opsA.has(key)) walk.note(false, `${b.method.toUpperCase()} ${b.path}`, 'operation added');
  }
  const [va, vb] = [base.info?.version, head.info?.version];
  // Whatever else differs (component prose, examples, unused schemas) is still a difference.
  const withoutVersion = (/** @type {any} */ doc) => ({
    ...doc,
    info: { ...doc.info, version: 0 },
  });
  if (findings.length === 0 && !isDeepStrictEqual(withoutVersion(base), withoutVersion(head))) {
    walk.note(
      false,
      'contract',
      'changes outside the checked API shape (documentation, examples, other keywords)',
    );
  }
  if (va !== vb)
    findings.unshift({ breaking: false, where: 'info.version', message: `${va} → ${vb}` });
  return findings;
}

/**
 * @param {Walk} walk
 * @param {Operation} a
 * @param {Operation} b
 * @param {string} where
 */
function diffOperation(walk, a, b, where) {
  const [idA, idB] = [a.op.operationId, b.op.operationId];
  if (idA && idA !== idB)
    walk.note(true, where, `operationId ${idA} renamed to ${idB} (the generated client's name)`);
  diffParameters(walk, a, b, where);
  diffRequestBody(walk, a.op.requestBody, b.op.requestBody, `${where} body`);
  diffResponses(walk, a.op.responses ?? {}, b.op.responses ?? {}, where);
  for (const { breaking, message } of diffSecurity(
    effectiveSecurity(a.doc, a.op),
    effectiveSecurity(b.doc, b.op),
  )) {
    walk.note(breaking, where, message);
  }
  // The SDK pages every list operation from this extension, so changing or removing a key
  // breaks paging; an added key (a snapshot to pin) is one an older client simply ignores.
  const [pa, pb] = [a.op['x-tollgate-pagination'], b.op['x-tollgate-pagination']];
  const kept = pa && pb && Object.keys(pa).every((k) => isDeepStrictEqual(pa[k], pb[k]));
  if (pa && !kept) walk.note(true, where, 'pagination (x-tollgate-pagination) changed');
  else if (!pa && pb) walk.note(false, where, 'pagination (x-tollgate-pagination) added');
  else if (pa && Object.keys(pb).length > Object.keys(pa).length) {
    const added = Object.keys(pb).filter((k) => !(k in pa));
    walk.note(false, where, `pagination (x-tollgate-pagination) extended: ${added.join(', ')}`);
  }
  for (const field of ['summary', 'description']) {
    if (a.op[field] !== b.op[field]) walk.note(false, where, `${field} changed`);
  }
  if (!a.op.deprecated && b.op.deprecated) walk.note(false, where, 'deprecated');
}

/** Path-level and operation-level parameters by `in:name` (header names are case-insensitive). */
function parameters(/** @type {(n: any) => any} */ resolve, /** @type {Operation} */ o) {
  const map = new Map();
  for (const p of [...(o.item.parameters ?? []), ...(o.op.parameters ?? [])].map(resolve)) {
    map.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
  }
  return map;
}

/** A parameter's schema, whether given directly or through `content`. */
const paramSchema = (/** @type {any} */ p) => p.schema ?? Object.values(p.content ?? {})[0]?.schema;

/**
 * @param {Walk} walk
 * @param {Operation} a
 * @param {Operation} b
 * @param {string} where
 */
function diffParameters(walk, a, b, where) {
  const [pa, pb] = [parameters(walk.rb, a), parameters(walk.rh, b)];
  const seen = new Map();
  for (const [id, p] of pa) {
    const q = pb.get(id);
    if (!q) {
      walk.note(true, `${where} ${id}`, 'parameter removed');
      continue;
    }
    if (q.required && !p.required) walk.note(true, `${where} ${id}`, 'parameter became required');
    diffSchema(walk, 'request', paramSchema(p), paramSchema(q), `${where} ${id}`, seen);
  }
  for (const [id, q] of pb) {
    if (pa.has(id)) continue;
    if (q.required) walk.note(true, `${where} ${id}`, 'new required parameter');
    else walk.note(false, `${where} ${id}`, 'optional parameter added');
  }
}

/**
 * @param {Walk} walk
 * @param {any} a0
 * @param {any} b0
 * @param {string} where
 */
function diffRequestBody(walk, a0, b0, where) {
  const [a, b] = [walk.rb(a0), walk.rh(b0)];
  if (!a && !b) return;
  if (!b) {
    walk.note(true, where, 'request body removed');
    return;
  }
  if (!a) {
    if (b.required) walk.note(true, where, 'new required request body');
    else walk.note(false, where, 'optional request body added');
    return;
  }
  if (b.required && !a.required) walk.note(true, where, 'request body became required');
  diffContent(walk, 'request', a.content ?? {}, b.content ?? {}, where);
}

/**
 * Every response's body is compared (clients read problem details too), but only a removed
 * success status breaks them: an error status they no longer get is no loss.
 * @param {Walk} walk
 * @param {Record<string, any>} ra
 * @param {Record<string, any>} rb
 * @param {string} where
 */
function diffResponses(walk, ra, rb, where) {
  const kind = (/** @type {string} */ status) => (/^2/.test(status) ? 'success' : 'error');
  // One map for the whole operation: a shared schema (the problem details) is reported once.
  const seen = new Map();
  for (const [status, a0] of Object.entries(ra)) {
    const at = `${where} ${status}`;
    if (!(status in rb)) {
      walk.note(kind(status) === 'success', at, `${kind(status)} status removed`);
      continue;
    }
    const [a, b] = [walk.rb(a0), walk.rh(rb[status])];
    if (a?.description !== b?.description) walk.note(false, at, 'description changed');
    diffHeaders(walk, a?.headers ?? {}, b?.headers ?? {}, at);
    diffContent(walk, 'response', a?.content ?? {}, b?.content ?? {}, at, seen);
  }
  for (const status of Object.keys(rb).filter((s) => !(s in ra))) {
    walk.note(false, `${where} ${status}`, `${kind(status)} status added`);
  }
}

/**
 * A response's headers, by name (case-insensitive, as HTTP's): one clients read going away is
 * breaking, like a removed response field; an added one is compatible.
 * @param {Walk} walk
 * @param {Record<string, any>} ha
 * @param {Record<string, any>} hb
 * @param {string} where
 */
function diffHeaders(walk, ha, hb, where) {
  const names = (/** @type {Record<string, any>} */ h) =>
    new Map(Object.keys(h).map((name) => [name.toLowerCase(), name]));
  const [a, b] = [names(ha), names(hb)];
  for (const [key, name] of a)
    if (!b.has(key)) walk.note(true, where, `response header ${name} removed`);
  for (const [key, name] of b)
    if (!a.has(key)) walk.note(false, where, `response header ${name} added`);
}

/**
 * Media types of a body: one the other side relied on going away is breaking.
 * @param {Walk} walk
 * @param {import('./schema-diff.mjs').Mode} mode
 * @param {Record<string, any>} ca
 * @param {Record<string, any>} cb
 * @param {string} where
 * @param {Map<object, Set<object>>} [seen]
 */
function diffContent(walk, mode, ca, cb, where, seen = new Map()) {
  for (const [type, media] of Object.entries(ca)) {
    if (!(type in cb)) walk.note(true, where, `${mode} media type ${type} removed`);
    else diffSchema(walk, mode, media?.schema, cb[type]?.schema, where, seen);
  }
  for (const type of Object.keys(cb).filter((t) => !(t in ca))) {
    walk.note(false, where, `${mode} media type ${type} added`);
  }
}
