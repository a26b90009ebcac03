import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) =>
  f.endsWith('.ts'),
);

describe('the package runs in browsers and edge runtimes', () => {
  it('no source file imports a node: module or Buffer statically', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"](node:|crypto['"]|fs['"]|buffer['"])/);
      expect(text, file).not.toMatch(/require\(/);
      expect(text, file).not.toMatch(/^import .*\bBuffer\b/m);
    }
  });

  it('no source file does HTTP or file-system work', () => {
    for (const file of files) {
      expect(readFileSync(join(src, file), 'utf8'), file).not.toMatch(
        /\bfetch\(|readFile|writeFile/,
      );
    }
  });
});
