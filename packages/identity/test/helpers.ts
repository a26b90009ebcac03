import {
  CERTIFICATE_HEADER,
  createCertificateAuthority,
  createRequestSigner,
  createVerifier,
  generateKeyPair,
  type IncomingRequest,
  PROOF_HEADER,
  type VerifierOptions,
  verifyCertificate,
  verifyIssuedCertificate,
} from '../src/index';
import { signJws } from '../src/testing';

export const ORIGIN = 'https://cp.example.test';
export const PATH = '/v1/proxy/openai/v1/chat/completions?trace=1';
export const URL_ = `${ORIGIN}${PATH}`;
export const BODY = '{"model":"gpt-4o-mini","messages":[]}';

/**
 * The time every test runs at unless it moves its own clock: tests pass clocks to the code
 * (`now` options), never read the wall clock, so none depends on how fast the machine is.
 */
export const T0 = Date.parse('2026-11-22T12:00:00Z');
export const clock = () => T0;
export const nowSeconds = () => Math.floor(T0 / 1000);

/** A CA, an agent key pair with its certificate, a signer for it and a verifier (at `T0`). */
export async function setup(
  options: {
    now?: () => number;
    lifetimeSeconds?: number;
    verifier?: Partial<VerifierOptions>;
  } = {},
) {
  const { now = clock, lifetimeSeconds } = options;
  const ca = await createCertificateAuthority({
    kid: 'ca-1',
    issuer: 'tollgate-test',
    now,
    lifetimeSeconds,
  });
  const agent = await generateKeyPair();
  const { certificate, claims } = await ca.issueCertificate(agent.publicJwk, {
    agentId: 'research-v1',
    runId: 'run_1',
    project: 'default',
    scope: ['llm:call'],
  });
  const signer = await createRequestSigner(agent.privateJwk, certificate, { now });
  const verifier = createVerifier({ ca: ca.jwks(), origin: ORIGIN, now, ...options.verifier });
  /** A correctly signed request as the server sees it (origin-form target). */
  const request = async (overrides: Partial<IncomingRequest> = {}): Promise<IncomingRequest> => {
    const headers = await signer.headers({ method: 'POST', url: URL_, body: BODY });
    return { method: 'POST', url: PATH, body: BODY, headers, ...overrides };
  };
  /** A request carrying this certificate and the given proof. */
  const withProof = (proof: string, overrides: Partial<IncomingRequest> = {}): IncomingRequest => ({
    method: 'POST',
    url: PATH,
    body: BODY,
    headers: { [CERTIFICATE_HEADER]: certificate, [PROOF_HEADER]: proof },
    ...overrides,
  });
  return { ca, agent, certificate, claims, signer, verifier, request, withProof };
}

/** A JWS with any header and claims, signed by any key: for forging bad tokens. */
export const forge = signJws;

/** The error code a promise rejects with, or 'ok'. */
export const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string; message?: string }) => e.code ?? `not an IdentityError: ${e.message}`,
  );

export const hex = (s: string) =>
  Uint8Array.from(s.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
export const toHex = (b: Uint8Array) =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

type VerifyCertificate = typeof verifyCertificate;
/** A certificate check at `T0` unless the test passes its own `now`. */
const atT0 =
  (verify: VerifyCertificate): VerifyCertificate =>
  (certificate, ca, options) =>
    verify(certificate, ca, { now: clock, ...options });

/** The receivers' jose path and the agent side's backend-only path: the same rules hold for both. */
export const CERTIFICATE_PATHS = [
  ['verifyCertificate (jose)', atT0(verifyCertificate)],
  ['verifyIssuedCertificate (backend only)', atT0(verifyIssuedCertificate)],
] as const;
