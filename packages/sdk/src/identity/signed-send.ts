/**
 * Sending a signed request. A proof is bound to one method, URL and body, and the headers
 * carrying it must never reach another origin, so signed requests go out with
 * `redirect: 'manual'` and their redirects are handled here:
 * - to the same origin: followed with a fresh proof for the new URL, the method and body
 *   changed as fetch changes them (301/302 after a POST and 303 become a GET without a body;
 *   307/308 keep both), at most MAX_REDIRECTS times;
 * - to another origin, past the limit, or unreadable (a browser's opaque redirect): returned
 *   unfollowed, as `redirect: 'manual'` returns it. SDK methods turn it into an APIError with
 *   the redirect's status; `agent.fetch` hands it back like any response.
 */

import type { SdkLogger } from '../core/logger';
import { mergeHeaders } from '../internal/headers';
import { Outgoing, type Send } from '../internal/outgoing';

export const MAX_REDIRECTS = 5;
const REDIRECTS = [301, 302, 303, 307, 308];

/** Sends `request` (already signed) and follows its same-origin redirects, re-signed. */
export async function sendSigned(
  request: Outgoing,
  sign: (request: Outgoing) => Outgoing | Promise<Outgoing>,
  send: Send,
  signal: AbortSignal | undefined,
  logger: SdkLogger,
): Promise<Response> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = await send(current, signal);
    const { status } = response;
    const location = REDIRECTS.includes(status) ? response.headers.get('location') : null;
    if (location === null || hop === MAX_REDIRECTS) return response;
    const next = new URL(location, current.url);
    if (next.origin !== new URL(current.url).origin) {
      logger.warn(`not following a signed request's redirect to ${next.origin}`);
      return response;
    }
    await response.body?.cancel();
    // 301/302 after a POST, and 303, turn into a GET without a body (and its content-type).
    const get =
      (status === 303 && current.method !== 'HEAD') || (status < 303 && current.method === 'POST');
    const headers = mergeHeaders(current.headers);
    if (get) headers.delete('content-type');
    // A copy of the bytes: a runtime may have transferred the buffer the last hop sent.
    const sent = current.body;
    const body = get || sent === null ? null : typeof sent === 'string' ? sent : sent.slice();
    current = await sign(new Outgoing(String(next), get ? 'GET' : current.method, headers, body));
  }
}
