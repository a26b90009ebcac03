/**
 * CA keys that follow the control plane's CA rotation without a restart. The key set comes from
 * `load` — the caller's fetch of the control plane's `/v1/identity/jwks` (this package does no
 * HTTP) — and is kept for `maxAge`. A certificate naming a kid the cached set lacks reloads it
 * (a rotated-in CA key), at most once per `cooldown`, so certificates with made-up kids cannot
 * turn every request into a fetch. One load runs at a time. A key retired from the JWKS stops
 * verifying after the next reload. When a reload fails, a stale set is used until the next
 * try; with nothing cached, the failure is an IdentityError `ca_unavailable`.
 */
import type { Jwks } from './ca';
import { IdentityError } from './errors';

/** A source of CA keys that is consulted per certificate (see {@link rotatingCaKeys}). */
export interface CaKeySource {
  /** The key set to check a certificate that names `kid` against, loaded when needed. */
  keysFor(kid: string | undefined): Promise<Jwks>;
}

/** A {@link CaKeySource} that can also be told to load the key set now. */
export interface RotatingCaKeys extends CaKeySource {
  /**
   * Loads the key set now (no cooldown; one load at a time). Call it when you learn that a
   * CA key was retired: certificates it signed, cached ones included, stop verifying at once.
   */
  reload(): Promise<Jwks>;
}

export interface RotatingCaKeysOptions {
  /** How long a loaded key set is used before it is loaded again, in ms. @default 600000 */
  maxAge?: number;
  /** Least time between two loads caused by unknown kids, in ms. @default 30000 */
  cooldown?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

export function rotatingCaKeys(
  load: () => Promise<Jwks>,
  options: RotatingCaKeysOptions = {},
): RotatingCaKeys {
  const maxAge = options.maxAge ?? 600_000;
  const cooldown = options.cooldown ?? 30_000;
  const now = options.now ?? Date.now;
  let cached: Jwks | undefined;
  let loadedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<Jwks> | undefined;

  const reload = () => {
    pending ??= (async () => {
      try {
        const jwks = await load();
        if (!jwks || !Array.isArray(jwks.keys))
          throw new IdentityError('ca_unavailable', 'the CA key set is not a JWKS');
        cached = jwks;
        loadedAt = now();
        return jwks;
      } catch (error) {
        if (error instanceof IdentityError) throw error;
        throw new IdentityError('ca_unavailable', 'the CA key set could not be loaded', {
          cause: error,
        });
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    reload,
    async keysFor(kid) {
      const age = now() - loadedAt;
      if (!cached) return reload();
      if (age >= maxAge) return reload().catch(() => cached!);
      const known = kid === undefined || cached.keys.some((key) => key.kid === kid);
      return known || age < cooldown ? cached : reload();
    },
  };
}

export const isCaKeySource = (value: unknown): value is CaKeySource =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { keysFor?: unknown }).keysFor === 'function';
