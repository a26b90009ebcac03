/**
 * @tollgate/dev-server: the reference Tollgate control plane, in memory, for development,
 * tests and demos. Never expose it beyond loopback.
 */

export { ALL_FAULTS, type ChaosOptions, type Fault } from './chaos';
export { canonicalJson, GENESIS } from './evidence';
export { costMicros, PRICES } from './fake-llm';
export { type DevServer, type DevServerOptions, startDevServer } from './server';
export type { UpstreamOptions } from './upstream';
