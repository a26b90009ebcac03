/**
 * Certificate verification: EdDSA only, typ agent-cert+jwt, no crit, signed by a CA key from
 * a JWKS (by kid) or a pinned key, within its validity (with clock skew), carrying every
 * claim of the protocol and an Ed25519 `cnf.jwk`. jose verifies the JWS wherever the
 * platform has native Ed25519 (jose needs it); on the tweetnacl fallback the same JWS is
 * checked with the backend. The header and claim checks are ours on both paths.
 * `verifyIssuedCertificate` is the jose-free variant for the agent side (small bundles).
 */
import { importJWK, errors as joseErrors, jwtVerify } from 'jose';
import { type BackendName, backendFor } from './backend/select';
import type { Ed25519Backend } from './backend/types';
import { decode } from './base64url';
import type { Jwks } from './ca';
import { CERTIFICATE_TYP, type CertificateClaims } from './claims';
import { IdentityError } from './errors';
import { checkHeader, createVerifyKey, decodeCompact, type VerifyKey } from './jws';
import { importPublicKey, type PublicJwk } from './keys';
import { type CaKeySource, isCaKeySource } from './rotating-ca-keys';

/**
 * The CA keys to trust: a JWKS (the key is chosen by the certificate's `kid`), one pinned
 * public JWK, a pinned key's base64url `x` (what `TOLLGATE_CA_PUBLIC_KEY` holds), or a
 * source that follows CA rotation ({@link rotatingCaKeys}).
 */
export type CaKeys = Jwks | { keys: PublicJwk[] } | PublicJwk | string | CaKeySource;

/** The fixed key set to check one certificate against. */
type StaticCaKeys = Exclude<CaKeys, CaKeySource>;

export interface VerifyCertificateOptions {
  /** The `iss` certificates must carry. @default any issuer */
  issuer?: string;
  /**
   * An audience certificates must name in `aud` (a string or an array holding it); a
   * certificate without `aud` is then refused. @default `aud` not required (checked for shape)
   */
  audience?: string;
  /** Tolerated clock difference, in seconds, for `nbf` and `exp`. @default 30 */
  clockSkew?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
  /** The Ed25519 backend to verify with. @default the process's (see README, "Backends") */
  backend?: BackendName;
}

export const DEFAULT_CLOCK_SKEW = 30;

function pinned(x: string): PublicJwk {
  try {
    return importPublicKey(decode(x));
  } catch {
    throw new IdentityError('invalid_key', 'the pinned CA key is not a base64url Ed25519 key');
  }
}

/** Checks configured CA keys up front (throws `invalid_key`), so a typo fails at start-up. */
export function checkCaKeys(ca: CaKeys): void {
  if (isCaKeySource(ca)) return;
  if (typeof ca === 'string') pinned(ca);
  else if (!ca || !('keys' in ca)) importPublicKey(ca);
  else if (!Array.isArray(ca.keys)) throw new IdentityError('invalid_key', 'a JWKS has keys');
}

/**
 * Whether the CA key a certificate was verified with (by its `kid` and `x`) is still in the
 * key set `ca` holds now: caches of verified certificates ask on every use, so that a
 * retired key (it may have leaked) stops them at once. Synchronous for a fixed key set, and
 * cheap: the key is only selected and compared, not imported again.
 */
export function isCaKeyCurrent(ca: CaKeys, kid: unknown, x: string): boolean | Promise<boolean> {
  if (typeof ca === 'string') return true; // a pinned string never changes
  if (!isCaKeySource(ca)) return selectKey(ca, kid)?.x === x;
  // ca_unavailable propagates: not the certificate's fault, and not a pass either.
  const keys = ca.keysFor(typeof kid === 'string' ? kid : undefined);
  return keys.then((current) => selectKey(current, kid)?.x === x);
}

async function pickKey(ca: CaKeys, kid: unknown): Promise<PublicJwk> {
  const fixed = isCaKeySource(ca)
    ? await ca.keysFor(typeof kid === 'string' ? kid : undefined)
    : ca;
  if (typeof fixed === 'string') return pinned(fixed);
  const key = selectKey(fixed, kid);
  if (!key)
    throw new IdentityError('certificate_invalid', 'the certificate names an unknown CA key (kid)');
  return importPublicKey(key);
}

