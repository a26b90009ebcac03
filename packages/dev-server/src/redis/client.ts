/**
 * The dev server's connection to Redis (ioredis), for the state a fleet of dev servers
 * shares: budgets and their reservations, proof ids, idempotency records. It fails fast — no
 * offline queue, no command resent after a lost connection, a timeout on every command — and
 * every failure becomes a typed 503 (`stateUnavailable`), never a request let through.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { stateUnavailable } from '../middleware/problem';

export interface RedisStateOptions {
  /** `redis://[user:password@]host:port[/db]`, as ioredis reads it. */
  url: string;
  /** Prepended to every key, so fleets (or tests) can share one Redis. @default 'tollgate:' */
  keyPrefix?: string;
  /** Milliseconds to wait for Redis before refusing the request with a 503. @default 1000 */
  timeoutMs?: number;
}

/** A Lua script and its SHA-1, for EVALSHA. */
export interface Script {
  lua: string;
  sha: string;
}

export const script = (lua: string): Script => ({
  lua,
  sha: createHash('sha1').update(lua).digest('hex'),
});

export interface SharedRedis {
  client: Redis;
  prefix: string;
  timeoutMs: number;
  /** Runs a script atomically (EVALSHA, EVAL when Redis lost it); failures are typed 503s. */
  run(s: Script, keys: string[], args: (string | number)[]): Promise<unknown>;
  /** Runs `fn`; a Redis failure becomes a typed 503 naming `what` was refused. */
  guard<T>(what: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Proof ids in the same Redis, through @tollgate/identity's RedisReplayCache (SET NX with the
 * proof's expiry): a proof id seen by one dev server is refused by all. Fails closed.
 */
export async function redisReplayCache(redis: SharedRedis, now: () => number) {
  const { RedisReplayCache } = await import('@tollgate/identity/redis');
  return new RedisReplayCache({
    client: redis.client,
    keyPrefix: `${redis.prefix}jti:`,
    timeoutMs: redis.timeoutMs,
    now,
  });
}

/** Connects (or throws, naming why): a dev server never starts on state it cannot reach. */
export async function connectRedis(
  options: RedisStateOptions,
  log: (message: string) => void,
): Promise<SharedRedis> {
  const { Redis } = await import('ioredis');
  const timeoutMs = options.timeoutMs ?? 1000;
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 2000),
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
  });
  let down = false;
  // Connection errors: said once per outage (the messages name no credentials).
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log(`Redis is unreachable (${error.message}): shared-state requests get 503 until it is back`);
  });
  client.on('ready', () => {
    if (down) log('Redis answers again');
    down = false;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot reach Redis: ${error instanceof Error ? error.message : error}`);
  }
  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch {
      // The client's message is not passed on: a command may carry a stored reply.
      throw stateUnavailable(`The shared state (Redis) did not answer: ${what} was refused.`);
    }
  };
  const evaluate = async (s: Script, keys: string[], args: (string | number)[]) => {
    try {
      return await client.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (error) {
      // A restarted Redis has forgotten its scripts: send this one whole, once.
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return await client.eval(s.lua, keys.length, ...keys, ...args);
    }
  };
  return {
    client,
    prefix: options.keyPrefix ?? 'tollgate:',
    timeoutMs,
    run: (s, keys, args) => guard('the operation', () => evaluate(s, keys, args)),
    guard,
    close: async () => {
      client.disconnect();
    },
  };
}
