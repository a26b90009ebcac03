/**
 * The receiving side: verifies the certificate and the proof of one request and returns the
 * agent's verified claims, or throws IdentityError with a machine code. Certificates are
 * verified once and cached (expiry and revocation are re-checked on every request); the
 * proof is checked against the certificate's cnf key directly through the backend, since it
 * is on every request's path (jose verifies the certificate; see the bench for the cost).
 */
import { bodyHash } from './body-hash';
import {
  CERTIFICATE_HEADER,
  type CertificateClaims,
  MAX_PROOF_LIFETIME,
  PROOF_HEADER,
  PROOF_TYP,
} from './claims';
import { IdentityError } from './errors';
import { createVerifyKey, decodeCompact, type VerifyKey } from './jws';
import { MemoryReplayCache, type ReplayCache } from './replay-cache';
import { normalizeHtu, rebuildUrl } from './url';
import { type CaKeys, verifyCertificate } from './verify-certificate';

export interface IncomingRequest {
  method: string;
  /** The request URL (absolute), or just path + query when `origin` is set. */
  url: string;
  body?: string | Uint8Array | ArrayBuffer | null;
  headers: Headers | Record<string, string | string[] | undefined>;
}

export interface RevocationInfo {
  serial: string;
  agentId: string;
  runId: string;
}

export interface VerifierOptions {
  /** The CA keys certificates must be signed by. */
  ca: CaKeys;
  /**
   * This service's public origin (`https://api.example.com`). The URL a proof is checked
   * against is rebuilt from it and the request path, never from a Host header.
   */
  origin?: string;
  /** Required certificate issuer, when set. */
  issuer?: string;
  /** Tolerated clock difference, in seconds. @default 30 */
  clockSkew?: number;
  /** Remembers proof ids. @default a MemoryReplayCache of 100 000 entries */
  replayCache?: ReplayCache;
  /** True when the certificate is revoked (serial) or its agent suspended. */
  isRevoked?: (info: RevocationInfo) => boolean | Promise<boolean>;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

/** What a verified request proves. */
export interface VerifiedAgent {
  agentId: string;
  runId: string;
  project: string;
  scope: string[];
  serial: string;
  certificateExpiresAt: number;
  jti: string;
  certificate: CertificateClaims;
}

function header(headers: IncomingRequest['headers'], name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? record[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const CACHE_LIMIT = 10_000;

export interface RequestVerifier {
  verify(request: IncomingRequest): Promise<VerifiedAgent>;
}

export function createVerifier(options: VerifierOptions): RequestVerifier {
  const replay = options.replayCache ?? new MemoryReplayCache({ now: options.now });
  const now = options.now ?? Date.now;
  const skew = options.clockSkew ?? 30;
  const certificates = new Map<string, Promise<{ claims: CertificateClaims; key: VerifyKey }>>();

  function certificate(token: string) {
    let entry = certificates.get(token);
    if (!entry) {
      entry = verifyCertificate(token, options.ca, {
        issuer: options.issuer,
        clockSkew: skew,
        now,
      }).then(async (claims) => ({ claims, key: await createVerifyKey(claims.cnf.jwk) }));
      entry.catch(() => certificates.delete(token));
      if (certificates.size >= CACHE_LIMIT) certificates.delete(certificates.keys().next().value!);
      certificates.set(token, entry);
    }
    return entry;
  }

  return {
    async verify(request) {
      const certToken = header(request.headers, CERTIFICATE_HEADER);
      if (!certToken)
        throw new IdentityError('certificate_missing', `no ${CERTIFICATE_HEADER} header`);
      const proofToken = header(request.headers, PROOF_HEADER);
      if (!proofToken) throw new IdentityError('proof_missing', `no ${PROOF_HEADER} header`);

      const { claims, key } = await certificate(certToken);
      const nowSec = Math.floor(now() / 1000);
      if (claims.exp <= nowSec - skew)
        throw new IdentityError('certificate_expired', 'the certificate has expired');
      const info = { serial: claims.serial, agentId: claims.sub, runId: claims.run_id };
      if (await options.isRevoked?.(info))
        throw new IdentityError('certificate_revoked', 'the certificate was revoked');

      const proof = decodeCompact(proofToken, 'proof_invalid', 'the proof');
      if (proof.header.alg !== 'EdDSA')
        throw new IdentityError(
          'proof_invalid',
          `proof alg ${String(proof.header.alg)} is not allowed`,
        );
      if (proof.header.typ !== PROOF_TYP)
        throw new IdentityError('proof_invalid', 'the proof has the wrong typ');
      if (!(await key.verify(proof.signingInput, proof.signature))) {
        throw new IdentityError(
          'proof_invalid',
          "the proof is not signed by the certificate's key",
        );
      }
      const p = proof.payload;
      if (typeof p.jti !== 'string' || p.jti.length < 22)
        throw new IdentityError('proof_invalid', 'the proof jti is missing or short');
      if (!Number.isInteger(p.iat) || !Number.isInteger(p.exp))
        throw new IdentityError('proof_invalid', 'the proof lacks iat/exp');
      const [iat, exp] = [p.iat as number, p.exp as number];
      if (exp - iat > MAX_PROOF_LIFETIME || exp <= iat) {
        throw new IdentityError(
          'proof_invalid',
          `the proof lifetime exceeds ${MAX_PROOF_LIFETIME} seconds`,
        );
      }
      if (exp <= nowSec - skew) throw new IdentityError('proof_expired', 'the proof has expired');
      if (iat > nowSec + skew)
        throw new IdentityError('proof_invalid', 'the proof is issued in the future');

      // Methods are case-sensitive (RFC 9110): the proof carries the method as sent.
      if (p.htm !== request.method)
        throw new IdentityError('binding_mismatch', 'the proof is for another method');
      const url = options.origin
        ? rebuildUrl(options.origin, request.url)
        : normalizeHtu(request.url);
      if (p.htu !== url)
        throw new IdentityError('binding_mismatch', 'the proof is for another URL');
      if (p.bh !== (await bodyHash(request.body)))
        throw new IdentityError('binding_mismatch', 'the proof is for another body');

      // Last: only a proof that passed every check may occupy the replay cache.
      if (!(await replay.checkAndStore(p.jti, exp + skew))) {
        throw new IdentityError('proof_replayed', 'this proof was already used');
      }
      return {
        agentId: claims.sub,
        runId: claims.run_id,
        project: claims.project,
        scope: claims.scope,
        serial: claims.serial,
        certificateExpiresAt: claims.exp,
        jti: p.jti,
        certificate: claims,
      };
    },
  };
}

let shared: { options: VerifierOptions; verifier: RequestVerifier } | undefined;

/** One-call verification; reuses a verifier (and its replay cache) for the same options object. */
export function verifyRequest(
  request: IncomingRequest,
  options: VerifierOptions,
): Promise<VerifiedAgent> {
  if (shared?.options !== options) shared = { options, verifier: createVerifier(options) };
  return shared.verifier.verify(request);
}