/** The JWKS key a `kid` names (without a kid: the only usable one), or the pinned JWK. */
function selectKey(ca: Exclude<StaticCaKeys, string>, kid: unknown): PublicJwk | undefined {
  if (!('keys' in ca)) return ca;
  const usable = ca.keys.filter(
    (k) => (k.alg ?? 'EdDSA') === 'EdDSA' && (k.use ?? 'sig') === 'sig',
  );
  if (kid === undefined) return usable.length === 1 ? usable[0] : undefined;
  return usable.find((k) => k.kid === kid);
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Checks the claims every certificate must carry, and its validity window. */
function checkClaims(
  p: Record<string, unknown>,
  caKey: PublicJwk,
  o: VerifyCertificateOptions,
): CertificateClaims {
  const c = p as Partial<CertificateClaims>;
  const strings = [c.iss, c.sub, c.run_id, c.project, c.serial].every(isString);
  // `iat` is informative (validity is nbf..exp): optional, as RFC 7519 has it, but an integer
  // when present. The CA always sets it; a certificate minted elsewhere may leave it out.
  const times =
    [c.nbf, c.exp].every((t) => Number.isInteger(t)) &&
    (c.iat === undefined || Number.isInteger(c.iat));
  const scope = Array.isArray(c.scope) && c.scope.every((s) => typeof s === 'string');
  if (!strings || !times || !scope) {
    throw new IdentityError('certificate_invalid', 'the certificate lacks required claims');
  }
  if (o.issuer !== undefined && c.iss !== o.issuer) {
    throw new IdentityError('certificate_invalid', 'the certificate has another issuer');
  }
  const aud = c.aud === undefined || isString(c.aud) ? c.aud : [c.aud].flat();
  if (aud !== undefined && !(isString(aud) || (aud.length > 0 && aud.every(isString))))
    throw new IdentityError(
      'certificate_invalid',
      'the certificate aud is not a string or strings',
    );
  if (
    o.audience !== undefined &&
    !(aud === o.audience || (Array.isArray(aud) && aud.includes(o.audience)))
  )
    throw new IdentityError('certificate_invalid', 'the certificate is for another audience');
  try {
    importPublicKey(c.cnf?.jwk);
  } catch {
    throw new IdentityError('certificate_invalid', 'the certificate cnf.jwk is not an Ed25519 key');
  }
  // Key confusion: were the CA key certified, a proof signed by the CA key would verify.
  if (c.cnf!.jwk.x === caKey.x)
    throw new IdentityError('certificate_invalid', 'the certificate certifies the CA key');
  const now = Math.floor((o.now ?? Date.now)() / 1000);
  const skew = o.clockSkew ?? DEFAULT_CLOCK_SKEW;
  if (c.exp! <= now - skew)
    throw new IdentityError('certificate_expired', 'the certificate has expired');
  if (c.nbf! > now + skew)
    throw new IdentityError('certificate_invalid', 'the certificate is not valid yet');
  const { jwk } = c.cnf!;
  return { ...(c as CertificateClaims), cnf: { jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x } } };
}

/** CA keys imported into the backend, by `x`: imported once per key, not per certificate. */
const caVerifyKeys = new Map<string, Promise<VerifyKey>>();
function caVerifyKey(key: PublicJwk, backend: Ed25519Backend): Promise<VerifyKey> {
  const id = `${backend.name}:${key.x}`;
  let imported = caVerifyKeys.get(id);
  if (!imported) {
    imported = createVerifyKey(key, backend);
    imported.catch(() => caVerifyKeys.delete(id));
    if (caVerifyKeys.size >= 64) caVerifyKeys.delete(caVerifyKeys.keys().next().value!);
    caVerifyKeys.set(id, imported);
  }
  return imported;
}

/**
 * The agent side's check of a certificate it was just issued: the same rules as
 * {@link verifyCertificate}, with the signature checked by the Ed25519 backend instead of jose.
 * The SDK uses it so that browser bundles do not carry jose's verify path (about 6 kB
 * min+gzip); receivers keep jose. A differential property test holds the two together: this
 * accepts nothing that jose rejects.
 */
