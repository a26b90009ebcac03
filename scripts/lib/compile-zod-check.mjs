/**
 * Compiles a zod (zod/mini) schema into a TypeScript predicate that says whether zod would
 * accept a value, in plain code (field tables, type tests): the client's fast path for a response (see
 * render-response-checks.mjs). It mirrors zod 4's parse rules for the kinds the contract's
 * response schemas use, read from each schema's `_zod.def`; any other kind, check or option
 * throws `Unsupported`, and that operation has no check. Beside each predicate, `issues()`
 * gives its explain walk (compile-zod-explain.mjs): where and why a rejected value fails.
 */

import { Explainer } from './compile-zod-explain.mjs';
import { HELPERS, isOpenRecord, literal, Unsupported } from './zod-check-parts.mjs';

export { Unsupported };

/** Emits predicates into one module; shared schemas (by identity) are compiled once. */
export class CheckCompiler {
  /** @param {Map<unknown, string>} names a readable name for each exported schema */
  constructor(names) {
    this.names = names;
    this.functions = new Map(); // schema → { name, code }
    this.taken = new Set();
    this.patterns = new Map(); // regex literal → constant name
    this.leaves = new Map(); // an expression of `x` → the name of a function returning it
    this.helpers = new Set();
    this.fieldTests = new Map(); // object predicate → [{ key, call, mode }] (compile-zod-explain)
    this.explainer = new Explainer(this);
  }

  /** A function `(value) => Issue[]` for predicate `name`, its explain walk's entry. */
  issues(name) {
    return this.explainer.issuesOf(name);
  }

  /** The name of a predicate for `schema`; on Unsupported nothing of this call is kept. */
  predicate(schema, hint) {
    const saved = [this.functions, this.taken, this.patterns, this.leaves].map(
      (m) => new m.constructor(m),
    );
    const helpers = new Set(this.helpers);
    try {
      return this.fn(schema, hint);
    } catch (error) {
      [this.functions, this.taken, this.patterns, this.leaves] = saved;
      this.helpers = helpers;
      throw error;
    }
  }

  /** The module text: helpers, patterns, every predicate, then (unless told) the walks. */
  source({ walks: withWalks = true } = {}) {
    const walks = withWalks ? this.explainer.source() : '';
    const helpers = [...this.helpers].map((h) => HELPERS[h]);
    const patterns = [...this.patterns].map(([re, name]) => `const ${name} = ${re};`);
    const leaves = [...this.leaves].map(
      ([test, name]) => `function ${name}(x: unknown): boolean {\n  return ${test};\n}`,
    );
    const fns = [...this.functions.values()].map((f) => f.code);
    return [...helpers, patterns.join('\n'), ...leaves, ...fns, walks].filter(Boolean).join('\n\n');
  }

  /**
   * `test` (an expression of `x`) applied to `value`: a call of a predicate, each distinct
   * test compiled once (an object's fields repeat a handful of them), so the module stays small.
   */
  apply(test, value) {
    const direct = /^(\w+)\(x\)$/.exec(test);
    if (direct) return `${direct[1]}(${value})`;
    if (!this.leaves.has(test)) this.leaves.set(test, `leaf${this.leaves.size}`);
    return `${this.leaves.get(test)}(${value})`;
  }

  fn(schema, hint) {
    const known = this.functions.get(schema);
    if (known) return known.name;
    const base = `is${this.names.get(schema) ?? hint.replace(/\W/g, '_')}`;
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    const entry = { name, code: '', schema };
    this.functions.set(schema, entry); // before the body: a recursive schema refers to itself
    const body = this.body(schema, name);
    entry.code = `${entry.table ?? ''}function ${name}(v: unknown): boolean {\n${body}\n}`;
    return name;
  }

  body(schema, name) {
    const def = schema._zod.def;
    if (def.type === 'object') return this.objectBody(schema, name);
    if (def.type === 'array') {
      const item = this.expr(def.element, 'x', `${name.slice(2)}Item`);
      return [
        '  if (!Array.isArray(v)) return false;',
        '  for (let i = 0; i < v.length; i++) {',
        `    if (!${this.apply(item, 'v[i]')}) return false;`,
        '  }',
        `  return ${this.checks(schema, 'v', 'array')};`,
      ].join('\n');
    }
    if (def.type === 'record') {
      this.helpers.add('isPlainObject');
      const key = def.keyType._zod.def;
      if (key.type !== 'string' || key.checks?.length || key.coerce) {
        throw new Unsupported(`a record keyed by ${key.type} with checks`);
      }
      const value = this.expr(def.valueType, 'x', `${name.slice(2)}Value`);
      const lines = ['  if (!isPlainObject(v)) return false;'];
      if (value !== 'true') {
        lines.push(
          '  for (const k of Object.keys(v)) {',
          "    if (k === '__proto__') continue;",
          `    if (!${this.apply(value, 'v[k]')}) return false;`,
          '  }',
        );
      }
      lines.push(`  return ${this.checks(schema, 'v', 'record')};`);
      return lines.join('\n');
    }
    return `  const x = v;\n  return ${this.expr(schema, 'x', name.slice(2))};`;
  }

