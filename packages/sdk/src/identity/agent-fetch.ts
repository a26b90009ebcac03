/**
 * `agent.fetch`: a fetch that signs each request with the agent's certificate and a fresh
 * proof, for the control plane's origin only (any other is refused, so a proof never reaches
 * a third party, and a redirect to another origin is not followed: see signed-send.ts). After
 * a 401 certificate_revoked it renews the certificate once and retries once.
 */
import type { AgentCredential } from '../core/auth';
import { type Problem, TollgateError } from '../core/errors';
import { Outgoing } from '../core/outgoing';
import { CERTIFICATE_HEADER } from './lazy-crypto';

/** The shape of `fetch` that LLM clients and the Vercel AI SDK accept. */
export type AgentFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export function createAgentFetch(agent: AgentCredential, origin: string): AgentFetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const target = new URL(request.url).origin;
    if (target !== origin) {
      throw new TollgateError(`agent.fetch signs requests for ${origin} only, not ${target}`);
    }
    const outgoing = new Outgoing(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ? new Uint8Array(await request.arrayBuffer()) : null,
    });
    // LLM clients insist on an API key and send it as a bearer token: identity replaces it.
    outgoing.headers.delete('authorization');
    outgoing.headers.delete('x-api-key');
    // The caller's own signal: on Node 20 a Request's derived signal may stop following it.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const send = async () => agent.send(await agent.sign(outgoing), signal ?? undefined);
    const response = await send();
    if (response.status !== 401) return response;
    const failed = outgoing.headers.get(CERTIFICATE_HEADER) ?? undefined;
    const problem = (await response
      .clone()
      .json()
      .catch(() => undefined)) as Problem | undefined;
    return (await agent.refresh(problem, failed)) ? send() : response;
  };
}
