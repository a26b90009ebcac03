/**
 * @tollgate/sdk/node: the parts that need Node's file system. The root entry stays free of
 * `node:*` imports so it runs in browsers and edge runtimes.
 */

export {
  activeProfile,
  type ConfigFile,
  ConfigFileError,
  configDir,
  type ProfileConfig,
  readConfigFile,
} from '../core/config-file';
export { configPath, updateConfigFile } from './config-store';
export { FileCredentialStore, type FileCredentialStoreOptions } from './file-credential-store';
