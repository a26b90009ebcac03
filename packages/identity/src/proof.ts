/**
 * The agent side: a fresh proof JWT per request, bound to its method, URL and body, and the
 * two headers that carry certificate and proof.
 */
import { encode } from './base64url';
import { bodyHash } from './body-hash';
import {
  CERTIFICATE_HEADER,
  MAX_PROOF_LIFETIME,
  PROOF_HEADER,
  PROOF_TYP,
  type ProofClaims,
} from './claims';
import { IdentityError } from './errors';
import { createSigner, encodeHeader, type Signer, signCompact } from './jws';
import type { PrivateJwk } from './keys';
import { normalizeHtu } from './url';

export interface ProofRequest {
  method: string;
  url: string | URL;
  /** The exact bytes that will be sent; omit for no body. */
  body?: string | Uint8Array | ArrayBuffer | null;
}

export interface ProofOptions {
  /** Proof lifetime in seconds, at most 300. @default 60 */
  lifetimeSeconds?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

const HEADER = encodeHeader({ alg: 'EdDSA', typ: PROOF_TYP });

/** 128 random bits, base64url (22 characters), cut from a pool refilled 256 ids at a time. */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;
function newJti(): string {
  if (poolOffset >= pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return encode(pool.subarray(poolOffset - 16, poolOffset));
}

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

async function mint(signer: Signer, request: ProofRequest, options: ProofOptions): Promise<string> {
  const lifetime = options.lifetimeSeconds ?? 60;
  if (!(lifetime > 0 && lifetime <= MAX_PROOF_LIFETIME)) {
    throw new IdentityError('proof_invalid', `a proof lives at most ${MAX_PROOF_LIFETIME} seconds`);
  }
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const claims: ProofClaims = {
    jti: newJti(),
    iat,
    exp: iat + lifetime,
    htm: request.method.toUpperCase(),
    htu: htuOf(request.url),
    bh: await bodyHash(request.body),
  };
  return signCompact(HEADER, claims, signer);
}

/** One proof, signing with a private JWK (imports the key each call: prefer a signer). */
export async function createProof(
  privateJwk: PrivateJwk,
  request: ProofRequest,
  options: ProofOptions = {},
) {
  return mint(await createSigner(privateJwk), request, options);
}

export interface RequestSigner {
  /** A proof for this exact request. */
  proof(request: ProofRequest): Promise<string>;
  /** Both headers for this exact request: `X-Tollgate-Certificate` and `X-Tollgate-Proof`. */
  headers(request: ProofRequest): Promise<Record<string, string>>;
  /** Swaps in a renewed certificate (same key). */
  setCertificate(certificate: string): void;
}

/** Imports the agent's key once; every request then costs one hash and one signature. */
export async function createRequestSigner(
  privateJwk: PrivateJwk,
  certificate: string,
  options: ProofOptions = {},
): Promise<RequestSigner> {
  const signer = await createSigner(privateJwk);
  let cert = certificate;
  return {
    proof: (request) => mint(signer, request, options),
    async headers(request) {
      return { [CERTIFICATE_HEADER]: cert, [PROOF_HEADER]: await mint(signer, request, options) };
    },
    setCertificate(next) {
      cert = next;
    },
  };
}
