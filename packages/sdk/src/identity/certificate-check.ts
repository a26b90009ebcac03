/**
 * The agent side's check of every certificate it is issued (at registration and on each
 * refresh): signed by the pinned CA key, or by a key of the JWKS the control plane serves
 * (with a one-time warning), and issued for this agent and this key.
 */
import {
  type CaKeys,
  IdentityError,
  importPublicKey,
  type PublicJwk,
  verifyIssuedCertificate,
} from '@tollgate/identity';
import { CertificateVerificationError } from '../core/errors';
import type { ResponseOf } from '../core/operation-types';
import type { Caller } from '../internal/caller';

const warnedJwks = new WeakSet<Caller>();

export async function checkCertificate(
  operator: Caller,
  certificate: string,
  key: PublicJwk,
  agentId: string,
): Promise<void> {
  const pinned = operator.options.caPublicKey;
  if (!pinned) {
    if (!warnedJwks.has(operator)) {
      warnedJwks.add(operator);
      operator.options.logger.warn(
        'no CA public key pinned (caPublicKey / TOLLGATE_CA_PUBLIC_KEY): verifying certificates against the JWKS the control plane serves; pin the key in production',
      );
    }
  }
  try {
    // A pinned JWK is checked as it is imported (not an Ed25519 key: `invalid_key`).
    const ca: CaKeys = !pinned
      ? await servedKeys(operator)
      : typeof pinned === 'string'
        ? pinned
        : importPublicKey(pinned);
    const claims = await verifyIssuedCertificate(certificate, ca);
    if (claims.sub !== agentId || claims.cnf.jwk.x !== key.x) {
      throw new CertificateVerificationError(
        'the certificate was issued for another agent or key',
        'certificate_mismatch',
      );
    }
  } catch (error) {
    if (error instanceof IdentityError) {
      throw new CertificateVerificationError(
        `the issued certificate does not verify: ${error.message}`,
        error.code,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The CA keys the control plane serves: its Ed25519 signing keys, the only kind a CA uses. */
async function servedKeys(operator: Caller): Promise<CaKeys> {
  const { keys } = await operator.call<ResponseOf<'getJwks'>>('getJwks');
  return {
    keys: keys.flatMap(({ kty, crv, x, kid, alg, use }): PublicJwk[] =>
      kty === 'OKP' && crv === 'Ed25519' && alg === 'EdDSA' && use === 'sig'
        ? [{ kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' }]
        : [],
    ),
  };
}
