/**
 * The certificate authority: issues agent certificates for the agent's own public key and
 * publishes its public keys as a JWKS. Rotation adds a key and keeps the old public ones
 * published (outstanding certificates still verify) until they are retired.
 */

import { CERTIFICATE_TYP, type CertificateClaims } from './claims';
import { createSigner, encodeHeader, type Signer, signCompact } from './jws';
import {
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  type PrivateJwk,
  type PublicJwk,
} from './keys';

/** A JWK as published in the JWKS. */
export interface PublishedJwk extends PublicJwk {
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface Jwks {
  keys: PublishedJwk[];
}

export interface CertificateAuthorityOptions {
  /** Key id of the signing key. @default a random id */
  kid?: string;
  /** The CA's private key; a new one is generated when omitted. */
  privateJwk?: PrivateJwk;
  /** `iss` of issued certificates. @default 'tollgate' */
  issuer?: string;
  /** Certificate lifetime in seconds. @default 3600 */
  lifetimeSeconds?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
}

export interface IssueOptions {
  agentId: string;
  runId: string;
  /** @default 'default' */
  project?: string;
  /** @default [] */
  scope?: string[];
  /** @default 16 random hex characters */
  serial?: string;
  /** Overrides the CA's lifetime for this certificate, in seconds. */
  lifetimeSeconds?: number;
}

export interface IssuedCertificate {
  certificate: string;
  claims: CertificateClaims;
}

export interface CertificateAuthority {
  readonly kid: string;
  readonly issuer: string;
  /** The current signing key's public JWK. */
  readonly publicJwk: PublishedJwk;
  /** The current signing key (secret: persist it to keep certificates valid across restarts). */
  readonly privateJwk: PrivateJwk;
  /** Every published key: the current one first, then keys rotated out but not retired. */
  jwks(): Jwks;
  issueCertificate(agentPublicJwk: PublicJwk, options: IssueOptions): Promise<IssuedCertificate>;
  /** Switches to a new signing key; the old public key stays in the JWKS. */
  rotate(next?: { kid?: string; privateJwk?: PrivateJwk }): Promise<void>;
  /** Drops a rotated-out key from the JWKS: certificates it signed stop verifying. */
  retire(kid: string): void;
}

const randomHex = (bytes: number) =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

async function loadKey(options: { kid?: string; privateJwk?: PrivateJwk }) {
  const pair = options.privateJwk
    ? await importPrivateKey(options.privateJwk)
    : await generateKeyPair();
  const kid = options.kid ?? options.privateJwk?.kid ?? `ca-${randomHex(6)}`;
  const published: PublishedJwk = { ...pair.publicJwk, kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid,
    published,
    privateJwk: { ...pair.privateJwk, kid },
    signer: await createSigner(pair.privateJwk),
  };
}

export async function createCertificateAuthority(
  options: CertificateAuthorityOptions = {},
): Promise<CertificateAuthority> {
  const issuer = options.issuer ?? 'tollgate';
  const lifetime = options.lifetimeSeconds ?? 3600;
  const now = options.now ?? Date.now;
  let current = await loadKey(options);
  let header = encodeHeader({ alg: 'EdDSA', typ: CERTIFICATE_TYP, kid: current.kid });
  let retiredKeys: PublishedJwk[] = [];
  const sign = (claims: CertificateClaims, signer: Signer) => signCompact(header, claims, signer);

  return {
    get kid() {
      return current.kid;
    },
    issuer,
    get publicJwk() {
      return current.published;
    },
    get privateJwk() {
      return current.privateJwk;
    },
    jwks: () => ({ keys: [current.published, ...retiredKeys] }),
    async issueCertificate(agentPublicJwk, o) {
      const iat = Math.floor(now() / 1000);
      const claims: CertificateClaims = {
        iss: issuer,
        sub: o.agentId,
        run_id: o.runId,
        project: o.project ?? 'default',
        scope: o.scope ?? [],
        serial: o.serial ?? randomHex(8),
        iat,
        nbf: iat,
        exp: iat + (o.lifetimeSeconds ?? lifetime),
        cnf: { jwk: importPublicKey(agentPublicJwk) },
      };
      return { certificate: await sign(claims, current.signer), claims };
    },
    async rotate(next = {}) {
      retiredKeys = [current.published, ...retiredKeys];
      current = await loadKey(next);
      header = encodeHeader({ alg: 'EdDSA', typ: CERTIFICATE_TYP, kid: current.kid });
    },
    retire(kid) {
      retiredKeys = retiredKeys.filter((k) => k.kid !== kid);
    },
  };
}

/** A random serial, for issuers that do not number certificates themselves. */
export const newSerial = () => randomHex(8);
