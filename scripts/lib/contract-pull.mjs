/**
 * The logic behind scripts/contract-pull.mjs: take a control plane's contract, decide whether
 * the tree may follow it (the breaking-change check against the released contract), and say
 * in a changeset which operations were added, changed or removed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import { checkContracts, formatFinding } from './contract-check.mjs';
import { diffContracts } from './contract-diff.mjs';
import { latestReleased, releasedFile } from './versions.mjs';

/** @typedef {import('./schema-diff.mjs').Finding} Finding */

/**
 * The contract text at `from`: a file, a URL of the document, or a control plane's base URL
 * (then `GET /v1/openapi.yaml`, where a control plane serves its contract).
 * @param {string} from
 * @param {typeof fetch} [fetchImpl]
 */
export async function readContractSource(from, fetchImpl = fetch) {
  if (!/^https?:\/\//.test(from)) return readFileSync(from, 'utf8');
  const url = /\.(ya?ml|json)$/.test(new URL(from).pathname)
    ? from
    : `${from.replace(/\/+$/, '')}/v1/openapi.yaml`;
  const response = await fetchImpl(url, { redirect: 'error' });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
}

/**
 * The contract as openapi/tollgate.yaml holds it: YAML. A JSON document (a control plane's
 * `openapi.json`, a file) is YAML too, but is converted so the working file stays YAML;
 * anything else is left for the checks to refuse.
 * @param {string} text
 */
export function asYaml(text) {
  if (!/^\s*\{/.test(text)) return text;
  try {
    return stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * What pulling `text` into the tree at `root` means, without changing anything.
 * @param {string} root
 * @param {string} text the pulled contract
 * @returns {{ status: 'unchanged' } | { status: 'refused', report: string[] } |
 *   { status: 'apply', version: string, report: string[], changes: Finding[],
 *     before: Record<string, any>, releaseNew: boolean }}
 */
export function planPull(root, text) {
  const workingFile = join(root, 'openapi/tollgate.yaml');
  const working = readFileSync(workingFile, 'utf8');
  const pulled = parse(text);
  // The same document (its JSON form, say) is the same contract: nothing to pull.
  if (working === text || isDeepStrictEqual(parse(working), pulled)) return { status: 'unchanged' };
  const version = pulled?.info?.version;
  if (typeof pulled?.openapi !== 'string' || typeof version !== 'string')
    return { status: 'refused', report: ['not an OpenAPI document with info.version'] };

  const releasedDir = join(root, 'openapi/released');
  const released = latestReleased(releasedDir);
  const baseFile = released ? releasedFile(releasedDir, released) : workingFile;
  const verdict = checkContracts(
    { name: baseFile.slice(root.length + 1), text: readFileSync(baseFile, 'utf8') },
    { name: 'the pulled contract', text },
  );
  const report = [...verdict.findings.map(formatFinding), `contract-check: ${verdict.summary}`];
  if (verdict.exitCode !== 0) return { status: 'refused', report };

  // A version the control plane has shipped is history: it may be recorded, never rewritten.
  const history = join(releasedDir, `${version}.yaml`);
  if (existsSync(history) && !isDeepStrictEqual(parse(readFileSync(history, 'utf8')), pulled))
    return {
      status: 'refused',
      report: [
        `openapi/released/${version}.yaml exists and differs: a released contract never changes`,
      ],
    };
  // What a new release changes is told against the release it follows (the working contract
  // may already hold additions made here); a re-pulled release against the working contract.
  const releaseNew = !existsSync(history);
  const before = parse(releaseNew && released ? readFileSync(baseFile, 'utf8') : working);
  const changes = diffContracts(before, pulled);
  return { status: 'apply', version, report, changes, before, releaseNew };
}

/**
 * The changes, by operation: `added`, `removed` and `changed` operation ids (with what
 * changed), from the diff's findings (`where` starts with `METHOD /path`).
 * @param {Finding[]} findings
 * @param {Record<string, any>} before the working contract
 * @param {Record<string, any>} after the pulled one
 */
export function summarizeByOperation(findings, before, after) {
  /** @type {(doc: Record<string, any>, method: string, path: string) => string | undefined} */
  const idOf = (doc, method, path) => doc?.paths?.[path]?.[method.toLowerCase()]?.operationId;
  /** @type {{added: string[], removed: string[], changed: Map<string, string[]>, other: string[]}} */
  const out = { added: [], removed: [], changed: new Map(), other: [] };
  for (const f of findings) {
    const m = /^(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) (\/\S*)/.exec(f.where);
    if (!m) {
      if (f.where !== 'info.version') out.other.push(`${f.where}: ${f.message}`);
      continue;
    }
    const [, method, path] = /** @type {[string, string, string]} */ (m);
    const id = idOf(after, method, path) ?? idOf(before, method, path) ?? `${method} ${path}`;
    if (f.message === 'operation added') out.added.push(`\`${id}\` (${method} ${path})`);
    else if (f.message === 'operation removed') out.removed.push(`\`${id}\` (${method} ${path})`);
    else {
      const rest = f.where.slice(m[0].length).trim();
      const list = out.changed.get(id) ?? [];
      list.push(`${rest ? `${rest}: ` : ''}${f.message}`);
      out.changed.set(id, list);
    }
  }
  return out;
}

/**
 * The changeset a pull writes: every public package `patch` (the minor is the binding's), and
 * what the control plane added, changed and removed.
 * @param {string[]} packages
 * @param {{version: string, source: string, summary: ReturnType<typeof summarizeByOperation>}} what
 */
export function changesetText(packages, { version, source, summary }) {
  const lines = [`Control plane ${version} (contract pulled from ${source}).`, ''];
  if (summary.added.length) lines.push(`- Operations added: ${summary.added.join(', ')}.`);
  for (const [id, what] of summary.changed) lines.push(`- \`${id}\` changed: ${what.join('; ')}.`);
  if (summary.removed.length) lines.push(`- Operations removed: ${summary.removed.join(', ')}.`);
  for (const other of summary.other) lines.push(`- ${other}.`);
  if (lines.length === 2) lines.push('- No operation changed (documentation or version only).');
  const front = packages.map((name) => `"${name}": patch`);
  return `---\n${front.join('\n')}\n---\n${lines.join('\n')}\n`;
}
