/**
 * Which Ed25519 backend signs and verifies. By default: node:crypto, else WebCrypto with
 * Ed25519, else tweetnacl if it was registered (`import '@tollgate/identity/tweetnacl'`).
 * tweetnacl is opt-in so that browser bundles, where WebCrypto Ed25519 is the norm, do not
 * carry its 33 kB. TOLLGATE_IDENTITY_BACKEND=node|webcrypto|tweetnacl changes the default for
 * the process (the test suite runs once with tweetnacl); a signer, verifier or CA can name
 * its own with the `backend` option. Nothing here can be changed at run time: each
 * backend is created once and kept, a memo, not a setting.
 */
import { IdentityError } from '../errors';
import { loadNodeCrypto, nodeBackend } from './node';
import type { Ed25519Backend } from './types';
import { supportsEd25519, webcryptoBackend } from './webcrypto';

export type BackendName = Ed25519Backend['name'];

/**
 * Where `@tollgate/identity/tweetnacl` registers itself. A global symbol, not module state,
 * so that the registration reaches every copy of this module (ESM and CJS builds alike).
 */
export const TWEETNACL_SLOT = Symbol.for('@tollgate/identity/tweetnacl');

function tweetnacl(): Ed25519Backend {
  const factory = (globalThis as { [TWEETNACL_SLOT]?: () => Ed25519Backend })[TWEETNACL_SLOT];
  if (!factory)
    throw new IdentityError(
      'unsupported_algorithm',
      "this runtime has neither node:crypto nor WebCrypto Ed25519: import '@tollgate/identity/tweetnacl' once to use the pure-JavaScript fallback",
    );
  return factory();
}

async function webcrypto(subtle: SubtleCrypto | undefined): Promise<Ed25519Backend | undefined> {
  return subtle && (await supportsEd25519(subtle)) ? webcryptoBackend(subtle) : undefined;
}

async function create(name: BackendName | undefined): Promise<Ed25519Backend> {
  const subtle = globalThis.crypto?.subtle;
  if (name === 'webcrypto') {
    const backend = await webcrypto(subtle);
    if (!backend)
      throw new IdentityError('unsupported_algorithm', 'WebCrypto Ed25519 is not available');
    return backend;
  }
  const node = loadNodeCrypto();
  if (node) return nodeBackend(node);
  if (name === 'node')
    throw new IdentityError('unsupported_algorithm', 'node:crypto is not available');
  return (await webcrypto(subtle)) ?? tweetnacl();
}

function fromEnv(): BackendName | undefined {
  let value: string | undefined;
  try {
    value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      ?.TOLLGATE_IDENTITY_BACKEND;
  } catch {
    // Deno without --allow-env throws on any read: no override, as in a browser.
  }
  return value === 'node' || value === 'webcrypto' || value === 'tweetnacl' ? value : undefined;
}

const created = new Map<BackendName | 'default', Promise<Ed25519Backend>>();

/**
 * The backend called `name`, or the default one. tweetnacl is looked up on each call (its
 * registration is a global the caller controls, and creating it costs nothing); the others
 * are created once, and a failed creation is not kept.
 */
export function backendFor(name?: BackendName): Promise<Ed25519Backend> {
  const chosen = name ?? fromEnv();
  if (chosen === 'tweetnacl') return Promise.resolve().then(tweetnacl);
  const key = chosen ?? 'default';
  let backend = created.get(key);
  if (!backend) {
    backend = create(chosen);
    backend.catch(() => created.delete(key));
    created.set(key, backend);
  }
  return backend;
}
