/**
 * Certificate verification: EdDSA only, typ agent-cert+jwt, signed by a CA key from a JWKS
 * (by kid) or a pinned key, within its validity (with clock skew), with a well-formed
 * `cnf.jwk`. jose verifies the JWS where the platform has native Ed25519; on the tweetnacl
 * fallback the same checks run over the backend's verify.
 */
import { importJWK, errors as joseErrors, jwtVerify } from 'jose';
import { getBackend } from './backend/select';
import { decode } from './base64url';
import type { Jwks } from './ca';
import { CERTIFICATE_TYP, type CertificateClaims } from './claims';
import { IdentityError } from './errors';
import { createVerifyKey, decodeCompact } from './jws';
import { importPublicKey, type PublicJwk } from './keys';

/** The CA keys to trust: a JWKS, one pinned public JWK, or a pinned key's base64url `x`. */
export type CaKeys = Jwks | { keys: PublicJwk[] } | PublicJwk | string;

export interface VerifyCertificateOptions {
  /** Required `iss`, when set. */
  issuer?: string;
  /** Tolerated clock difference, in seconds. @default 30 */
  clockSkew?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

function pickKey(ca: CaKeys, kid: unknown): PublicJwk {
  if (typeof ca === 'string') return importPublicKey(decode(ca));
  if ('keys' in ca) {
    const key =
      ca.keys.find((k) => k.kid === kid) ??
      (ca.keys.length === 1 && kid === undefined ? ca.keys[0] : undefined);
    if (!key)
      throw new IdentityError(
        'certificate_invalid',
        'the certificate is signed by an unknown CA key (kid)',
      );
    return importPublicKey(key);
  }
  return importPublicKey(ca);
}

/** Checks the claims every certificate must carry, and its validity window. */
function checkClaims(
  payload: Record<string, unknown>,
  o: VerifyCertificateOptions,
): CertificateClaims {
  const c = payload as Partial<CertificateClaims>;
  const strings = [c.iss, c.sub, c.run_id, c.serial].every(
    (v) => typeof v === 'string' && v !== '',
  );
  const numbers = [c.iat, c.nbf, c.exp].every((v) => Number.isInteger(v));
  if (!strings || !numbers || !Array.isArray(c.scope) || !c.cnf?.jwk) {
    throw new IdentityError('certificate_invalid', 'the certificate lacks required claims');
  }
  if (o.issuer !== undefined && c.iss !== o.issuer) {
    throw new IdentityError('certificate_invalid', 'the certificate has another issuer');
  }
  try {
    importPublicKey(c.cnf.jwk);
  } catch {
    throw new IdentityError('certificate_invalid', 'the certificate cnf.jwk is not an Ed25519 key');
  }
  const now = Math.floor((o.now ?? Date.now)() / 1000);
  const skew = o.clockSkew ?? 30;
  if (c.exp! <= now - skew)
    throw new IdentityError('certificate_expired', 'the certificate has expired');
  if (c.nbf! > now + skew)
    throw new IdentityError('certificate_invalid', 'the certificate is not valid yet');
  return {
    ...(c as CertificateClaims),
    project: typeof c.project === 'string' ? c.project : 'default',
  };
}

export async function verifyCertificate(
  certificate: unknown,
  ca: CaKeys,
  options: VerifyCertificateOptions = {},
): Promise<CertificateClaims> {
  const { header, payload, signingInput, signature } = decodeCompact(
    certificate,
    'certificate_invalid',
    'the certificate',
  );
  if (header.alg !== 'EdDSA')
    throw new IdentityError(
      'certificate_invalid',
      `certificate alg ${String(header.alg)} is not allowed`,
    );
  if (header.typ !== CERTIFICATE_TYP)
    throw new IdentityError('certificate_invalid', 'the certificate has the wrong typ');
  const key = pickKey(ca, header.kid);
  const backend = await getBackend();
  if (backend.name === 'tweetnacl') {
    const ok = await (await createVerifyKey(key, backend)).verify(signingInput, signature);
    if (!ok)
      throw new IdentityError('certificate_invalid', 'the certificate signature does not verify');
    return checkClaims(payload, options);
  }
  try {
    const { payload: verified } = await jwtVerify(
      certificate as string,
      await importJWK({ ...key }, 'EdDSA'),
      {
        algorithms: ['EdDSA'],
        typ: CERTIFICATE_TYP,
        clockTolerance: options.clockSkew ?? 30,
        currentDate: new Date((options.now ?? Date.now)()),
      },
    );
    return checkClaims(verified, options);
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof joseErrors.JWTExpired)
      throw new IdentityError('certificate_expired', 'the certificate has expired');
    // No cause: jose errors carry the token's claims, and errors never carry tokens.
    throw new IdentityError('certificate_invalid', 'the certificate does not verify');
  }
}
