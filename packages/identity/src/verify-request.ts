/**
 * The receiving side: verifies the certificate and the proof of one request and returns the
 * agent's verified claims, or throws IdentityError with a machine code. Certificates are
 * verified once (jose) and cached with their imported `cnf` key; expiry and revocation are
 * re-checked on every request, so a cached certificate is never trusted beyond either.
 */
import { type BackendName, backendFor } from './backend/select';
import type { Ed25519Backend } from './backend/types';
import { hashBody } from './body-hash';
import { CERTIFICATE_HEADER, type CertificateClaims, PROOF_HEADER } from './claims';
import { IdentityError } from './errors';
import { createVerifyKey, type VerifyKey } from './jws';
import { MemoryReplayCache, type ReplayCache } from './replay-cache';
import { parseOrigin, rebuildUrl } from './url';
import {
  type CaKeys,
  checkCaKeys,
  DEFAULT_CLOCK_SKEW,
  isCaKeyCurrent,
  verifyCertificateAndKey,
} from './verify-certificate';
import { verifyProof } from './verify-proof';

export interface IncomingRequest {
  /** The method as received (servers receive it upper-case; it is compared exactly). */
  method: string;
  /** The request target: `/path?query` as node:http's `req.url`, or an absolute URL. */
  url: string;
  /** The exact body bytes received; omit (or pass '') when there is none. */
  body?: string | Uint8Array | ArrayBuffer | null;
  /** The request headers: a Fetch `Headers`, or node's lower-cased header record. */
  headers: Headers | Record<string, string | string[] | undefined>;
}

/** What the revocation callback is asked about. */
export interface RevocationInfo {
  serial: string;
  agentId: string;
  runId: string;
}

/**
 * Where a verifier learns of revocations besides `isRevoked`: e.g. `followRevocations(url)`
 * from `@tollgate/identity/revocations`, which follows a control plane's revocation stream.
 */
export interface RevocationSource {
  isRevoked(info: RevocationInfo): boolean | Promise<boolean>;
}

export interface VerifierOptions {
  /** The CA keys certificates must be signed by: a JWKS, a pinned JWK or a pinned `x`. */
  ca: CaKeys;
  /**
   * This service's public origin, `scheme://host[:port]` (e.g. `https://api.example.com`).
   * Proofs are checked against this origin plus the request's path and query, never
   * against a Host header an intermediary may have rewritten.
   */
  origin: string;
  /** The `iss` certificates must carry. @default any issuer */
  issuer?: string;
  /** An audience certificates must name in `aud` (see verifyCertificate). @default not required */
  audience?: string;
  /** Tolerated clock difference, in seconds. @default 30 */
  clockSkew?: number;
  /** Remembers proof ids until they expire. @default a MemoryReplayCache (100 000 entries) */
  replayCache?: ReplayCache;
  /** True when the certificate is revoked, rotated or unknown. @default never revoked */
  isRevoked?: (info: RevocationInfo) => boolean | Promise<boolean>;
  /**
   * Revocations learned elsewhere, checked after `isRevoked`: `followRevocations(url)` keeps
   * up with a control plane's revocation stream. @default none
   */
  revocations?: RevocationSource;
  /**
   * Refuse proofs that carry no certificate hash (`cth`), with `proof_invalid`. A `cth` that
   * is present is checked either way. Proofs of SDKs before 1.220 carry none, so turn this on
   * once every agent signs with 1.220 or later. @default false
   */
  requireCertificateHash?: boolean;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
  /** The Ed25519 backend to verify with. @default the process's (see README, "Backends") */
  backend?: BackendName;
}

/** What a verified request proves. */
export interface VerifiedAgent {
  agentId: string;
  runId: string;
  project: string;
  scope: string[];
  serial: string;
  /** The certificate's `exp`, unix seconds. */
  certificateExpiresAt: number;
  /** The proof's id, now in the replay cache. */
  jti: string;
  /** Every verified certificate claim (frozen: shared by all requests with it). */
  certificate: Readonly<CertificateClaims>;
}

export interface RequestVerifier {
  verify(request: IncomingRequest): Promise<VerifiedAgent>;
}

