/**
 * Writes the CLI's config file (~/.tollgate/config.json): mode 0600 in a 0700 folder,
 * replaced atomically (temp file, fsync, rename) so a crash never leaves half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigFile, configDir, readConfigFile } from '../core/config-file';
import { CredentialStoreError } from '../core/errors';

export function configPath(): string {
  return join(configDir() ?? '.tollgate', 'config.json');
}

/** Reads the file, lets `change` edit it, and writes it back atomically. */
export async function updateConfigFile(change: (config: ConfigFile) => void): Promise<ConfigFile> {
  const config: ConfigFile = readConfigFile() ?? {};
  change(config);
  const dir = configDir() ?? '.tollgate';
  const target = configPath();
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(config, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new CredentialStoreError(
      `could not write ${target} (${code}); the previous config is unchanged`,
      code,
      { cause: error },
    );
  }
  return config;
}
