/**
 * Picks the Ed25519 backend once: node:crypto, else WebCrypto with Ed25519, else tweetnacl
 * if it was registered (`import '@tollgate/identity/tweetnacl'`). tweetnacl is opt-in so that
 * browser bundles, where WebCrypto Ed25519 is the norm, do not carry its 33 kB.
 * TOLLGATE_IDENTITY_BACKEND=node|webcrypto|tweetnacl or setBackend() forces one (the test
 * suite runs once with tweetnacl to prove the fallback gives identical results).
 */
import { IdentityError } from '../errors';
import { loadNodeCrypto, nodeBackend } from './node';
import type { Ed25519Backend } from './types';
import { supportsEd25519, webcryptoBackend } from './webcrypto';

export type BackendName = Ed25519Backend['name'];

let selected: Promise<Ed25519Backend> | undefined;
/** The resolved backend, for hot paths that should not pay an await to reach it. */
let ready: Ed25519Backend | undefined;

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

async function create(name: BackendName | undefined): Promise<Ed25519Backend> {
  const subtle = globalThis.crypto?.subtle;
  if (name === 'tweetnacl') return tweetnacl();
  if (name === 'webcrypto') {
    if (!(await supportsEd25519(subtle)))
      throw new IdentityError('unsupported_algorithm', 'WebCrypto Ed25519 is not available');
    return webcryptoBackend(subtle!);
  }
  const node = loadNodeCrypto();
  if (node) return nodeBackend(node);
  if (name === 'node')
    throw new IdentityError('unsupported_algorithm', 'node:crypto is not available');
  return (await supportsEd25519(subtle)) ? webcryptoBackend(subtle!) : tweetnacl();
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

/** The backend in use (chosen on first call). */
export function getBackend(): Promise<Ed25519Backend> {
  selected ??= track(create(fromEnv()));
  return selected;
}

/** The backend if it is already chosen, else undefined. */
export function readyBackend(): Ed25519Backend | undefined {
  return ready;
}

function track(choice: Promise<Ed25519Backend>): Promise<Ed25519Backend> {
  ready = undefined;
  choice.then(
    (b) => {
      if (selected === choice) ready = b;
    },
    () => undefined,
  );
  return choice;
}

/** Forces a backend for this process (tests, benchmarks, runtimes with a broken native one). */
export function setBackend(name: BackendName): Promise<Ed25519Backend> {
  selected = track(create(name));
  return selected;
}