export async function verifyIssuedCertificate(
  certificate: unknown,
  ca: CaKeys,
  options: VerifyCertificateOptions = {},
): Promise<CertificateClaims> {
  return (await withBackend(certificate, ca, options)).claims;
}

/** A verified certificate and the CA key that signed it, for caches that re-check that key. */
export interface VerifiedCertificate {
  claims: CertificateClaims;
  /** The certificate's `kid` (undefined with a pinned key) and the CA key's `x`. */
  caKid: unknown;
  caX: string;
}

async function withBackend(
  certificate: unknown,
  ca: CaKeys,
  options: VerifyCertificateOptions,
): Promise<VerifiedCertificate> {
  const backend = await backendFor(options.backend);
  const { key, kid, payload } = await checkWithBackend(certificate, ca, backend);
  return { claims: checkClaims(payload, key, options), caKid: kid, caX: key.x };
}

/** Header, CA key and signature, checked by the backend; claims are the caller's next step. */
async function checkWithBackend(certificate: unknown, ca: CaKeys, backend: Ed25519Backend) {
  const { header, payload, signingInput, signature } = decodeCompact(
    certificate,
    'certificate_invalid',
    'the certificate',
  );
  checkHeader(header, CERTIFICATE_TYP, 'certificate_invalid', 'the certificate');
  const key = await pickKey(ca, header.kid);
  if (!(await (await caVerifyKey(key, backend)).verify(signingInput, signature)))
    throw new IdentityError('certificate_invalid', 'the certificate signature does not verify');
  return { key, kid: header.kid, payload };
}

/** jose's imported CA keys, by `x`: imported once per key, not once per certificate. */
const joseKeys = new Map<string, ReturnType<typeof importJWK>>();
function joseKey(key: PublicJwk) {
  let imported = joseKeys.get(key.x);
  if (!imported) {
    imported = importJWK({ kty: 'OKP', crv: 'Ed25519', x: key.x }, 'EdDSA');
    if (joseKeys.size >= 64) joseKeys.delete(joseKeys.keys().next().value!);
    joseKeys.set(key.x, imported);
  }
  return imported;
}

/** Verifies a certificate and returns its claims, or throws IdentityError. */
export async function verifyCertificate(
  certificate: unknown,
  ca: CaKeys,
  options: VerifyCertificateOptions = {},
): Promise<CertificateClaims> {
  return (await verifyCertificateAndKey(certificate, ca, options)).claims;
}

/** {@link verifyCertificate}, also naming the CA key that signed it. */
export async function verifyCertificateAndKey(
  certificate: unknown,
  ca: CaKeys,
  options: VerifyCertificateOptions = {},
): Promise<VerifiedCertificate> {
  const backend = await backendFor(options.backend);
  if (backend.name === 'tweetnacl') return withBackend(certificate, ca, options);
  const { header } = decodeCompact(certificate, 'certificate_invalid', 'the certificate');
  checkHeader(header, CERTIFICATE_TYP, 'certificate_invalid', 'the certificate');
  const key = await pickKey(ca, header.kid);
  try {
    const { payload: verified } = await jwtVerify(certificate as string, await joseKey(key), {
      algorithms: ['EdDSA'],
      typ: CERTIFICATE_TYP,
      clockTolerance: options.clockSkew ?? DEFAULT_CLOCK_SKEW,
      currentDate: new Date((options.now ?? Date.now)()),
    });
    return { claims: checkClaims(verified, key, options), caKid: header.kid, caX: key.x };
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof joseErrors.JWTExpired)
      throw new IdentityError('certificate_expired', 'the certificate has expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf')
      throw new IdentityError('certificate_invalid', 'the certificate is not valid yet');
    // No cause: jose errors carry the token's claims, and errors never carry tokens.
    const what =
      error instanceof joseErrors.JWSSignatureVerificationFailed
        ? 'the certificate signature does not verify'
        : 'the certificate is invalid';
    throw new IdentityError('certificate_invalid', what);
  }
}
