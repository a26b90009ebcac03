/**
 * What every command gets: the output, the profile it reads and writes, and the client, built
 * from the flags, then the SDK's `loadConfig()` (env, then the profile of
 * ~/.tollgate/config.json), so the CLI and scripts using `loadConfig()` agree on configuration.
 */
import { Tollgate } from '@tollgate/sdk';
import {
  activeProfile,
  type ConfigFile,
  FileCredentialStore,
  loadConfig,
  readConfigFile,
} from '@tollgate/sdk/node';
import type { Command } from 'commander';
import { createOutput, type Output } from './output';

export interface GlobalOptions {
  json?: boolean;
  profile?: string;
  endpoint?: string;
  strict?: boolean;
}

export interface Context {
  out: Output;
  globals: GlobalOptions;
  /** The config file (undefined when there is none; a malformed one throws ConfigFileError). */
  file(): ConfigFile | undefined;
  /** The profile this command reads and writes: --profile, TOLLGATE_PROFILE, the file's, "default". */
  profileName(): string;
  client(): Tollgate;
}

let endpoint: string | undefined;
/** The control-plane URL of the last client made, for errors that should name it. */
export const endpointInUse = () => endpoint;
/** Records the URL a client outside `client()` talks to. */
export const useEndpoint = (url: string) => {
  endpoint = url;
};

export function contextOf(command: Command): Context {
  const globals = command.optsWithGlobals<GlobalOptions>();
  // The SDK resolves the profile from the environment: --profile wins over it.
  if (globals.profile) process.env.TOLLGATE_PROFILE = globals.profile;
  let tg: Tollgate | undefined;
  const ctx: Context = {
    out: createOutput(Boolean(globals.json)),
    globals,
    file: () => readConfigFile(),
    profileName: () => activeProfile(readConfigFile()).name,
    client() {
      tg ??= new Tollgate({
        ...loadConfig(),
        ...(globals.endpoint && { baseUrl: globals.endpoint }),
        credentialStore: new FileCredentialStore(),
        logLevel: process.env.TOLLGATE_LOG ? undefined : 'error',
      });
      endpoint = tg.baseUrl;
      return tg;
    },
  };
  return ctx;
}
