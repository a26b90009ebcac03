import { generatedHeader } from './generated-header.mjs';

/**
 * Splits the client view's zod module (one file from @hey-api's plugin) into modules a client
 * loads per resource. Bundlers split code by module, never within one: with every schema in
 * one module, the first validated call loaded every operation's schemas. Here each schema
 * lands in the module of the resources (the operations' tags) whose responses read it:
 *   responses/<tag>.ts          what only this tag's responses read; it exports each of its
 *                               operations' success response under the operationId
 *   responses/shared/<name>.ts  what several tags read, one module per set of tags, named
 *                               after its last schema (the one built on the others)
 * An untagged operation is a unit of its own, under its operationId. A module per operation
 * measured worse: a client then holds a dynamic import per operation (66 chunk names) and
 * loads a chunk per schema set, which cost more than the schemas it left out.
 * Schemas no response reads (request-only components) are left out.
 */
export function splitResponses(source, table) {
  const operationIds = Object.keys(table);
  const unitOf = (id) => table[id].tag ?? id;
  const schemas = parseSchemas(source);
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const rootOf = (id) => {
    const root = `z${id[0].toUpperCase()}${id.slice(1)}Response`;
    if (!byName.has(root)) throw new Error(`no client response schema generated for ${id}`);
    return root;
  };
  // Which units read each schema: the closure of each response.
  const readers = new Map();
  for (const id of operationIds) {
    const unit = unitOf(id);
    const pending = [rootOf(id)];
    while (pending.length > 0) {
      const name = pending.pop();
      const set = readers.get(name) ?? new Set();
      if (set.has(unit)) continue;
      set.add(unit);
      readers.set(name, set);
      pending.push(...byName.get(name).deps);
    }
  }
  // One module per set of readers, the schemas in source order (dependencies first).
  const modules = new Map();
  for (const schema of schemas) {
    const set = readers.get(schema.name);
    if (!set) continue;
    const key = [...set].sort().join(' ');
    const module = modules.get(key) ?? { readers: set, schemas: [], responses: [] };
    module.schemas.push(schema);
    modules.set(key, module);
  }
  // Every unit has a module of its own to load, if only to name its responses.
  for (const id of operationIds) {
    const unit = unitOf(id);
    if (!modules.has(unit))
      modules.set(unit, { readers: new Set([unit]), schemas: [], responses: [] });
    modules.get(unit).responses.push(id);
  }
  const fileOf = new Map();
  const files = new Set();
  for (const module of modules.values()) {
    const [only] = module.readers;
    module.file =
      module.readers.size === 1
        ? `responses/${kebab(only)}.ts`
        : `responses/shared/${kebab(module.schemas.at(-1).name.slice(1))}.ts`;
    if (files.has(module.file)) throw new Error(`two response modules named ${module.file}`);
    files.add(module.file);
    for (const schema of module.schemas) fileOf.set(schema.name, module.file);
  }
  const out = new Map();
  for (const module of modules.values()) out.set(module.file, renderModule(module, fileOf, rootOf));
  const units = [];
  for (const id of operationIds) {
    const unit = unitOf(id);
    if (!units.some((u) => u.unit === unit)) {
      units.push({ unit, module: `./${modules.get(unit).file.replace(/\.ts$/, '')}`, ids: [] });
    }
    units.find((u) => u.unit === unit).ids.push(id);
  }
  return { files: out, units };
}

