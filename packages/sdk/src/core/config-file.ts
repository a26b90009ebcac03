/**
 * The CLI's config file, read on Node-like runtimes so that `tollgate config set …` or
 * `tollgate dev` is enough for scripts too. Format (written by @tollgate/cli, mode 0600):
 *   { "profile": "default", "profiles": { "default": { "endpoint": "…", "api_key": "…" } } }
 * TOLLGATE_PROFILE picks another profile; TOLLGATE_CONFIG_DIR moves the folder (default
 * ~/.tollgate). A missing or unreadable file means "no config", never an error.
 */
import { builtin, env } from './runtime';

export interface ProfileConfig {
  endpoint?: string;
  api_key?: string;
  client_id?: string;
  client_secret?: string;
  ca_public_key?: string;
}

export interface ConfigFile {
  profile?: string;
  profiles?: Record<string, ProfileConfig>;
}

type Fs = { readFileSync(path: string, encoding: 'utf8'): string };
type Os = { homedir(): string };
type Path = { join(...parts: string[]): string };

/** The folder holding config.json and stored agent credentials. */
export function configDir(): string | undefined {
  const explicit = env('TOLLGATE_CONFIG_DIR');
  if (explicit) return explicit;
  const os = builtin<Os>('node:os');
  const path = builtin<Path>('node:path');
  try {
    return os && path ? path.join(os.homedir(), '.tollgate') : undefined;
  } catch {
    // Deno without --allow-sys refuses homedir(): no config folder, as in a browser.
    return undefined;
  }
}

export function readConfigFile(): ConfigFile | undefined {
  const fs = builtin<Fs>('node:fs');
  const path = builtin<Path>('node:path');
  const dir = configDir();
  if (!fs || !path || !dir) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as ConfigFile;
  } catch {
    return undefined;
  }
}

/** The active profile: TOLLGATE_PROFILE, else the file's `profile`, else "default". */
export function activeProfile(file: ConfigFile | undefined = readConfigFile()) {
  const name = env('TOLLGATE_PROFILE') ?? file?.profile ?? 'default';
  return { name, config: file?.profiles?.[name] ?? {} };
}
