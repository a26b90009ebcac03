/**
 * Compares two versions of one schema, field by field. `mode` says which side of the wire it
 * is on: a request schema breaks clients when it accepts less (a new required field, a
 * narrowed enum), a response schema when it promises less (a removed or now optional field).
 *
 * @typedef {{ breaking: boolean, where: string, message: string }} Finding
 * @typedef {object} Walk
 * @property {(node: any) => any} rb resolves a node of the base contract
 * @property {(node: any) => any} rh resolves a node of the head contract
 * @property {(breaking: boolean, where: string, message: string) => void} note
 * @typedef {'request' | 'response'} Mode
 */
import { flattenAllOf } from './contract-refs.mjs';

/** The declared type as one comparable string (`string|null`), or '' when not declared. */
function typeOf(/** @type {any} */ s) {
  if (s.type) return [...new Set([s.type, s.nullable ? 'null' : []].flat())].sort().join('|');
  if (s.oneOf || s.anyOf) return 'union';
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return '';
}

/** Properties as this side of the wire sees them (no readOnly in requests, no writeOnly in responses). */
function visibleProperties(
  /** @type {any} */ s,
  /** @type {Mode} */ mode,
  /** @type {(n: any) => any} */ resolve,
) {
  const hidden = mode === 'request' ? 'readOnly' : 'writeOnly';
  return Object.fromEntries(
    Object.entries(s.properties ?? {}).filter(([, p]) => resolve(p)?.[hidden] !== true),
  );
}

/**
 * @param {Walk} walk
 * @param {Mode} mode
 * @param {any} a0 base schema (may be a $ref)
 * @param {any} b0 head schema (may be a $ref)
 * @param {string} where location prefix for findings
 * @param {Map<object, Set<object>>} seen base/head schema pairs already compared
 */
export function diffSchema(walk, mode, a0, b0, where, seen) {
  const [a, b] = [walk.rb(a0), walk.rh(b0)];
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return;
  // Recursive schemas come back to a pair already compared: the walk stops there. A component
  // used twice in one request or response is reported once, at its first place.
  if (seen.get(a)?.has(b)) return;
  seen.set(a, (seen.get(a) ?? new Set()).add(b));
  const [fa, fb] = [flattenAllOf(a, walk.rb), flattenAllOf(b, walk.rh)];

  const [ta, tb] = [typeOf(fa), typeOf(fb)];
  if (ta && tb && ta !== tb) {
    // Any type change breaks one side: the generated types and zod schemas change with it.
    walk.note(true, where, `type changed from ${ta} to ${tb}`);
    return;
  }
  diffEnum(walk, mode, fa.enum, fb.enum, where);
  diffProperties(walk, mode, fa, fb, where, seen);
  if (fa.items && fb.items) diffSchema(walk, mode, fa.items, fb.items, `${where}[]`, seen);
  const [apA, apB] = [fa.additionalProperties, fb.additionalProperties];
  if (typeof apA === 'object' && typeof apB === 'object') {
    diffSchema(walk, mode, apA, apB, `${where}{}`, seen);
  }
  for (const kind of ['oneOf', 'anyOf'])
    diffUnion(walk, mode, kind, fa[kind], fb[kind], where, seen);
}

/**
 * @param {Walk} walk
 * @param {Mode} mode
 * @param {unknown[] | undefined} ea
 * @param {unknown[] | undefined} eb
 * @param {string} where
 */
function diffEnum(walk, mode, ea, eb, where) {
  const list = (/** @type {unknown[]} */ values) => values.map((v) => JSON.stringify(v)).join(', ');
  if (ea && eb) {
    const removed = ea.filter((v) => !eb.includes(v));
    const added = eb.filter((v) => !ea.includes(v));
    if (removed.length) walk.note(true, where, `enum narrowed: removed ${list(removed)}`);
    if (added.length) walk.note(false, where, `enum widened: added ${list(added)}`);
  } else if (eb) {
    // A request that could send anything now may only send these; a response just says more.
    walk.note(mode === 'request', where, `enum added: only ${list(eb)}`);
  } else if (ea) {
    walk.note(false, where, 'enum removed: any value');
  }
}

/**
 * @param {Walk} walk
 * @param {Mode} mode
 * @param {any} a
 * @param {any} b
 * @param {string} where
 * @param {Map<object, Set<object>>} seen
 */
function diffProperties(walk, mode, a, b, where, seen) {
  const [pa, pb] = [visibleProperties(a, mode, walk.rb), visibleProperties(b, mode, walk.rh)];
  const [reqA, reqB] = [new Set(a.required ?? []), new Set(b.required ?? [])];
  for (const [name, schema] of Object.entries(pa)) {
    const at = `${where}.${name}`;
    if (!(name in pb)) {
      walk.note(true, at, `${mode} field removed`);
      continue;
    }
    if (mode === 'request' && reqB.has(name) && !reqA.has(name)) {
      walk.note(true, at, 'request field became required');
    }
    if (mode === 'response' && reqA.has(name) && !reqB.has(name)) {
      walk.note(true, at, 'response field became optional');
    }
    diffSchema(walk, mode, schema, pb[name], at, seen);
  }
  for (const name of Object.keys(pb).filter((n) => !(n in pa))) {
    if (mode === 'response') walk.note(false, `${where}.${name}`, 'response field added');
    else if (reqB.has(name)) walk.note(true, `${where}.${name}`, 'new required request field');
    else walk.note(false, `${where}.${name}`, 'optional request field added');
  }
}

/**
 * Union members are matched by the component they name, inline ones by position.
 * @param {Walk} walk
 * @param {Mode} mode
 * @param {string} kind oneOf or anyOf
 * @param {any[] | undefined} ua
 * @param {any[] | undefined} ub
 * @param {string} where
 * @param {Map<object, Set<object>>} seen
 */
function diffUnion(walk, mode, kind, ua, ub, where, seen) {
  if (!ua || !ub) return;
  const byLabel = (/** @type {any[]} */ members) => {
    let inline = 0;
    return new Map(members.map((m) => [m?.$ref ? m.$ref.split('/').at(-1) : `#${inline++}`, m]));
  };
  const [ma, mb] = [byLabel(ua), byLabel(ub)];
  for (const [label, member] of ma) {
    if (mb.has(label)) diffSchema(walk, mode, member, mb.get(label), `${where}|${label}`, seen);
    else walk.note(true, where, `${kind} member ${label} removed`);
  }
  for (const label of [...mb.keys()].filter((l) => !ma.has(l))) {
    walk.note(false, where, `${kind} member ${label} added`);
  }
}
