/**
 * Every failure of this package is an IdentityError with a machine code. Messages say what
 * failed, never the key, the token or the body.
 */
export type IdentityErrorCode =
  | 'certificate_missing'
  | 'certificate_invalid'
  | 'certificate_expired'
  | 'certificate_revoked'
  | 'proof_missing'
  | 'proof_invalid'
  | 'proof_expired'
  | 'proof_replayed'
  | 'binding_mismatch'
  | 'unsupported_algorithm'
  | 'invalid_key';

export class IdentityError extends Error {
  override name = 'IdentityError';
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
