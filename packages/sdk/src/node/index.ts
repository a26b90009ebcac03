/**
 * @tollgate/sdk/node: the parts that need Node's file system (Node, Bun, Deno): the CLI's
 * config file (`loadConfig()`) and the file credential store. The root entry imports no
 * `node:*` module and reads no file, so it runs in browsers and edge runtimes.
 */

export {
  activeProfile,
  type ConfigFile,
  ConfigFileError,
  type ConfigOptions,
  configDir,
  loadConfig,
  type ProfileConfig,
  readConfigFile,
} from './config-file';
export { configPath, updateConfigFile } from './config-store';
export { FileCredentialStore, type FileCredentialStoreOptions } from './file-credential-store';
