/**
 * The CLI's config file, read on Node-like runtimes so that `tollgate config set …` or
 * `tollgate dev` is enough for scripts too. Format (written by @tollgate/cli, mode 0600):
 *   { "profile": "default", "profiles": { "default": { "endpoint": "…", "api_key": "…" } } }
 * TOLLGATE_PROFILE picks another profile; TOLLGATE_CONFIG_DIR moves the folder (default
 * ~/.tollgate). A missing file means "no config"; a file that is there but cannot be read or
 * is not a config is a ConfigFileError naming the file (and the line), so that nothing acts on,
 * or rewrites, a file it did not understand.
 */
import { TollgateError } from './errors';
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

/** The config file exists but could not be read or is not a Tollgate config. */
export class ConfigFileError extends TollgateError {
  override name = 'ConfigFileError';
  constructor(
    message: string,
    /** The file. */
    readonly path: string,
    /** 1-based line of a JSON syntax error, when there is one. */
    readonly line?: number,
    init?: { cause?: unknown },
  ) {
    super(message, init);
  }
}

/** The parsed config file; undefined when there is none. Throws ConfigFileError otherwise. */
export function readConfigFile(): ConfigFile | undefined {
  const fs = builtin<Fs>('node:fs');
  const path = builtin<Path>('node:path');
  const dir = configDir();
  if (!fs || !path || !dir) return undefined;
  const file = path.join(dir, 'config.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // Deno without --allow-read: as if there were no file, like a browser.
    if ((error as Error).name === 'NotCapable' || (error as Error).name === 'PermissionDenied')
      return undefined;
    throw new ConfigFileError(`cannot read ${file} (${code ?? 'unknown'})`, file, undefined, {
      cause: error,
    });
  }
  return parseConfig(text, file);
}

function parseConfig(text: string, file: string): ConfigFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8's message may quote the text around the error, secrets included: only say where.
    const message = String((error as Error).message);
    const at = /line (\d+) column (\d+)/.exec(message);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, position).split('\n');
    const line = at ? Number(at[1]) : before.length;
    const column = at ? Number(at[2]) : before.at(-1)!.length + 1;
    throw new ConfigFileError(
      `${file}:${line}:${column}: not valid JSON; fix or remove the file (nothing was changed)`,
      file,
      line,
    );
  }
  const problem = shapeProblem(data);
  if (problem)
    throw new ConfigFileError(
      `${file}: ${problem}; fix or remove the file (nothing was changed)`,
      file,
    );
  return data as ConfigFile;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function shapeProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'not a JSON object';
  if (data.profile !== undefined && typeof data.profile !== 'string')
    return '"profile" must be a string';
  if (data.profiles === undefined) return undefined;
  if (!isObject(data.profiles)) return '"profiles" must be an object of profiles';
  for (const [name, profile] of Object.entries(data.profiles)) {
    if (!isObject(profile)) return `profile "${name}" must be an object`;
    for (const [key, value] of Object.entries(profile))
      if (typeof value !== 'string') return `"profiles.${name}.${key}" must be a string`;
  }
  return undefined;
}

/** The active profile: TOLLGATE_PROFILE, else the file's `profile`, else "default". */
export function activeProfile(file: ConfigFile | undefined = readConfigFile()) {
  const name = env('TOLLGATE_PROFILE') ?? file?.profile ?? 'default';
  return { name, config: file?.profiles?.[name] ?? {} };
}
