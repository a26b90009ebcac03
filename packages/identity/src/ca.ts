/**
 * The certificate authority: issues agent certificates for the agent's own public key and
 * publishes its public keys as a JWKS. Rotation adds a key and keeps the old public ones
 * published (outstanding certificates still verify) until they are retired.
 */

import { type BackendName, backendFor } from './backend/select';
import type { Ed25519Backend } from './backend/types';
import { CERTIFICATE_TYP, type CertificateClaims } from './claims';
import { encodeHeader, importSigner, signCompact } from './jws';
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
  /** Key id of the signing key. @default the private JWK's kid, else `ca-` + random hex */
  kid?: string;
  /** The CA's private key (secret). @default a newly generated key */
  privateJwk?: PrivateJwk;
  /** `iss` of issued certificates. @default 'tollgate' */
  issuer?: string;
  /** `aud` of issued certificates: the receivers they are meant for. @default no `aud` */
  audience?: string[];
  /** Certificate lifetime in seconds. @default 3600 */
  lifetimeSeconds?: number;
  /** Current time in ms (tests). @default Date.now */
  now?: () => number;
  /** The Ed25519 backend to sign with. @default the process's (see README, "Backends") */
  backend?: BackendName;
}

/** The claims of a certificate to issue (the CA adds iss, iat, nbf, exp and cnf). */
export interface IssueOptions {
  /** `sub`: the agent id. */
  agentId: string;
  /** `run_id`: the run this certificate is for. */
  runId: string;
  /** `project`. @default 'default' */
  project?: string;
  /** `scope`, as an array of strings (never a space-separated string). @default [] */
  scope?: string[];
  /** `serial`: unique per certificate; what revocation names. @default 16 random hex digits */
  serial?: string;
  /** This certificate's lifetime in seconds. @default the CA's `lifetimeSeconds` */
  lifetimeSeconds?: number;
  /** `aud`: this certificate's receivers. @default the CA's `audience` */
  audience?: string[];
}

export interface IssuedCertificate {
  /** The certificate JWT, for the `X-Tollgate-Certificate` header. */
  certificate: string;
  /** Its claims, as signed. */
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

function checkIssue(o: IssueOptions, lifetime: number): void {
  const text = (v: unknown) => typeof v === 'string' && v !== '';
  if (!text(o.agentId) || !text(o.runId) || (o.project !== undefined && !text(o.project)))
    throw new TypeError('agentId, runId and project must be non-empty strings');
  if (o.serial !== undefined && !text(o.serial)) throw new TypeError('serial must be non-empty');
  if (
    o.scope !== undefined &&
    !(Array.isArray(o.scope) && o.scope.every((s) => typeof s === 'string'))
  )
    throw new TypeError('scope must be an array of strings');
  if (!(Number.isInteger(lifetime) && lifetime > 0))
    throw new RangeError('lifetimeSeconds must be a positive integer');
  if (o.audience !== undefined && !(Array.isArray(o.audience) && o.audience.every(text)))
    throw new TypeError('audience must be an array of non-empty strings');
}

const randomHex = (bytes: number) =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

async function loadKey(
  options: { kid?: string; privateJwk?: PrivateJwk },
  backend: Ed25519Backend,
) {
  const pair = options.privateJwk
    ? await importPrivateKey(options.privateJwk)
    : await generateKeyPair();
  const kid = options.kid ?? options.privateJwk?.kid ?? `ca-${randomHex(6)}`;
  const published: PublishedJwk = { ...pair.publicJwk, kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid,
    published,
    privateJwk: { ...pair.privateJwk, kid },
    signer: await importSigner(pair.privateJwk, backend),
    header: encodeHeader({ alg: 'EdDSA', typ: CERTIFICATE_TYP, kid }),
  };
}

export async function createCertificateAuthority(
  options: CertificateAuthorityOptions = {},
): Promise<CertificateAuthority> {
  const issuer = options.issuer ?? 'tollgate';
  const lifetime = options.lifetimeSeconds ?? 3600;
  const now = options.now ?? Date.now;
  const backend = await backendFor(options.backend);
  let current = await loadKey(options, backend);
  let retiredKeys: PublishedJwk[] = [];
  const published = () => [current.published, ...retiredKeys];

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
    jwks: () => ({ keys: published() }),
    async issueCertificate(agentPublicJwk, o) {
      checkIssue(o, o.lifetimeSeconds ?? lifetime);
      const jwk = importPublicKey(agentPublicJwk);
      // Key confusion at the source: a CA key never becomes an agent key.
      if (published().some((k) => k.x === jwk.x))
        throw new TypeError('refusing to certify a CA key as an agent key');
      const iat = Math.floor(now() / 1000);
      const audience = o.audience ?? options.audience ?? [];
      const claims: CertificateClaims = {
        iss: issuer,
        ...(audience.length > 0 && { aud: [...audience] }),
        sub: o.agentId,
        run_id: o.runId,
        project: o.project ?? 'default',
        scope: [...(o.scope ?? [])],
        serial: o.serial ?? randomHex(8),
        iat,
        nbf: iat,
        exp: iat + (o.lifetimeSeconds ?? lifetime),
        cnf: { jwk },
      };
      const { header, signer } = current;
      return { certificate: await signCompact(header, claims, signer), claims };
    },
    async rotate(next = {}) {
      const key = await loadKey(next, backend);
      if (published().some((k) => k.kid === key.kid))
        throw new TypeError(`kid ${key.kid} is already published`);
      retiredKeys = [current.published, ...retiredKeys];
      current = key;
    },
    retire(kid) {
      retiredKeys = retiredKeys.filter((k) => k.kid !== kid);
    },
  };
}

/** A random serial, for issuers that do not number certificates themselves. */
export const newSerial = () => randomHex(8);
