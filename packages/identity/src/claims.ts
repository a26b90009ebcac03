/** The claims of certificates and proofs, and the header names that carry them. */
import type { PublicJwk } from './keys';

export const CERTIFICATE_HEADER = 'X-Tollgate-Certificate';
export const PROOF_HEADER = 'X-Tollgate-Proof';
export const CERTIFICATE_TYP = 'agent-cert+jwt';
export const PROOF_TYP = 'agent-proof+jwt';
/** The longest a proof may live: exp − iat, in seconds. */
export const MAX_PROOF_LIFETIME = 300;

/** What a CA-signed agent certificate asserts. */
export interface CertificateClaims {
  /** The control plane that issued it. */
  iss: string;
  /**
   * Optional: the receivers it is meant for (RFC 7519: a string or an array of strings). Set
   * by a CA with `audience`; a verifier with `audience` requires it to name that audience.
   */
  aud?: string | string[];
  /** The agent id. */
  sub: string;
  run_id: string;
  project: string;
  /** Scopes, as an array of strings. */
  scope: string[];
  /** Unique per certificate; what revocation lists name. */
  serial: string;
  /** When it was issued (informative: validity is `nbf`..`exp`). Optional; CAs here set it. */
  iat?: number;
  nbf: number;
  exp: number;
  /** Proof of possession (RFC 7800): the agent's public key. */
  cnf: { jwk: PublicJwk };
}

/** What a per-request proof asserts. */
export interface ProofClaims {
  /** At least 128 random bits, base64url. */
  jti: string;
  iat: number;
  exp: number;
  /** Upper-case HTTP method. */
  htm: string;
  /** Normalised request URL: scheme, host, port if not default, path, query. */
  htu: string;
  /** base64url SHA-256 of the exact body bytes (of the empty string without a body). */
  bh: string;
  /**
   * base64url SHA-256 of the ASCII of the certificate the proof travels with (like DPoP's
   * `ath`). Optional: SDKs before 1.220 send none; verifiers check it whenever present and
   * require it with `requireCertificateHash`.
   */
  cth?: string;
}
