import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { CheckCompiler, Unsupported } from './compile-zod-check.mjs';
import { generatedHeader } from './generated-header.mjs';
import { HELPERS } from './zod-check-parts.mjs';

const pascal = (id) => id[0].toUpperCase() + id.slice(1);

/**
 * response-checks.ts: for each operation, a predicate saying whether its client response
 * schema (responses/<tag>.ts) accepts a body, compiled from the zod schemas themselves
 * (lib/compile-zod-check.mjs), and beside it an explain walk listing where and why a refused
 * body breaks it (lib/compile-zod-explain.mjs). The SDK runs the predicate on every response
 * and the walk on a refused one, so it never loads zod. An operation whose schema uses a kind
 * the compiler does not know has no entry (the generator's tests require one for each).
 */
export async function renderResponseChecks(table, responsesSource) {
  const schemas = await evaluate(responsesSource);
  // A shared schema is named after its first export in the file (its component, before the
  // operations' aliases of it).
  const names = new Map();
  for (const [, name] of responsesSource.matchAll(/^export const (z\w+)/gm)) {
    if (!names.has(schemas[name])) names.set(schemas[name], name.slice(1));
  }
  const compiler = new CheckCompiler(names);
  const rows = [];
  const walks = [];
  for (const id of Object.keys(table)) {
    const schema = schemas[`z${pascal(id)}Response`];
    if (!schema) throw new Error(`no client response schema generated for ${id}`);
    try {
      const predicate = compiler.predicate(schema, `${pascal(id)}Response`);
      rows.push(`  ${id}: ${predicate},`);
      walks.push(`  ${id}: ${compiler.issues(predicate)},`);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      rows.push(`  // ${id}: no check (${error.message})`);
    }
  }
  // The walks first: writing them may add leaf tests to the predicates' module.
  const walkSource = compiler.explainer.source();
  const checkSource = compiler.source({ walks: false });
  const declared = new Set(
    [...checkSource.matchAll(/^(?:function|const) (\w+)/gm)].map((m) => m[1]),
  );
  const text = `${walkSource}\n${walks.join('\n')}`;
  const used = [...new Set(text.match(/\b\w+\b/g))].filter((n) => declared.has(n)).sort();
  const ownHelpers = ['isPlainObject']
    .filter((h) => text.includes(`${h}(`) && !declared.has(h))
    .map((h) => HELPERS[h]);
  const header = generatedHeader('scripts/generate.mjs (lib/render-response-checks.mjs)');
  const checks = `${header}
import type { OperationId } from './operations';

${checkSource}

/**
 * Whether the operation's client response schema (\`responseSchemas\`) accepts a value that
 * JSON.parse produced, without zod: true exactly when its \`safeParse\` succeeds. Compiled
 * from those schemas by the generator; response-issues.ts says why it refused one.
 */
export const responseChecks: Partial<Record<OperationId, (value: unknown) => boolean>> = {
${rows.join('\n')}
};

/** The tests response-issues.ts walks with (a module of its own: loaded on a refusal). */
export { ${used.join(', ')} };
`;
  const issues = `${header}
import type { OperationId } from './operations';
import { ${used.join(', ')} } from './response-checks';

${[...ownHelpers, walkSource].join('\n\n')}

/**
 * Where and why the operation's client response schema refuses a value (the first
 * ten), none when it accepts: the first issue's \`path\` is that of zod's first issue;
 * the messages are worded from the schema, not zod's.
 */
export const responseIssues: Partial<Record<OperationId, (value: unknown) => ResponseIssue[]>> = {
${walks.join('\n')}
};
`;
  return { checks, issues };
}

/** The generated zod module, run: its TypeScript stripped, `zod/mini` resolved from here. */
async function evaluate(source) {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const zod = import.meta.resolve('zod/mini');
  const js = outputText.replace(/from ['"]zod\/mini['"]/, `from ${JSON.stringify(zod)}`);
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-checks-'));
  try {
    const file = join(dir, 'zod-responses.mjs');
    writeFileSync(file, js);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
