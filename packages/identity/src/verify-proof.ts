/**
 * One request's proof on its own: the header rules, the signature by the certificate's
 * `cnf` key, and the claims (jti, lifetime, time window). The binding to the request itself
 * (htm, htu, bh) is the caller's to compare, and the replay cache comes last of all.
 *
 * The JWS is checked here directly with the backend rather than through jose: this runs on
 * every request, and jose's `jwtVerify` (a WebCrypto verify, an async job on Node, plus its
 * generic claim handling) measured over 2× a bare verify on its own, past the budget of the
 * whole request check (bench/). The checks jose would make are all made here, strictly; the
 * interop tests prove jose's `jwtVerify` accepts the same proofs, and jose still verifies
 * every certificate.
 */
import { MAX_PROOF_LIFETIME, PROOF_TYP, type ProofClaims } from './claims';
import { IdentityError } from './errors';
import { checkHeader, decodeCompact, type VerifyKey } from './jws';

/** At least 128 bits of base64url (22 characters), and a bound on what the cache holds. */
const JTI = /^[A-Za-z0-9_-]{22,256}$/;

const invalid = (message: string) => new IdentityError('proof_invalid', message);

export async function verifyProof(
  token: string,
  key: VerifyKey,
  nowSeconds: number,
  clockSkew: number,
): Promise<ProofClaims> {
  const proof = decodeCompact(token, 'proof_invalid', 'the proof');
  checkHeader(proof.header, PROOF_TYP, 'proof_invalid', 'the proof');
  if (!(await key.verify(proof.signingInput, proof.signature)))
    throw invalid("the proof is not signed by the certificate's key");

  const p = proof.payload;
  if (typeof p.jti !== 'string' || !JTI.test(p.jti))
    throw invalid('the proof jti is not at least 128 bits of base64url');
  if (!Number.isInteger(p.iat) || !Number.isInteger(p.exp))
    throw invalid('the proof lacks integer iat and exp');
  const iat = p.iat as number;
  const exp = p.exp as number;
  if (exp <= iat || exp - iat > MAX_PROOF_LIFETIME)
    throw invalid(`the proof lifetime is not within 1..${MAX_PROOF_LIFETIME} seconds`);
  if (exp <= nowSeconds - clockSkew)
    throw new IdentityError('proof_expired', 'the proof has expired');
  if (iat > nowSeconds + clockSkew) throw invalid('the proof is issued in the future');
  if (typeof p.htm !== 'string' || typeof p.htu !== 'string' || typeof p.bh !== 'string')
    throw invalid('the proof lacks htm, htu or bh');
  if (p.cth !== undefined && typeof p.cth !== 'string')
    throw invalid('the proof cth is not a string');
  return p as unknown as ProofClaims;
}
