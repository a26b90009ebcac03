#!/usr/bin/env node
/**
 * Regenerates packages/api/src/generated/ from openapi/tollgate.yaml:
 *   schema.ts      openapi-typescript types (paths, components, operations)
 *   zod.gen.ts     zod (zod/mini) schemas for every component and operation, exactly as the
 *                  contract says (servers hold requests and their own responses to them)
 *   zod-responses.gen.ts  the same from the client view: response enums open to new values
 *   operations.ts  the operation table the SDK drives from
 *   types.ts       each operation's body, parameters and responses by operationId (BodyOf, …)
 *   routes.ts      path templates compiled once into matchers (matchRoute), for server and SDK
 *   validators.ts  operationId → its zod schemas (exact), and → its client response schema
 *   contract.ts    the contract's text, as the dev server serves it (`GET /v1/openapi.yaml`)
 * The types and the client's response schemas come from the client view of the contract
 * (lib/client-view.mjs): response enums accept values a newer control plane adds, request
 * enums stay closed.
 * `--check` regenerates into a temporary folder and fails if any committed file differs.
 * version.ts is owned by scripts/bind-version.mjs and left alone.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientView, openEnumsAsStrings } from './lib/client-view.mjs';
import { generatedHeader } from './lib/generated-header.mjs';
import { contractForZod, loadContract } from './lib/load-contract.mjs';
import { buildOperationTable } from './lib/operation-table.mjs';
import { renderOperations, renderValidators } from './lib/render-operations.mjs';
import { renderRoutes } from './lib/render-routes.mjs';
import { renderTypes } from './lib/render-types.mjs';
import { generateTypes, generateZod } from './lib/run-generators.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : resolve(process.argv[i + 1]);
};
// --contract/--out exist for the generator's own tests; CI uses the defaults.
const contractFile = arg('--contract') ?? join(root, 'openapi/tollgate.yaml');
const outDir = arg('--out') ?? join(root, 'packages/api/src/generated');
const OWNED = [
  'README.md',
  'schema.ts',
  'zod.gen.ts',
  'zod-responses.gen.ts',
  'operations.ts',
  'types.ts',
  'routes.ts',
  'validators.ts',
  'contract.ts',
];

const GENERATED_README = `# Generated: DO NOT EDIT

Every file here is written by \`pnpm generate\` (scripts/generate.mjs) from
openapi/tollgate.yaml, except version.ts, which scripts/bind-version.mjs writes.
CI regenerates them and fails when the result differs from what is committed:
change the contract or the generator instead.
`;

async function generateInto(dir) {
  const contract = loadContract(contractFile);
  const view = clientView(contract);
  const table = buildOperationTable(contract);
  const exact = await generateZod(contractForZod(contract));
  const responses = await generateZod(contractForZod(openEnumsAsStrings(view)), {
    note: ', client view: response enums open',
    requests: false,
  });
  writeFileSync(join(dir, 'zod.gen.ts'), exact);
  writeFileSync(join(dir, 'zod-responses.gen.ts'), responses);
  writeFileSync(join(dir, 'schema.ts'), await generateTypes(view));
  writeFileSync(join(dir, 'operations.ts'), renderOperations(table));
  writeFileSync(join(dir, 'types.ts'), renderTypes(table));
  writeFileSync(join(dir, 'routes.ts'), renderRoutes(table));
  writeFileSync(join(dir, 'validators.ts'), renderValidators(table, exact, responses));
  writeFileSync(join(dir, 'contract.ts'), renderContractText(readFileSync(contractFile, 'utf8')));
  writeFileSync(join(dir, 'README.md'), GENERATED_README);
  return Object.keys(table).length;
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
    await generateInto(tmp);
    const drifted = OWNED.filter((file) => {
      const committed = join(outDir, file);
      return (
        !existsSync(committed) ||
        readFileSync(committed, 'utf8') !== readFileSync(join(tmp, file), 'utf8')
      );
    });
    if (drifted.length > 0) {
      console.error(
        `generated files are out of date: ${drifted.join(', ')}\nrun \`pnpm generate\` and commit the result`,
      );
      process.exit(1);
    }
    console.log(`generated files are up to date (${OWNED.length} files)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  mkdirSync(outDir, { recursive: true });
  const count = await generateInto(outDir);
  console.log(
    `generated ${OWNED.length} files for ${count} operations in packages/api/src/generated`,
  );
}
