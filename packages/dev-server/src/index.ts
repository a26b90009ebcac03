/**
 * @tollgate/dev-server: the reference Tollgate control plane, in memory, for development,
 * tests and demos. Never expose it beyond loopback.
 */

export type { Clock, Timers } from './clock';
export { costMicros, PRICES } from './llm/prices';
export type { UpstreamOptions } from './llm/upstream';
export { ALL_FAULTS, Chaos, type ChaosOptions, type Fault } from './middleware/chaos';
export type { DevServer, DevServerOptions } from './options';
export type { RedisStateOptions } from './redis/client';
export { startDevServer } from './server';
export { CATALOG } from './state/catalog';
export { canonicalJson, GENESIS } from './state/evidence';
