/**
 * Replaces a file so that readers see the old content or the new, never a torn mix: write a
 * temporary file (mode 0600) beside it, fsync, rename over the target, fsync the folder.
 * On failure the temporary file is removed and the target is untouched.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { dirname } from 'node:path';

export type AtomicFs = Pick<typeof nodeFs, 'mkdir' | 'open' | 'rename' | 'rm'>;

export async function writeFileAtomic(
  target: string,
  text: string,
  fs: AtomicFs = nodeFs,
): Promise<void> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    // A rename is durable only once the folder's entry is on disk too.
    const folder = await fs.open(dirname(target), 'r').catch(() => undefined);
    await folder?.sync().catch(() => undefined);
    await folder?.close();
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
