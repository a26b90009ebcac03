/**
 * Every verification failure of this package is an IdentityError with a machine code.
 * Messages say which rule failed, never the key, the token, the body or a value taken from
 * them. (Misuse of the API, such as a bad option, is a TypeError or RangeError instead.)
 */
export type IdentityErrorCode =
  /** No `X-Tollgate-Certificate` header. */
  | 'certificate_missing'
  /** Malformed, wrong alg/typ/kid, bad signature, missing claims, wrong issuer, not yet valid. */
  | 'certificate_invalid'
  /** Past its `exp` by more than the clock skew. */
  | 'certificate_expired'
  /** The revocation callback said so (a revoked, rotated or unknown certificate). */
  | 'certificate_revoked'
  /** No `X-Tollgate-Proof` header. */
  | 'proof_missing'
  /** Malformed, wrong alg/typ, not signed by the certificate's key, bad jti, lifetime, iat. */
  | 'proof_invalid'
  /** Past its `exp` by more than the clock skew. */
  | 'proof_expired'
  /** Its `jti` was already accepted. */
  | 'proof_replayed'
  /**
   * The replay cache is full of live proof ids: refused rather than forgetting one (which
   * would reopen that proof to replay). Not the request's fault; size the cache.
   */
  | 'replay_cache_full'
  /**
   * A shared replay cache (e.g. `RedisReplayCache`) failed, was unreachable or did not answer
   * in time: refused rather than accept a proof that may be a replay. Not the request's fault.
   */
  | 'replay_cache_unavailable'
  /** Valid proof, but for another method, URL or body than this request's. */
  | 'binding_mismatch'
  /** The requested crypto backend does not exist in this runtime. */
  | 'unsupported_algorithm'
  /** A key that is not a well-formed Ed25519 key (or whose x does not belong to its d). */
  | 'invalid_key'
  /** The CA key set could not be loaded (see rotatingCaKeys): not the request's fault. */
  | 'ca_unavailable';

export class IdentityError extends Error {
  override name = 'IdentityError';
  constructor(
    /** The machine code: stable, safe to return to a client and to branch on. */
    readonly code: IdentityErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
