/**
 * Recording a control-plane version as released (the last step of "Releasing a control-plane
 * version" in scripts/README.md): openapi/tollgate.yaml is copied to
 * openapi/released/<version>.yaml once the tree is fit to release it. Released history never
 * changes: a version already recorded with another document is refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { checkContracts, formatFinding } from './contract-check.mjs';
import { bind } from './version-binding.mjs';
import { latestReleased, releasedFile } from './versions.mjs';

/**
 * What recording the working contract means, without changing anything.
 * @param {string} root
 * @returns {{ status: 'recorded' | 'refused' | 'release', version: string, report: string[], text: string }}
 */
export function planRelease(root) {
  const text = readFileSync(join(root, 'openapi/tollgate.yaml'), 'utf8');
  const version = String(parse(text)?.info?.version);
  const result = (/** @type {'recorded' | 'refused' | 'release'} */ status, report = []) => ({
    status,
    version,
    report,
    text,
  });
  const history = join(root, 'openapi/released', `${version}.yaml`);
  if (existsSync(history)) {
    const same = isDeepStrictEqual(parse(readFileSync(history, 'utf8')), parse(text));
    return same
      ? result('recorded', [`openapi/released/${version}.yaml already holds this contract`])
      : result('refused', [
          `openapi/released/${version}.yaml holds another document: a released contract never changes; raise info.version`,
        ]);
  }
  const report = [];
  const released = latestReleased(join(root, 'openapi/released'));
  if (released) {
    const base = releasedFile(join(root, 'openapi/released'), released);
    const verdict = checkContracts(
      { name: base.slice(root.length + 1), text: readFileSync(base, 'utf8') },
      { name: 'openapi/tollgate.yaml', text },
    );
    report.push(...verdict.findings.map(formatFinding), `contract-check: ${verdict.summary}`);
    if (verdict.exitCode !== 0) return result('refused', report);
  }
  // The packages must already carry this version's binding (`pnpm bind-version`).
  const { drift } = bind(root, { write: false });
  if (drift.length > 0)
    return result('refused', [
      ...report,
      'the version binding is out of date (run `pnpm bind-version`):',
      ...drift.map((line) => `  ${line}`),
    ]);
  return result('release', report);
}
