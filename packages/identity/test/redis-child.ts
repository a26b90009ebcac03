/**
 * Another process of the fleet, for redis-replay-cache.test.ts: a verifier whose replay cache
 * is the same Redis, reached through ioredis. Reads `{ url, jwks, origin, nowMs, requests }`
 * (JSON) from argv[2], verifies each request and prints one JSON line: 'ok' or the error code.
 */
import { Redis } from 'ioredis';
import '../src/tweetnacl';
import { createVerifier, IdentityError, type IncomingRequest, type Jwks } from '../src/index';
import { RedisReplayCache } from '../src/redis';

const input = JSON.parse(process.argv[2]!) as {
  url: string;
  jwks: Jwks;
  origin: string;
  nowMs: number;
  requests: IncomingRequest[];
};
const redis = new Redis(input.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
await redis.connect();
const verifier = createVerifier({
  ca: input.jwks,
  origin: input.origin,
  now: () => input.nowMs,
  replayCache: new RedisReplayCache({ client: redis }),
});
const results: string[] = [];
for (const request of input.requests) {
  try {
    await verifier.verify(request);
    results.push('ok');
  } catch (error) {
    results.push(error instanceof IdentityError ? error.code : `not an IdentityError: ${error}`);
  }
}
redis.disconnect();
console.log(JSON.stringify(results));
