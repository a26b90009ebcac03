import { createCertificateAuthority, createRequestSigner, generateKeyPair } from '../src/index';

export const ORIGIN = 'https://cp.example.test';

/** A CA, an agent key pair with its certificate, and a signer for that agent. */
export async function setup(options: { now?: () => number; lifetimeSeconds?: number } = {}) {
  const ca = await createCertificateAuthority({ kid: 'ca-1', issuer: 'tollgate-test', ...options });
  const agent = await generateKeyPair();
  const { certificate, claims } = await ca.issueCertificate(agent.publicJwk, {
    agentId: 'research-v1',
    runId: 'run_1',
    project: 'default',
    scope: ['llm:call'],
  });
  const signer = await createRequestSigner(agent.privateJwk, certificate, { now: options.now });
  return { ca, agent, certificate, claims, signer };
}

export const hex = (s: string) =>
  Uint8Array.from(s.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
export const toHex = (b: Uint8Array) =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
