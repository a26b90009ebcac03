#!/usr/bin/env node
/**
 * Regenerates packages/api/src/generated/ from openapi/tollgate.yaml:
 *   schema.ts      openapi-typescript types (paths, components, operations)
 *   zod.gen.ts     zod (zod/mini) schemas for every component and operation, exactly as the
 *                  contract says (servers hold requests and their own responses to them)
 *   responses/     the same from the client view (response enums open to new values), split
 *                  into a module per tag and per set of tags sharing schemas
 *                  (lib/split-responses.mjs), so clients load only the schemas they read
 *   operations.ts  the operation table the SDK drives from
 *   types.ts       each operation's body, parameters and responses by operationId (BodyOf, …)
 *   routes.ts      path templates compiled once into matchers (matchRoute), for server and SDK
 *   validators.ts  operationId → its zod schemas (exact), and → its client response schema
 *   response-loaders.ts  tag → its operations' client response schemas, loaded on first use
 *   response-checks.ts  operationId → a predicate compiled from its client response schema
 *                  that accepts exactly what zod accepts, without zod (lib/render-response-checks.mjs)
 *   response-issues.ts  operationId → its explain walk: where and why a refused value fails
 *   contract.ts    the contract's text, as the dev server serves it (`GET /v1/openapi.yaml`)
 * The types and the client's response schemas come from the client view of the contract
 * (lib/client-view.mjs): response enums accept values a newer control plane adds, request
 * enums stay closed.
 * `--check` regenerates into a temporary folder and fails if any committed file differs.
 * version.ts is owned by scripts/bind-version.mjs and left alone.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientView, openEnumsAsStrings } from './lib/client-view.mjs';
import { generatedHeader } from './lib/generated-header.mjs';
import { contractForZod, loadContract } from './lib/load-contract.mjs';
import { buildOperationTable } from './lib/operation-table.mjs';
import {
  renderOperations,
  renderResponseLoaders,
  renderValidators,
} from './lib/render-operations.mjs';
import { renderResponseChecks } from './lib/render-response-checks.mjs';
import { renderRoutes } from './lib/render-routes.mjs';
import { renderTypes } from './lib/render-types.mjs';
import { generateTypes, generateZod } from './lib/run-generators.mjs';
import { splitResponses } from './lib/split-responses.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : resolve(process.argv[i + 1]);
};
// --contract/--out exist for the generator's own tests; CI uses the defaults.
const contractFile = arg('--contract') ?? join(root, 'openapi/tollgate.yaml');
const outDir = arg('--out') ?? join(root, 'packages/api/src/generated');
// Every file of the folder is the generator's but this one (scripts/bind-version.mjs writes it).
const NOT_OURS = new Set(['version.ts']);

const GENERATED_README = `# Generated: DO NOT EDIT

Every file here is written by \`pnpm generate\` (scripts/generate.mjs) from
openapi/tollgate.yaml, except version.ts, which scripts/bind-version.mjs writes.
CI regenerates them and fails when the result differs from what is committed:
change the contract or the generator instead.
`;

/** Writes every generated file into `dir`; returns their paths, relative to it. */
async function generateInto(dir) {
  const contract = loadContract(contractFile);
  const view = clientView(contract);
  const table = buildOperationTable(contract);
  const exact = await generateZod(contractForZod(contract));
  const clientSchemas = await generateZod(contractForZod(openEnumsAsStrings(view)), {
    note: ', client view: response enums open',
    requests: false,
  });
  const responses = splitResponses(clientSchemas, table);
  const checks = await renderResponseChecks(table, clientSchemas);
  const files = new Map([
    ['zod.gen.ts', exact],
    ...responses.files,
    ['schema.ts', await generateTypes(view)],
    ['operations.ts', renderOperations(table)],
    ['types.ts', renderTypes(table)],
    ['routes.ts', renderRoutes(table)],
    ['validators.ts', renderValidators(table, exact, responses.units)],
    ['response-loaders.ts', renderResponseLoaders(responses.units)],
    ['response-checks.ts', checks.checks],
    ['response-issues.ts', checks.issues],
    ['contract.ts', renderContractText(readFileSync(contractFile, 'utf8'))],
    ['README.md', GENERATED_README],
  ]);
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return { files: [...files.keys()], operations: Object.keys(table).length };
}

/** The files under `dir` the generator owns (every one but version.ts), relative to it. */
function ownedFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !NOT_OURS.has(file));
}

/** The contract, byte for byte, for `@tollgate/api/contract` (never part of the main entry). */
function renderContractText(text) {
  return `${generatedHeader('scripts/generate.mjs')}
/** openapi/tollgate.yaml exactly as this package was generated from it. */
export const CONTRACT_YAML: string = ${JSON.stringify(text)};
`;
}

const check = process.argv.includes('--check');
if (check) {
  const tmp = mkdtempSync(join(tmpdir(), 'tollgate-generate-'));
  try {
    const { files } = await generateInto(tmp);
    const drifted = files.filter((file) => {
      const committed = join(outDir, file);
      return (
        !existsSync(committed) ||
        readFileSync(committed, 'utf8') !== readFileSync(join(tmp, file), 'utf8')
      );
    });
    // A file the generator no longer writes (an operation removed) is drift too.
    const stale = ownedFiles(outDir).filter((file) => !files.includes(file));
    if (drifted.length + stale.length > 0) {
      console.error(
        `generated files are out of date: ${[...drifted, ...stale.map((f) => `${f} (no longer generated)`)].join(', ')}\nrun \`pnpm generate\` and commit the result`,
      );
      process.exit(1);
    }
    console.log(`generated files are up to date (${files.length} files)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  mkdirSync(outDir, { recursive: true });
  const before = ownedFiles(outDir);
  const { files, operations } = await generateInto(outDir);
  for (const file of before) if (!files.includes(file)) rmSync(join(outDir, file));
  console.log(
    `generated ${files.length} files for ${operations} operations in packages/api/src/generated`,
  );
}
