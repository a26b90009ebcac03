/**
 * Vitest aliases shared by the packages whose tests import other workspace packages from
 * source (so they need no build first). `self` leaves out the package's own name.
 */
import { fileURLToPath } from 'node:url';

const ENTRIES: [specifier: string, pkg: string, entry: string][] = [
  ['@tollgate/api/schemas', 'api', 'schemas'],
  ['@tollgate/api/checks', 'api', 'checks'],
  ['@tollgate/api/issues', 'api', 'issues'],
  ['@tollgate/api/contract', 'api', 'contract'],
  ['@tollgate/api', 'api', 'index'],
  ['@tollgate/identity', 'identity', 'index'],
  ['@tollgate/sdk/otel', 'sdk', 'otel/index'],
  ['@tollgate/sdk/tool-calls', 'sdk', 'tool-calls'],
  ['@tollgate/sdk', 'sdk', 'index'],
  ['@tollgate/dev-server/testing', 'dev-server', 'testing'],
  ['@tollgate/dev-server', 'dev-server', 'index'],
];

export function sourceAliases(configUrl: string, self?: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const [specifier, pkg, entry] of ENTRIES) {
    if (pkg === self) continue;
    aliases[specifier] = fileURLToPath(new URL(`../${pkg}/src/${entry}.ts`, configUrl));
  }
  return aliases;
}
