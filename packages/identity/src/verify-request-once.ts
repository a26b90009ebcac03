/**
 * `verifyRequest(request, options)`: verification in one call, for code that does not keep a
 * verifier around. The state a verifier holds is kept here on its behalf, so that one-call
 * use is as safe as a long-lived verifier (above all: a replay is still caught).
 */
import { MemoryReplayCache } from './replay-cache';
import {
  createVerifier,
  type IncomingRequest,
  type RequestVerifier,
  type VerifiedAgent,
  type VerifierOptions,
} from './verify-request';

const verifiers = new WeakMap<VerifierOptions, RequestVerifier>();
/**
 * One replay cache for every one-call verification in the process, whatever options object
 * or `now` function each call brings: the verifier passes its own time to each check, so
 * the cache needs no clock of its own (keying caches by clock let a rebuilt `() => t` open a
 * fresh, empty cache on every call).
 */
let shared: MemoryReplayCache | undefined;

/**
 * One-call verification. The verifier (with its certificate cache) is kept per options
 * object; without a `replayCache` every call shares one process-wide replay cache, so a
 * replay is caught even when the options (their `now` included) are rebuilt per call. A
 * server should prefer `createVerifier` once at start-up.
 */
export function verifyRequest(
  request: IncomingRequest,
  options: VerifierOptions,
): Promise<VerifiedAgent> {
  let verifier = verifiers.get(options);
  if (!verifier) {
    shared ??= new MemoryReplayCache();
    verifier = createVerifier({ ...options, replayCache: options.replayCache ?? shared });
    verifiers.set(options, verifier);
  }
  return verifier.verify(request);
}
