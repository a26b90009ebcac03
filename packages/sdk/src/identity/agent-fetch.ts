/**
 * `agent.fetch`: a fetch that signs each request with the agent's certificate and a fresh
 * proof, for the control plane's origin only (any other is refused, so a proof never reaches
 * a third party, and a redirect to another origin is not followed: see signed-send.ts).
 *
 * It is the SDK's one pipeline entered with a request it was handed: the client's per-attempt
 * and total timeouts, retry budget, debug log, version check and redaction, and the agent
 * authorizer (a fresh proof per attempt; after a 401 certificate_revoked the certificate is
 * renewed once and the request sent once more). Every answer comes back as a Response, body
 * unread (LLM streams pass through); only a failure to get one throws a typed error.
 * Proxied LLM calls are not retried unless repeating them is safe: a safe method, or an
 * `Idempotency-Key` on the request.
 */

import { TollgateError } from '../core/errors';
import { type AgentCredential, agentAuthorizer } from '../internal/auth';
import { type Caller, SAFE_METHODS } from '../internal/caller';
import { mergeHeaders } from '../internal/headers';
import { Outgoing } from '../internal/outgoing';

/** The shape of `fetch` that LLM clients and the Vercel AI SDK accept. */
export type AgentFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export function createAgentFetch(caller: Caller, agent: AgentCredential): AgentFetch {
  const origin = new URL(caller.options.baseUrl).origin;
  return async (input, init) => {
    const made = outgoingOf(input, init);
    const request = made instanceof Outgoing ? made : await made;
    if (!request.url.startsWith(`${origin}/`)) {
      const target = new URL(request.url).origin;
      if (target !== origin) {
        throw new TollgateError(`agent.fetch signs requests for ${origin} only, not ${target}`);
      }
    }
    // LLM clients insist on an API key and send it as a bearer token: identity replaces it.
    request.headers.delete('authorization');
    request.headers.delete('x-api-key');
    const safeToRepeat = SAFE_METHODS.has(request.method) || request.headers.has('idempotency-key');
    // The caller's own signal: on Node 20 a Request's derived signal may stop following it.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const { response } = await caller.send(request, agentAuthorizer(agent), {
      signal: signal ?? undefined,
      safeToRepeat,
      ...(safeToRepeat ? {} : { maxRetries: 0 }),
      mode: 'raw',
    });
    return response;
  };
}

/** fetch's arguments as plain data, the body read into bytes once (it is signed). */
function outgoingOf(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Outgoing | Promise<Outgoing> {
  if (!(input instanceof Request)) return Outgoing.from(String(input), init);
  const request = new Request(input, init);
  const headers = mergeHeaders(request.headers);
  const made = (body: Uint8Array<ArrayBuffer> | null) =>
    new Outgoing(request.url, request.method, headers, body);
  if (!request.body) return made(null);
  return request.arrayBuffer().then((bytes) => made(new Uint8Array(bytes)));
}
