/**
 * The CLI's config file, for Node (and Bun, Deno): `tollgate config set …` or `tollgate dev`
 * writes it, `loadConfig()` turns its active profile into client options. Format (mode 0600):
 *   { "profile": "default", "profiles": { "default": { "endpoint": "…", "api_key": "…" } } }
 * TOLLGATE_PROFILE picks another profile; TOLLGATE_CONFIG_DIR moves the folder (default
 * ~/.tollgate). A missing file means "no config"; a file that is there but cannot be read or
 * is not a config is a ConfigFileError naming the file (and the line), so that nothing acts on,
 * or rewrites, a file it did not understand. Only this subpath reads it: the root entry and
 * `new Tollgate()` never touch a file system.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError } from '../core/errors';
import type { TollgateOptions } from '../core/options';
import { errorCode } from '../internal/error-code';
import { env } from '../internal/runtime';

export { ConfigFileError };

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

/** The folder holding config.json and stored agent credentials. */
export function configDir(): string | undefined {
  const explicit = env('TOLLGATE_CONFIG_DIR');
  if (explicit) return explicit;
  try {
    return join(homedir(), '.tollgate');
  } catch {
    // Deno without --allow-sys refuses homedir(): no config folder, as in a browser.
    return undefined;
  }
}

/** The parsed config file; undefined when there is none. Throws ConfigFileError otherwise. */
export function readConfigFile(): ConfigFile | undefined {
  const dir = configDir();
  if (!dir) return undefined;
  const file = join(dir, 'config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // Deno without --allow-read: as if there were no file, like a browser.
    const name = error instanceof Error ? error.name : undefined;
    if (name === 'NotCapable' || name === 'PermissionDenied') return undefined;
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
    const message = error instanceof Error ? error.message : String(error);
    const at = /line (\d+) column (\d+)/.exec(message);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, position).split('\n');
    const line = at ? Number(at[1]) : before.length;
    const column = at ? Number(at[2]) : (before.at(-1) ?? '').length + 1;
    throw new ConfigFileError(
      `${file}:${line}:${column}: not valid JSON; fix or remove the file (nothing was changed)`,
      file,
      line,
    );
  }
  if (isConfigFile(data)) return data;
  throw new ConfigFileError(
    `${file}: ${shapeProblem(data)}; fix or remove the file (nothing was changed)`,
    file,
  );
}

/** Whether `data` is a config file: every field this module reads has its type (others are kept). */
const isConfigFile = (data: unknown): data is ConfigFile => shapeProblem(data) === undefined;

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

/**
 * The active profile: `name`, else TOLLGATE_PROFILE, else the file's `profile`, else
 * "default".
 */
export function activeProfile(file: ConfigFile | undefined = readConfigFile(), name?: string) {
  const chosen = name ?? env('TOLLGATE_PROFILE') ?? file?.profile ?? 'default';
  return { name: chosen, config: file?.profiles?.[chosen] ?? {} };
}

/** The client options a config file can hold. */
export type ConfigOptions = Pick<
  TollgateOptions,
  'baseUrl' | 'apiKey' | 'clientCredentials' | 'caPublicKey'
>;

/**
 * Client options from the environment, then the active profile of the CLI's config file:
 * what `tollgate config set …` or `tollgate dev` configured. Options written after it win:
 * `new Tollgate({ ...loadConfig(), timeout: 5000 })`. Reads the file synchronously, once, at
 * start-up (as dotenv does); a file that is there but not a config is a ConfigFileError.
 *
 * @example
 * import { Tollgate } from '@tollgate/sdk';
 * import { FileCredentialStore, loadConfig } from '@tollgate/sdk/node';
 * const tg = new Tollgate({ ...loadConfig(), credentialStore: new FileCredentialStore() });
 */
export function loadConfig(options: { profile?: string } = {}): ConfigOptions {
  const { config } = activeProfile(readConfigFile(), options.profile);
  const baseUrl = env('TOLLGATE_BASE_URL') ?? config.endpoint;
  const apiKey = env('TOLLGATE_API_KEY') ?? config.api_key;
  const clientId = env('TOLLGATE_CLIENT_ID') ?? config.client_id;
  const clientSecret = env('TOLLGATE_CLIENT_SECRET') ?? config.client_secret;
  const caPublicKey = env('TOLLGATE_CA_PUBLIC_KEY') ?? config.ca_public_key;
  // Only what is set, so that spreading the result never hides an option behind undefined.
  const out: ConfigOptions = {};
  if (baseUrl) out.baseUrl = baseUrl;
  if (apiKey) out.apiKey = apiKey;
  if (clientId && clientSecret) out.clientCredentials = { clientId, clientSecret };
  if (caPublicKey) out.caPublicKey = caPublicKey;
  return out;
}
