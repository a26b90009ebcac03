/**
 * The agent side's check of every certificate it is issued (at registration and on each
 * refresh): signed by the pinned CA key, or by a key of the JWKS the control plane serves
 * (with a one-time warning), and issued for this agent and this key.
 */
import {
  type CaKeys,
  IdentityError,
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
  let ca: CaKeys | undefined = operator.options.caPublicKey as CaKeys | undefined;
  if (!ca) {
    if (!warnedJwks.has(operator)) {
      warnedJwks.add(operator);
      operator.options.logger.warn(
        'no CA public key pinned (caPublicKey / TOLLGATE_CA_PUBLIC_KEY): verifying certificates against the JWKS the control plane serves; pin the key in production',
      );
    }
    ca = (await operator.call<ResponseOf<'getJwks'>>('getJwks')) as CaKeys;
  }
  try {
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
