/**
 * The explain walks of compile-zod-check.mjs: for a value a predicate refuses, where and why
 * (`{ path, message }`, the first MAX_ISSUES), so a client words a refusal without zod. Each
 * walk follows its predicate: it runs the same tests, field by field, and descends only into
 * a part that failed, so the first issue lands where zod's first issue does (the field in
 * shape order, the array index, the record key; a missing key, unknown keys of a strict
 * object at the object; a union at the union). The messages are the SDK's own, worded from
 * the schema ("expected a string or null"), not zod's.
 */

const MAX_ISSUES = 10;

/** The functions the walks call, emitted once when any walk is. */
const WALK_HELPERS = `type Path = (string | number)[];
/** Where a refused body breaks the contract and why. */
export interface ResponseIssue {
  path: Path;
  message: string;
}
type Walk = (v: unknown, p: Path, out: ResponseIssue[]) => void;

function issue(out: ResponseIssue[], path: Path, message: string): void {
  if (out.length < ${MAX_ISSUES}) out.push({ path, message });
}

/** A value its test refused: walked into when it has parts, else an issue at it. */
function refused(out: ResponseIssue[], path: Path, x: unknown, walk: Walk | 0, message: string): void {
  if (walk) walk(x, path, out);
  else issue(out, path, message);
}

/** A field its test refused: missing, or its value refused. */
function field(
  out: ResponseIssue[],
  p: Path,
  o: Record<string, unknown>,
  k: string,
  walk: Walk | 0,
  message: string,
): void {
  if (!(k in o)) issue(out, [...p, k], 'required');
  else refused(out, [...p, k], o[k], walk, message);
}

type Test = (x: unknown) => boolean;
type Field = [key: string, test: Test | 0, mode: number, walk?: Walk];
/**
 * An object's fields, each [key, its test, mode, its walk] in shape order: mode 1, the key must
 * be present; mode 2, an absent key passes whatever its test says. A refused value without a
 * walk gets its test's message (MESSAGES). \`strict\`: no other key.
 */
function walkObject(v: unknown, p: Path, out: ResponseIssue[], fields: Field[], strict: boolean): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return issue(out, p, 'expected an object');
  const o = v as Record<string, unknown>;
  for (const [k, test, mode, walk] of fields) {
    const present = k in o;
    if (mode === 2 && !present) continue;
    if ((mode === 1 && !present) || (test && !test(o[k])))
      field(out, p, o, k, walk ?? 0, (test && MESSAGES.get(test)) || 'invalid value');
  }
  if (strict) extraKeys(out, p, o, fields.map((f) => f[0]));
}

/** An array's items, or (\`record\`) a plain object's values, each held to \`test\`. */
function walkItems(v: unknown, p: Path, out: ResponseIssue[], record: boolean, test: Test, walk?: Walk): void {
  if (record ? !isPlainObject(v) : !Array.isArray(v))
    return issue(out, p, record ? 'expected an object' : 'expected an array');
  const o = v as Record<string | number, unknown>;
  const keys: (string | number)[] = record ? Object.keys(o) : [...(v as unknown[]).keys()];
  for (const k of keys) {
    if (k === '__proto__' || test(o[k])) continue;
    refused(out, [...p, k], o[k], walk ?? 0, MESSAGES.get(test) || 'invalid value');
  }
}

/** A strict object's keys outside its shape, one issue at the object (as zod words it). */
function extraKeys(out: ResponseIssue[], p: Path, o: object, known: string[]): void {
  const extra: string[] = [];
  for (const k in o) if (!known.includes(k)) extra.push(k);
  if (extra.length) issue(out, p, \`unknown key(s): \${extra.join(', ')}\`);
}

/** The issues of \`v\` against a predicate and its walk; none when it accepts. */
function issuesOf(v: unknown, check: Test, walk: Walk | 0, message = 'invalid value'): ResponseIssue[] {
  const out: ResponseIssue[] = [];
  if (!check(v)) refused(out, [], v, walk, message);
  return out;
}`;

export class Explainer {
  constructor(compiler) {
    this.c = compiler;
    this.walks = new Map(); // schema → { name, code }
    this.roots = new Map(); // predicate name → its issues function
    this.messages = new Map(); // test function name → the message of a value it refuses
  }

  /** A function of a value listing its issues against predicate \`name\` (an arrow's text). */
  issuesOf(name) {
    const known = this.roots.get(name);
    if (known) return known;
    const entry = [...this.c.functions.values()].find((f) => f.name === name);
    if (!entry) throw new Error(`no predicate ${name}`);
    const schema = unwrap(entry.schema);
    const walk = this.walkOf(schema);
    const root = `(v: unknown) => issuesOf(v, ${name}, ${walk ?? `0, ${message(entry.schema)}`})`;
    this.roots.set(name, root);
    return root;
  }

  source() {
    if (this.walks.size + this.roots.size === 0) return '';
    const messages = [...this.messages].map(([test, text]) => `  [${test}, ${text}],`);
    const table = `/** What a value each field test refuses should have been. */\nconst MESSAGES = new Map<Test, string>([\n${messages.join('\n')}\n]);`;
    return [WALK_HELPERS, table, ...[...this.walks.values()].map((w) => w.code)].join('\n\n');
  }

