/**
 * The agent side: a fresh proof JWT per request, bound to its method, URL and body, and the
 * two headers that carry certificate and proof. Minting is on every request's path, so the
 * header is encoded once, the key imported once, and a proof costs one SHA-256 of the body,
 * one JSON.stringify and one Ed25519 signature (see bench/: at most 1.5× a bare signature).
 */
import { type BackendName, backendFor } from './backend/select';
import type { Ed25519Backend } from './backend/types';
import type { BodyBytes } from './body-bytes';
import { hashBody } from './body-hash';
import {
  CERTIFICATE_HEADER,
  MAX_PROOF_LIFETIME,
  PROOF_HEADER,
  PROOF_TYP,
  type ProofClaims,
} from './claims';
import { newJti } from './jti';
import { encodeHeader, importSigner, type Signer, signCompact } from './jws';
import type { PrivateJwk } from './keys';
import { normalizeHtu } from './url';

/** The request a proof is for. */
export interface ProofRequest {
  /** The HTTP method; signed upper-case. */
  method: string;
  /** The absolute URL the request goes to; normalised for `htu`, fragment dropped. */
  url: string | URL;
  /** The exact bytes that will be sent (a string is sent as UTF-8). @default no body */
  body?: BodyBytes;
}

export interface ProofOptions {
  /** Proof lifetime (`exp − iat`) in seconds, 1 to 300. @default 60 */
  lifetimeSeconds?: number;
  /** Current time in ms (tests, or a clock corrected against the server's). @default Date.now */
  now?: () => number;
  /** The Ed25519 backend to sign with. @default the process's (see README, "Backends") */
  backend?: BackendName;
}

export interface CreateProofOptions extends ProofOptions {
  /**
   * The certificate the proof travels with: the proof then carries its hash (`cth`), so it
   * is refused next to any other certificate. A signer always sets it. @default no `cth`
   */
  certificate?: string;
}

const HEADER = encodeHeader({ alg: 'EdDSA', typ: PROOF_TYP });

/** Agents call the same few URLs again and again: normalise each once. */
const htuCache = new Map<string, string>();
function htuOf(url: string | URL): string {
  if (typeof url !== 'string') return normalizeHtu(url);
  let htu = htuCache.get(url);
  if (htu === undefined) {
    htu = normalizeHtu(url);
    if (htuCache.size >= 256) htuCache.clear();
    htuCache.set(url, htu);
  }
  return htu;
}

function lifetimeOf(options: ProofOptions): number {
  const lifetime = options.lifetimeSeconds ?? 60;
  if (!(Number.isInteger(lifetime) && lifetime > 0 && lifetime <= MAX_PROOF_LIFETIME))
    throw new RangeError(`lifetimeSeconds must be an integer from 1 to ${MAX_PROOF_LIFETIME}`);
  return lifetime;
}

/** A proof, synchronously where hashing and signing are (node): no await on the hot path. */
function mint(
  signer: Signer,
  backend: Ed25519Backend,
  request: ProofRequest,
  lifetime: number,
  now: () => number,
  cth: string | Promise<string> | undefined,
): string | Promise<string> {
  const iat = Math.floor(now() / 1000);
  const claims = (bh: string, certificateHash: string | undefined): ProofClaims => ({
    jti: newJti(),
    iat,
    exp: iat + lifetime,
    htm: request.method.toUpperCase(),
    htu: htuOf(request.url),
    bh,
    ...(certificateHash !== undefined && { cth: certificateHash }),
  });
  const bh = hashBody(request.body, backend);
  if (typeof bh === 'string' && typeof cth !== 'object')
    return signCompact(HEADER, claims(bh, cth), signer);
  return Promise.all([bh, cth]).then(([h, c]) => signCompact(HEADER, claims(h, c), signer));
}

/** One proof, signing with a private JWK. Imports the key on each call: prefer a signer. */
export async function createProof(
  privateJwk: PrivateJwk,
  request: ProofRequest,
  options: CreateProofOptions = {},
): Promise<string> {
  const lifetime = lifetimeOf(options);
  const backend = await backendFor(options.backend);
  const signer = await importSigner(privateJwk, backend);
  const cth =
    options.certificate === undefined ? undefined : hashBody(options.certificate, backend);
  return await mint(signer, backend, request, lifetime, options.now ?? Date.now, cth);
}

/** An agent's request signer: its key imported once, its current certificate. */
export interface RequestSigner {
  /** A proof for this exact request. */
  proof(request: ProofRequest): Promise<string>;
  /** Both headers for this exact request, `X-Tollgate-Certificate` and `X-Tollgate-Proof`. */
  headers(request: ProofRequest): Promise<Record<string, string>>;
  /**
   * The same two headers, returned as they are where the backend hashes and signs
   * synchronously (node:crypto), else a promise: for a hot path that saves the await.
   */
  headersNow(request: ProofRequest): Record<string, string> | Promise<Record<string, string>>;
  /** The certificate sent with every request. */
  readonly certificate: string;
  /** Swaps in a renewed certificate (for the same key). */
  setCertificate(certificate: string): void;
}

/** Imports the agent's key once; every request then costs one hash and one signature. */
export async function createRequestSigner(
  privateJwk: PrivateJwk,
  certificate: string,
  options: ProofOptions = {},
): Promise<RequestSigner> {
  const lifetime = lifetimeOf(options);
  const now = options.now ?? Date.now;
  const backend = await backendFor(options.backend);
  const signer = await importSigner(privateJwk, backend);
  let cert = certificate;
  // The certificate's hash (cth), once per certificate: proofs then cost nothing more.
  let cth = hashBody(cert, backend);
  const headersNow = (request: ProofRequest) => {
    const certificate = cert;
    const proof = mint(signer, backend, request, lifetime, now, cth);
    return typeof proof === 'string'
      ? { [CERTIFICATE_HEADER]: certificate, [PROOF_HEADER]: proof }
      : proof.then((p) => ({ [CERTIFICATE_HEADER]: certificate, [PROOF_HEADER]: p }));
  };
  return {
    proof: async (request) => mint(signer, backend, request, lifetime, now, cth),
    headers: async (request) => headersNow(request),
    headersNow,
    get certificate() {
      return cert;
    },
    setCertificate(next) {
      cert = next;
      cth = hashBody(cert, backend);
    },
  };
}
