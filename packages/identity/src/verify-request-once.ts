/**
 * `verifyRequest(request, options)`: verification in one call, for code that does not keep a
 * verifier around. The state a verifier holds is kept here on its behalf, so that one-call
 * use is as safe as a long-lived verifier (above all: a replay is still caught).
 */
import { MemoryReplayCache, type ReplayCache } from './replay-cache';
import {
  createVerifier,
  type IncomingRequest,
  type RequestVerifier,
  type VerifiedAgent,
  type VerifierOptions,
} from './verify-request';

const verifiers = new WeakMap<VerifierOptions, RequestVerifier>();
const sharedCaches = new Map<(() => number) | undefined, ReplayCache>();

/** One replay cache per clock (tests inject clocks) for all one-call verifications. */
function sharedReplayCache(now: (() => number) | undefined): ReplayCache {
  let cache = sharedCaches.get(now);
  if (!cache) {
    cache = new MemoryReplayCache({ now });
    if (sharedCaches.size >= 16) sharedCaches.delete(sharedCaches.keys().next().value);
    sharedCaches.set(now, cache);
  }
  return cache;
}

/**
 * One-call verification. The verifier (with its certificate cache) is kept per options
 * object; without a `replayCache` every call shares one process-wide replay cache, so a
 * replay is caught even when the options are rebuilt per call. A server should prefer
 * `createVerifier` once at start-up.
 */
export function verifyRequest(
  request: IncomingRequest,
  options: VerifierOptions,
): Promise<VerifiedAgent> {
  let verifier = verifiers.get(options);
  if (!verifier) {
    const replayCache = options.replayCache ?? sharedReplayCache(options.now);
    verifier = createVerifier({ ...options, replayCache });
    verifiers.set(options, verifier);
  }
  return verifier.verify(request);
}
