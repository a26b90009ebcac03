/**
 * Everything the SDK takes from @tollgate/identity: key generation, the request signer and the
 * certificate check. Loaded on first use (`loadCrypto()` in lazy-crypto.ts), when an agent is
 * registered or loaded: importing the SDK and an operator's calls never load it.
 */
export { createRequestSigner, generateKeyPair, publicOf } from '@tollgate/identity';
export { checkCertificate } from './certificate-check';