  objectBody(schema, name) {
    const def = schema._zod.def;
    const strict = def.catchall !== undefined;
    if (strict && def.catchall._zod.def.type !== 'never') {
      throw new Unsupported(`an object with a ${def.catchall._zod.def.type} catchall`);
    }
    // The fields as a table [key, test, mode] walked by one helper (hasFields): a third of the
    // bytes of a line per field, for a loop instead of straight-line code.
    this.helpers.add('hasFields');
    const table = `F_${name.slice(2)}`;
    const lines = [`  if (!hasFields(v, ${table})) return false;`];
    const rows = [];
    const keys = Object.keys(def.shape);
    const tests = [];
    this.fieldTests.set(name, tests);
    if (Object.getOwnPropertySymbols(def.shape).length) throw new Unsupported('symbol keys');
    for (const key of keys) {
      if (key === '__proto__') throw new Unsupported('a __proto__ key');
      const field = def.shape[key];
      const { optin, optout } = field._zod;
      const test = this.expr(field, 'x', `${name.slice(2)}_${key}`);
      // zod reads `input[key]` and tells absence by `key in input` (inherited keys count).
      const inherited = key in Object.prototype;
      const takesUndefined = field.safeParse(undefined).success;
      const call = test === 'true' ? '' : this.apply(test, `v[${JSON.stringify(key)}]`);
      let mode;
      if (optin === undefined) {
        // A required key must be present, even when its schema takes undefined (mode 1).
        mode = takesUndefined || inherited ? 1 : 0;
      } else if (optout === 'optional') {
        // An absent optional key is skipped whatever its schema says of undefined (mode 2).
        mode = takesUndefined && !inherited ? 0 : 2;
      } else {
        throw new Unsupported(`key ${key}: optin ${optin} without optout`);
      }
      tests.push({ key, call, mode });
      const fn = call ? call.slice(0, call.indexOf('(')) : '0';
      if (call || mode === 1) rows.push(`[${JSON.stringify(key)}, ${fn}, ${mode}]`);
    }
    this.functions.get(schema).table = `const ${table}: Fields = [${rows.join(', ')}];\n`;
    if (strict) {
      const cases = keys.map((key) => `case ${JSON.stringify(key)}:`).join(' ');
      lines.push('  for (const k in v) {', '    switch (k) {');
      if (cases) lines.push(`      ${cases}`, '        break;');
      lines.push('      default:', '        return false;', '    }', '  }');
    }
    const checks = this.checks(schema, 'v', 'object');
    if (!strict && checks === 'true') return `  return hasFields(v, ${table});`;
    lines.push(`  return ${checks};`);
    return lines.join('\n');
  }