function header(headers: IncomingRequest['headers'], name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name.toLowerCase()] ?? record[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Cached claims are shared by every request with that certificate: nobody may edit them. */
function freeze(claims: CertificateClaims): CertificateClaims {
  Object.freeze(claims.scope);
  Object.freeze(claims.cnf.jwk);
  Object.freeze(claims.cnf);
  return Object.freeze(claims);
}

/** Verified certificates kept per verifier (each a few hundred bytes). */
const CERTIFICATE_CACHE_SIZE = 10_000;
type Verified = {
  claims: CertificateClaims;
  key: VerifyKey;
  caKid: unknown;
  caX: string;
  /** The certificate's hash, as a proof's `cth` must carry it. */
  cth: string;
};

/** A verifier: caches certificates, holds the replay cache. Create one per service. */
export function createVerifier(options: VerifierOptions): RequestVerifier {
  const origin = parseOrigin(options.origin);
  checkCaKeys(options.ca);
  const replay = options.replayCache ?? new MemoryReplayCache({ now: options.now });
  const now = options.now ?? Date.now;
  const skew = options.clockSkew ?? DEFAULT_CLOCK_SKEW;
  const certificates = new Map<string, Promise<Verified>>();
  const { backend } = options;
  /** The backend, once resolved: the hot path then hashes with no await (node). */
  let ready: Ed25519Backend | undefined;
  const resolve = async () => (ready ??= await backendFor(backend));

  function certificate(token: string): Promise<Verified> {
    let entry = certificates.get(token);
    if (!entry) {
      const o = {
        issuer: options.issuer,
        audience: options.audience,
        clockSkew: skew,
        now,
        backend,
      };
      entry = verifyCertificateAndKey(token, options.ca, o).then(async (v) => ({
        claims: freeze(v.claims),
        key: await createVerifyKey(v.claims.cnf.jwk, await resolve()),
        caKid: v.caKid,
        caX: v.caX,
        cth: await hashBody(token, await resolve()),
      }));
      // Only good certificates stay: garbage never occupies the cache.
      entry.catch(() => certificates.delete(token));
      if (certificates.size >= CERTIFICATE_CACHE_SIZE)
        certificates.delete(certificates.keys().next().value!);
      certificates.set(token, entry);
    }
    return entry;
  }

  /** Services see the same few paths again and again: rebuild each URL once. */
  const urls = new Map<string, string | undefined>();
  function urlOf(target: string): string | undefined {
    let url = urls.get(target);
    if (url === undefined && !urls.has(target)) {
      try {
        url = rebuildUrl(origin, target);
      } catch {
        // An unparseable target is no URL a proof could be for.
      }
      if (urls.size >= 256) urls.clear();
      urls.set(target, url);
    }
    return url;
  }

  return {
    async verify(request) {
      const certToken = header(request.headers, CERTIFICATE_HEADER);
      if (!certToken)
        throw new IdentityError('certificate_missing', `no ${CERTIFICATE_HEADER} header`);
      const proofToken = header(request.headers, PROOF_HEADER);
      if (!proofToken) throw new IdentityError('proof_missing', `no ${PROOF_HEADER} header`);

      const { claims, key, caKid, caX, cth } = await certificate(certToken);
      // A cached certificate is only as good as the CA key that signed it: re-checked against
      // the current key set on every request, so retiring a (leaked) key stops it at once.
      const current = isCaKeyCurrent(options.ca, caKid, caX);
      if (current !== true && !(await current)) {
        certificates.delete(certToken);
        throw new IdentityError('certificate_invalid', 'the certificate names a retired CA key');
      }
      const nowSec = Math.floor(now() / 1000);
      if (claims.exp <= nowSec - skew)
        throw new IdentityError('certificate_expired', 'the certificate has expired');
      const p = await verifyProof(proofToken, key, nowSec, skew);

      // Methods are case-sensitive (RFC 9110 §9.1); agents sign them upper-case.
      if (p.htm !== request.method)
        throw new IdentityError('binding_mismatch', 'the proof is for another method');
      if (p.htu !== urlOf(request.url))
        throw new IdentityError('binding_mismatch', 'the proof is for another URL');
      const bh = hashBody(request.body, ready ?? (await resolve()));
      if (p.bh !== (typeof bh === 'string' ? bh : await bh))
        throw new IdentityError('binding_mismatch', 'the proof is for another body');
      if (p.cth === undefined ? options.requireCertificateHash : p.cth !== cth)
        throw p.cth === undefined
          ? new IdentityError('proof_invalid', 'the proof lacks the certificate hash (cth)')
          : new IdentityError('binding_mismatch', 'the proof is for another certificate');

      // After the proof: an unauthenticated request never reaches the revocation store.
      const info = { serial: claims.serial, agentId: claims.sub, runId: claims.run_id };
      if ((await options.isRevoked?.(info)) || (await options.revocations?.isRevoked(info)))
        throw new IdentityError('certificate_revoked', 'the certificate was revoked');
      // Last: only a proof that passed every check may occupy the replay cache.
      if (!(await replay.checkAndStore(p.jti, p.exp + skew, nowSec)))
        throw new IdentityError('proof_replayed', 'this proof was already used');
      return {
        agentId: claims.sub,
        runId: claims.run_id,
        project: claims.project,
        scope: [...claims.scope],
        serial: claims.serial,
        certificateExpiresAt: claims.exp,
        jti: p.jti,
        certificate: claims,
      };
    },
  };
}
