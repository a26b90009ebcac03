/**
 * The decision behind scripts/contract-check.mjs: a breaking change needs a higher
 * control-plane minor (info.version X.Y) than the released contract it is compared with.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { diffContracts } from './contract-diff.mjs';
import { compareVersions, minorKey } from './versions.mjs';

/** @typedef {import('./schema-diff.mjs').Finding} Finding */
/** @typedef {{ name: string, text: string }} ContractText a contract file's display name and text */
/** @typedef {{ exitCode: 0 | 1, findings: Finding[], summary: string }} Verdict */

/** One finding as one line: `BREAKING  DELETE /v1/foo: operation removed`. */
export const formatFinding = (/** @type {Finding} */ f) =>
  `${f.breaking ? 'BREAKING' : 'ok'}  ${f.where}: ${f.message}`;

/**
 * @param {ContractText} base the released contract
 * @param {ContractText} head the contract being checked
 * @returns {Verdict}
 */
export function checkContracts(base, head) {
  if (base.text === head.text) {
    return { exitCode: 0, findings: [], summary: `${head.name} is byte-for-byte ${base.name}` };
  }
  const [a, b] = [parse(base.text), parse(head.text)];
  if (isDeepStrictEqual(a, b)) {
    const summary = `${head.name} is semantically equal to ${base.name} (only layout differs)`;
    return { exitCode: 0, findings: [], summary };
  }
  const [va, vb] = [String(a?.info?.version), String(b?.info?.version)];
  if (compareVersions(vb, va) < 0) {
    const summary = `contract version ${vb} goes backwards from ${va} (${base.name})`;
    return { exitCode: 1, findings: [], summary };
  }
  const findings = diffContracts(a, b);
  const breaking = findings.filter((f) => f.breaking).length;
  if (breaking > 0 && minorKey(vb) <= minorKey(va)) {
    const [x, y] = va.split('.');
    const summary = `${breaking} breaking change(s) since ${va} but ${vb} keeps control-plane minor ${x}.${y}: raise info.version to ${x}.${Number(y) + 1}.0 or make the change compatible`;
    return { exitCode: 1, findings, summary };
  }
  const changes = findings.filter((f) => f.where !== 'info.version').length;
  let summary = changes
    ? `${changes} change(s) since ${va}, ${breaking} breaking${breaking ? ` (allowed: ${vb} is a new control-plane minor)` : ''}`
    : `no API changes since ${va}`;
  // A released version's contract is immutable: changing it without a new version is a
  // mistake to catch before releasing, though compatible changes may wait for the bump.
  if (changes && va === vb)
    summary += `; ${head.name} still says ${vb}: raise info.version before releasing it`;
  return { exitCode: 0, findings, summary };
}
