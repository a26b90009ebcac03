/**
 * The GitHub workflows cannot run here; what they run can. Every pnpm command in them must be
 * a root script (the ones the local tests drive), and the steps that matter must be there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '.github/workflows');
const scripts: Record<string, string> = JSON.parse(
  readFileSync(join(root, 'package.json'), 'utf8'),
).scripts;

type Step = { run?: string; uses?: string; with?: Record<string, string> };
const steps = (file: string): Step[] =>
  Object.values(
    (parse(readFileSync(join(dir, file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> })
      .jobs,
  ).flatMap((job) => job.steps);
/** Every `npx --yes pnpm@10 <name>` in a step's commands, by name. */
const pnpmScripts = (text: string) =>
  [...text.matchAll(/npx --yes pnpm@10 ([\w:-]+)/g)].map((m) => m[1]!);

describe('.github/workflows', () => {
  for (const file of readdirSync(dir)) {
    it(`${file}: every pnpm command is a root script`, () => {
      const commands = steps(file).flatMap((s) => [
        s.run ?? '',
        ...Object.values(s.with ?? {}).map(String),
      ]);
      const used = commands.flatMap(pnpmScripts).filter((name) => name !== 'install');
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) expect(Object.keys(scripts), `${file}: ${name}`).toContain(name);
    });
  }

  it('contract-pull.yml pulls with contract:pull and opens a pull request', () => {
    const all = steps('contract-pull.yml');
    expect(all.some((s) => /pnpm@10 contract:pull --from "\$FROM"/.test(s.run ?? ''))).toBe(true);
    expect(all.some((s) => s.uses?.startsWith('peter-evans/create-pull-request@'))).toBe(true);
  });

  it('release.yml versions with version-packages and publishes with release:local', () => {
    const action = steps('release.yml').find((s) => s.uses?.startsWith('changesets/action@'));
    expect(action?.with?.version).toBe('npx --yes pnpm@10 version-packages');
    expect(action?.with?.publish).toMatch(/^npx --yes pnpm@10 release:local --registry https:/);
  });
});
