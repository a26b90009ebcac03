/**
 * Agent credentials on disk: one JSON file per agent in a 0700 folder, each file 0600.
 * Writes go to a temporary file that is fsynced and renamed over the old one, so a crash or
 * a full disk leaves the previous credentials intact, never a half-written file. A lock file
 * (proper-lockfile) serialises processes that refresh the same agent at once.
 */
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { CredentialStoreError } from '../core/errors';
import {
  type CredentialStore,
  plain,
  type StoredCredentials,
  sealed,
} from '../identity/credential-store';
import { errorCode } from '../internal/error-code';
import { writeFileAtomic } from './atomic-write';
import { configDir } from './config-file';

type Fs = Pick<typeof nodeFs, 'mkdir' | 'open' | 'rename' | 'readFile' | 'rm' | 'chmod'>;

export interface FileCredentialStoreOptions {
  /** Folder for the credential files. @default ~/.tollgate/agents (TOLLGATE_CONFIG_DIR moves it) */
  directory?: string;
  /** How long to wait for another process's lock, in ms. @default 10000 */
  lockTimeout?: number;
  /** The file system to use; tests inject failures (disk full, read-only) through it. */
  fs?: Fs;
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

export class FileCredentialStore implements CredentialStore {
  readonly directory: string;
  private readonly fs: Fs;
  private readonly lockTimeout: number;

  constructor(options: FileCredentialStoreOptions = {}) {
    this.directory = options.directory ?? join(configDir() ?? '.tollgate', 'agents');
    this.fs = options.fs ?? nodeFs;
    this.lockTimeout = options.lockTimeout ?? 10_000;
  }

  /** The file holding `agentId`'s credentials. */
  fileOf(agentId: string): string {
    return join(this.directory, `${encodeURIComponent(agentId)}.json`);
  }

  async load(agentId: string): Promise<StoredCredentials | undefined> {
    let text: string;
    try {
      text = await this.fs.readFile(this.fileOf(agentId), 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw this.failure('load', agentId, error);
    }
    try {
      return sealed(JSON.parse(text) as StoredCredentials);
    } catch {
      throw new CredentialStoreError(
        `the stored credentials of agent ${agentId} are not valid JSON (${this.fileOf(agentId)}); delete the file to register again`,
        'corrupt',
      );
    }
  }

  async save(credentials: StoredCredentials): Promise<void> {
    try {
      await writeFileAtomic(
        this.fileOf(credentials.agentId),
        `${JSON.stringify(plain(credentials), null, 2)}\n`,
        this.fs,
      );
    } catch (error) {
      throw this.failure('save', credentials.agentId, error);
    }
  }

  async delete(agentId: string): Promise<void> {
    try {
      await this.fs.rm(this.fileOf(agentId), { force: true });
    } catch (error) {
      throw this.failure('delete', agentId, error);
    }
  }

  async withLock<T>(agentId: string, fn: () => Promise<T>): Promise<T> {
    await this.ensureDirectory();
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.fileOf(agentId), {
        realpath: false,
        stale: Math.max(this.lockTimeout, 5000),
        retries: { retries: Math.ceil(this.lockTimeout / 100), minTimeout: 20, maxTimeout: 100 },
      });
    } catch (error) {
      throw this.failure('lock', agentId, error);
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async ensureDirectory() {
    await this.fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
  }

  private failure(action: string, agentId: string, error: unknown): CredentialStoreError {
    const code = errorCode(error) ?? 'unknown';
    const reason = REASONS[code] ?? (code === 'ELOCKED' ? 'another process holds the lock' : code);
    const kept = action === 'save' ? '; the previously stored credentials are unchanged' : '';
    return new CredentialStoreError(
      `could not ${action} the credentials of agent ${agentId} in ${this.directory}: ${reason}${kept}`,
      code,
      { cause: error },
    );
  }
}
