/**
 * Writes the CLI's config file (~/.tollgate/config.json): mode 0600 in a 0700 folder,
 * replaced atomically (temp file, fsync, rename) so a crash never leaves half a file.
 */
import { join } from 'node:path';
import { CredentialStoreError } from '../core/errors';
import { errorCode } from '../internal/error-code';
import { writeFileAtomic } from './atomic-write';
import { type ConfigFile, configDir, readConfigFile } from './config-file';

export function configPath(): string {
  return join(configDir() ?? '.tollgate', 'config.json');
}

/** Reads the file, lets `change` edit it, and writes it back atomically. */
export async function updateConfigFile(change: (config: ConfigFile) => void): Promise<ConfigFile> {
  const config: ConfigFile = readConfigFile() ?? {};
  change(config);
  const target = configPath();
  try {
    await writeFileAtomic(target, `${JSON.stringify(config, null, 2)}\n`);
  } catch (error) {
    const code = errorCode(error) ?? 'unknown';
    throw new CredentialStoreError(
      `could not write ${target} (${code}); the previous config is unchanged`,
      code,
      { cause: error },
    );
  }
  return config;
}
