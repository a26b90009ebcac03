/**
 * @tollgate/identity: Ed25519 agent keys, CA-signed agent certificates and per-request
 * proofs, for both sides. Pure crypto and claims: no HTTP, no file system.
 */

export type { BackendName } from './backend/select';
export {
  type CertificateAuthority,
  type CertificateAuthorityOptions,
  createCertificateAuthority,
  type IssuedCertificate,
  type IssueOptions,
  type Jwks,
  newSerial,
  type PublishedJwk,
} from './ca';
export { CERTIFICATE_HEADER, type CertificateClaims, PROOF_HEADER } from './claims';
export { IdentityError, type IdentityErrorCode } from './errors';
export { createSigner, type Signer } from './jws';
export {
  exportRaw,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  type KeyPair,
  type PrivateJwk,
  type PublicJwk,
  publicOf,
  rawToPublicJwk,
} from './keys';
export {
  type CreateProofOptions,
  createProof,
  createRequestSigner,
  type ProofOptions,
  type ProofRequest,
  type RequestSigner,
} from './proof';
export { MemoryReplayCache, type MemoryReplayCacheOptions, type ReplayCache } from './replay-cache';
export {
  type CaKeySource,
  type RotatingCaKeys,
  type RotatingCaKeysOptions,
  rotatingCaKeys,
} from './rotating-ca-keys';
export {
  type CaKeys,
  type VerifyCertificateOptions,
  verifyCertificate,
  verifyIssuedCertificate,
} from './verify-certificate';
export {
  createVerifier,
  type IncomingRequest,
  type RequestVerifier,
  type RevocationInfo,
  type RevocationSource,
  type VerifiedAgent,
  type VerifierOptions,
} from './verify-request';
export { verifyRequest } from './verify-request-once';
