// The CLI's tests run the built bin (a child process through tsx costs seconds per command):
// build it once per test run, so the tests never see a stale dist.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export default function setup() {
  const tsup = join(
    dirname(createRequire(import.meta.url).resolve('tsup/package.json')),
    'dist/cli-default.js',
  );
  execFileSync(process.execPath, [tsup, '--silent'], {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