  /** The walk of a schema a value failed (nullable and optional already unwrapped), if it has parts. */
  walkOf(schema) {
    const def = schema._zod.def;
    const known = this.walks.get(schema);
    if (known) return known.name;
    const structural = ['object', 'array', 'record'].includes(def.type);
    const fn = this.c.functions.get(schema);
    if (!(structural && fn) && def.type !== 'intersection') return undefined;
    const name = fn ? `walk${fn.name.slice(2)}` : `walk${this.walks.size}`;
    const entry = { name, code: '' };
    this.walks.set(schema, entry); // before the body: a recursive schema walks itself
    const body =
      def.type === 'object'
        ? this.objectWalk(schema, fn.name)
        : def.type === 'intersection'
          ? [this.failing(def.left, 'v', 'p'), this.failing(def.right, 'v', 'p')].join('\n')
          : this.itemsWalk(schema);
    entry.code = `function ${name}(v: unknown, p: Path, out: ResponseIssue[]): void {\n${body}\n}`;
    return name;
  }

  /** `if (the value fails schema) { its issue or walk }`, for `value` at `path`. */
  failing(schema, value, path) {
    const test = this.c.expr(schema, value, 'Part');
    const walk = this.walkOf(unwrap(schema)) ?? 0;
    return `  if (!(${test})) refused(out, ${path}, ${value}, ${walk}, ${message(schema)});`;
  }

  objectWalk(schema, name) {
    const def = schema._zod.def;
    const fields = this.c.fieldTests.get(name).map(({ key, call, mode }) => {
      const field = def.shape[key];
      const test = call ? /^(\w+)\(/.exec(call)[1] : '0';
      const walk = call ? this.walkOf(unwrap(field)) : undefined;
      if (call && !walk && !this.messages.has(test)) this.messages.set(test, message(field));
      return `    [${[JSON.stringify(key), test, mode, ...(walk ? [walk] : [])].join(', ')}],`;
    });
    const lines = [
      `  walkObject(v, p, out, [\n${fields.join('\n')}\n  ], ${def.catchall !== undefined});`,
    ];
    const checks = this.c.checks(schema, 'v', 'object');
    if (checks !== 'true') {
      lines.push(
        `  if (typeof v === 'object' && v !== null && !(${checks})) issue(out, p, 'invalid object');`,
      );
    }
    return lines.join('\n');
  }

  /** An array's items or a record's values, then its own checks. */
  itemsWalk(schema) {
    const def = schema._zod.def;
    const array = def.type === 'array';
    const part = array ? def.element : def.valueType;
    const kind = array ? 'array' : 'record';
    const test = /^(\w+)\(/.exec(this.c.apply(this.c.expr(part, 'x', 'Item'), 'x'))[1];
    const walk = this.walkOf(unwrap(part));
    if (!walk && !this.messages.has(test)) this.messages.set(test, message(part));
    const args = ['v', 'p', 'out', String(!array), test, ...(walk ? [walk] : [])];
    const lines = [`  walkItems(${args.join(', ')});`];
    const checks = this.c.checks(schema, 'v', kind);
    if (checks !== 'true') {
      const guard = array ? 'Array.isArray(v)' : 'isPlainObject(v)';
      lines.push(
        `  if (${guard} && !(${checks})) issue(out, p, ${JSON.stringify(`${kind} size out of bounds`)});`,
      );
    }
    return lines.join('\n');
  }
}

/** A schema without its nullable and optional wrappers (a failing value is neither). */
function unwrap(schema) {
  let s = schema;
  while (['nullable', 'optional'].includes(s._zod.def.type)) s = s._zod.def.innerType;
  return s;
}

const message = (schema) => JSON.stringify(`expected ${describe(schema)}`);

/** What a schema takes, in words. */
export function describe(schema) {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return describeString(schema);
    case 'number':
      return schema._zod.traits.has('$ZodCheck') ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'enum':
    case 'literal': {
      const values = [...schema._zod.values].map((v) => JSON.stringify(v));
      return values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
    }
    case 'nullable':
      return `${describe(def.innerType)} or null`;
    case 'optional':
      return describe(def.innerType);
    case 'union':
      return def.options.map(describe).join(' or ');
    case 'array':
      return 'an array';
    case 'object':
    case 'record':
    case 'intersection':
      return 'an object';
    default:
      return 'a value';
  }
}

function describeString(schema) {
  const all = [schema, ...(schema._zod.def.checks ?? [])].map((c) => c._zod.def);
  const format = all.find((d) => d.check === 'string_format');
  const base =
    format?.format === 'datetime'
      ? 'an ISO 8601 date-time'
      : format?.format === 'url'
        ? 'a URL'
        : format?.format === 'regex'
          ? `a string matching ${format.pattern}`
          : 'a string';
  const min = all.find((d) => d.check === 'min_length')?.minimum;
  const max = all.find((d) => d.check === 'max_length')?.maximum;
  if (min !== undefined && max !== undefined) return `${base} of ${min} to ${max} characters`;
  if (min !== undefined) return `${base} of at least ${min} characters`;
  if (max !== undefined) return `${base} of at most ${max} characters`;
  return base;
}