/** The module's text: zod, the schemas it imports from others, its own, its exports. */
function renderModule(module, fileOf, rootOf) {
  const own = new Set(module.schemas.map((s) => s.name));
  const responses = module.responses.map((id) => [id, rootOf(id)]);
  const imports = new Map();
  const needed = [...module.schemas.flatMap((s) => [...s.deps]), ...responses.map(([, r]) => r)];
  for (const dep of needed) {
    if (own.has(dep)) continue;
    const from = relativeModule(module.file, fileOf.get(dep));
    imports.set(from, (imports.get(from) ?? new Set()).add(dep));
  }
  const lines = [
    generatedHeader(
      'scripts/generate.mjs (@hey-api/openapi-ts zod plugin, client view: response enums open)',
    ),
  ];
  const texts = module.schemas.map((s) => withoutIsoNamespace(s.text));
  const iso = [...new Set(texts.join('\n').match(/(?<![\w$.])_iso\w+(?=\()/g) ?? [])].sort();
  if (module.schemas.some((s) => /(?<![\w$.])z\./.test(s.code))) {
    lines.push("import * as z from 'zod/mini';");
  }
  if (iso.length > 0) lines.push(`import { ${iso.join(', ')} } from 'zod/v4/core';`);
  for (const [from, names] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`import { ${[...names].sort().join(', ')} } from '${from}';`);
  }
  // A unit's module exports its operations' responses by operationId, nothing else; a shared
  // one exports every schema.
  const shared = module.readers.size > 1;
  for (const text of texts)
    lines.push('', shared ? text : text.replace(/^export const /m, 'const '));
  if (responses.length > 0) {
    lines.push('', `export { ${responses.map(([id, r]) => `${r} as ${id}`).join(', ')} };`);
  }
  return `${lines.join('\n')}\n`;
}

const ISO = { datetime: 'DateTime', date: 'Date', time: 'Time', duration: 'Duration' };

/**
 * `z.iso.datetime(params)` as what zod/mini's own `datetime` is,
 * `_isoDateTime(z.ZodMiniISODateTime, params)` (zod/v4/core): the same schema, built the same
 * way. Reached through `z.iso`, the \`iso\` namespace object is kept whole in a bundle (esbuild
 * keeps every export of a namespace read two levels deep), with the date, time and duration
 * schemas and their regexes nobody reads: 0.3 kB gzipped in every client bundle.
 */
export function withoutIsoNamespace(text) {
  return text.replace(/(?<![\w$.])z\.iso\.(\w+)\((\)?)/g, (_call, name, empty) => {
    const kind = ISO[name];
    if (!kind) throw new Error(`z.iso.${name}: no zod/v4/core builder known for it`);
    return `_iso${kind}(z.ZodMiniISO${kind}${empty ? ')' : ', '}`;
  });
}

function relativeModule(from, to) {
  const fromShared = from.startsWith('responses/shared/');
  const toShared = to.startsWith('responses/shared/');
  const name = to.replace(/^.*\//, '').replace(/\.ts$/, '');
  if (fromShared && !toShared) throw new Error(`${from} would import the operation module ${to}`);
  return fromShared || !toShared ? `./${name}` : `./shared/${name}`;
}

/**
 * The module's `export const zName = …;` statements, each with its comment, the code after
 * `=`, and the schemas of the module it names. Anything else fails: a new shape of the
 * plugin's output must be handled here, not dropped.
 */
export function parseSchemas(source) {
  const body = source.replace(/^(?:\/\/.*\n)*\s*import \* as z from 'zod\/mini';\n/, '');
  if (body === source) throw new Error("the zod module does not start with zod/mini's import");
  const blocks = body.split(/\n\n+/).filter((b) => b.trim() !== '');
  const schemas = blocks.map((block) => {
    const match = /^(?:\/\*\*[\s\S]*?\*\/\n)?export const (z\w+) = ([\s\S]*);$/.exec(block.trim());
    if (!match) throw new Error(`unexpected statement in the zod module:\n${block.slice(0, 200)}`);
    return { name: match[1], code: match[2], text: block.trim() };
  });
  const names = new Set(schemas.map((s) => s.name));
  for (const schema of schemas) {
    const refs = schema.code.match(/(?<![\w$.])z[A-Z]\w*/g) ?? [];
    schema.deps = new Set(refs.filter((n) => names.has(n) && n !== schema.name));
  }
  return schemas;
}

/** A file name for a tag or schema name: `BudgetGroup` → `budget-group`. */
const kebab = (name) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