  /** A boolean expression saying whether zod accepts the value in variable `x`. */
  expr(schema, x, hint) {
    const def = schema._zod.def;
    const and = (...parts) => parts.filter((p) => p !== 'true').join(' && ') || 'true';
    switch (def.type) {
      case 'string':
        if (def.coerce) throw new Unsupported('coercion');
        return and(`typeof ${x} === 'string'`, this.checks(schema, x, 'string'));
      case 'number':
        if (def.coerce) throw new Unsupported('coercion');
        // A number format (z.int()) says finite itself; a bare z.number() refuses NaN and ±Infinity.
        return and(
          `typeof ${x} === 'number'`,
          schema._zod.traits.has('$ZodCheck') ? 'true' : `Number.isFinite(${x})`,
          this.checks(schema, x, 'number'),
        );
      case 'boolean':
        if (def.coerce) throw new Unsupported('coercion');
        return `typeof ${x} === 'boolean'`;
      case 'unknown':
      case 'any':
        return this.checks(schema, x, 'unknown');
      case 'void':
      case 'undefined':
        return `${x} === undefined`;
      case 'null':
        return `${x} === null`;
      case 'enum':
      case 'literal': {
        // The very set zod tests membership of.
        const values = [...schema._zod.values];
        return `(${values.map((value) => `${x} === ${literal(value)}`).join(' || ') || 'false'})`;
      }
      case 'nullable':
        return `(${x} === null || ${this.expr(def.innerType, x, hint)})`;
      case 'optional':
        if (def.innerType._zod.optin === 'defaulted') throw new Unsupported('a default');
        return `(${x} === undefined || ${this.expr(def.innerType, x, hint)})`;
      case 'union':
        if (def.discriminator !== undefined || def.inclusive === false) {
          throw new Unsupported('a discriminated or exclusive union');
        }
        return `(${def.options.map((o, i) => this.expr(o, x, `${hint}${i}`)).join(' || ')})`;
      case 'intersection':
        // Values pass through unchanged, so two accepting sides always merge.
        return `(${this.expr(def.left, x, `${hint}L`)} && ${this.expr(def.right, x, `${hint}R`)})`;
      case 'record':
        if (isOpenRecord(schema)) {
          this.helpers.add('isPlainObject');
          return `isPlainObject(${x})`;
        }
        return `${this.fn(schema, hint)}(${x})`;
      case 'object':
      case 'array':
        return `${this.fn(schema, hint)}(${x})`;
      default:
        throw new Unsupported(`a ${def.type} schema`);
    }
  }

  /** The schema's checks (its own format first, as zod runs them) on a value of `kind`. */
  checks(schema, x, kind) {
    const own = schema._zod.traits.has('$ZodCheck') ? [schema] : [];
    const all = [...own, ...(schema._zod.def.checks ?? [])];
    const parts = all.map((check) => this.check(check, x, kind));
    return parts.filter((p) => p !== 'true').join(' && ') || 'true';
  }

  check(check, x, kind) {
    const def = check._zod.def;
    const length = def.check === 'min_length' || def.check === 'max_length';
    if (def.when && !length) throw new Unsupported(`a conditional ${def.check} check`);
    const number = (value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Unsupported(`a ${def.check} bound ${String(value)}`);
      }
      return String(value);
    };
    switch (def.check) {
      case 'number_format':
        if (kind !== 'number') break;
        if (def.format === 'safeint') return `Number.isSafeInteger(${x})`;
        if (def.format === 'float64' || def.format === undefined) return `Number.isFinite(${x})`;
        break;
      case 'greater_than':
        if (kind !== 'number') break;
        return `${x} ${def.inclusive ? '>=' : '>'} ${number(def.value)}`;
      case 'less_than':
        if (kind !== 'number') break;
        return `${x} ${def.inclusive ? '<=' : '<'} ${number(def.value)}`;
      case 'min_length': {
        const min = number(def.minimum);
        if (kind === 'array') return `${x}.length >= ${min}`;
        if (kind !== 'string') break;
        this.helpers.add('codePoints');
        // A code point is one or two units: zod counts them only between min and 2 × min.
        return `${x}.length >= ${min} && (${x}.length >= ${2 * def.minimum} || codePoints(${x}) >= ${min})`;
      }
      case 'max_length': {
        const max = number(def.maximum);
        if (kind === 'array') return `${x}.length <= ${max}`;
        if (kind !== 'string') break;
        this.helpers.add('codePoints');
        return `(${x}.length <= ${max} || codePoints(${x}) <= ${max})`;
      }
      case 'string_format':
        if (kind !== 'string') break;
        if (def.format === 'url') return this.url(def, x);
        if (def.format === 'regex' || def.format === 'datetime') {
          return `${this.pattern(def.pattern)}.test(${x})`;
        }
        break;
    }
    throw new Unsupported(
      `a ${def.check}${def.format ? ` (${def.format})` : ''} check on a ${kind}`,
    );
  }

  url(def, x) {
    if ('normalize' in def || 'hostname' in def || 'protocol' in def) {
      throw new Unsupported('a URL with hostname, protocol or normalize options');
    }
    this.helpers.add('canParseUrl');
    return `canParseUrl(${x})`;
  }

  pattern(re) {
    if (re.global || re.sticky) throw new Unsupported(`a stateful pattern ${re}`);
    const text = `/${re.source}/${re.flags}`;
    if (!this.patterns.has(text)) this.patterns.set(text, `PATTERN_${this.patterns.size}`);
    return this.patterns.get(text);
  }
}
