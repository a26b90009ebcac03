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
  type PublishedJwk,
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
  try {
    // A pinned JWK is checked as it is imported (not an Ed25519 key: `invalid_key`).
    let ca: CaKeys | undefined = typeof pinned === 'object' ? importPublicKey(pinned) : pinned;
    if (!ca) {
      if (!warnedJwks.has(operator)) {
        warnedJwks.add(operator);
        operator.options.logger.warn(
          'no CA public key pinned (caPublicKey / TOLLGATE_CA_PUBLIC_KEY): verifying certificates against the JWKS the control plane serves; pin the key in production',
        );
      }
      const { keys } = await operator.call<ResponseOf<'getJwks'>>('getJwks');
      ca = { keys: keys.filter(isCaKey) };
    }
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

type ServedKey = ResponseOf<'getJwks'>['keys'][number];

/** An Ed25519 signing key, the only kind a CA uses (the contract's enums are open). */
const isCaKey = (k: ServedKey): k is ServedKey & PublishedJwk =>
  k.kty === 'OKP' && k.crv === 'Ed25519' && k.alg === 'EdDSA' && k.use === 'sig';
