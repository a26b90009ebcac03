import { INSPECT } from '../internal/redact';

/**
 * Where an agent's key pair and certificate live between runs. The SDK ships a memory store
 * (here) and a file store (`@tollgate/sdk/node`); anything that can keep a small JSON record
 * and hold a lock fits the interface (a secrets manager, a KMS-backed store, …).
 */

/**
 * What the SDK stores per agent. `privateJwk` is the only secret and never leaves the store.
 * Records the SDK's stores return print without it: `util.inspect` and `JSON.stringify` show
 * `d: "[redacted]"`, while `privateJwk.d` itself stays readable for signing. Records handed
 * to `save()` by the SDK are plain objects, so a store may `JSON.stringify` them.
 */
export interface StoredCredentials {
  agentId: string;
  /** The control plane these credentials belong to. */
  baseUrl: string;
  runId: string;
  /** Ed25519 private key as a JWK (OKP, with `d`). */
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
  /** The CA-signed certificate JWT. */
  certificate: string;
  certificateExpiresAt: string;
  serial: string;
  caKid: string;
}

export interface CredentialStore {
  /** The stored credentials of `agentId`, or undefined when there are none. */
  load(agentId: string): Promise<StoredCredentials | undefined>;
  /** Replaces the stored credentials atomically: after a failure the old ones are intact. */
  save(credentials: StoredCredentials): Promise<void>;
  delete(agentId: string): Promise<void>;
  /**
   * Runs `fn` holding an exclusive lock on `agentId`'s credentials, so that of several
   * processes finding a revoked certificate at once, one refreshes and the others reuse it.
   */
  withLock<T>(agentId: string, fn: () => Promise<T>): Promise<T>;
}

export { INSPECT };

/**
 * A copy of `credentials` whose private key prints redacted (inspect and JSON) but is whole
 * when read: what stores return from `load()`.
 */
export function sealed(credentials: StoredCredentials): StoredCredentials {
  if (typeof credentials?.privateJwk !== 'object') return credentials;
  const view = () => ({ ...credentials.privateJwk, d: '[redacted]' });
  const privateJwk = Object.defineProperties(
    { ...credentials.privateJwk },
    { toJSON: { value: view }, [INSPECT]: { value: view } },
  );
  return { ...credentials, privateJwk };
}

/** A plain copy, private key whole in JSON too: what a store persists. */
export function plain(credentials: StoredCredentials): StoredCredentials {
  return { ...credentials, privateJwk: { ...credentials.privateJwk } };
}

/** Keeps credentials in this process only: for tests, serverless functions and browsers. */
export class MemoryCredentialStore implements CredentialStore {
  // ES private: never shown by inspect or JSON.
  readonly #records = new Map<string, StoredCredentials>();
  readonly #locks = new Map<string, Promise<unknown>>();

  async load(agentId: string) {
    const found = this.#records.get(agentId);
    return found ? sealed(found) : undefined;
  }

  async save(credentials: StoredCredentials) {
    this.#records.set(credentials.agentId, structuredClone(plain(credentials)));
  }

  async delete(agentId: string) {
    this.#records.delete(agentId);
  }

  async withLock<T>(agentId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(agentId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.#locks.set(agentId, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(agentId) === settled) this.#locks.delete(agentId);
    }
  }
}
