/**
 * The server's notion of now, in milliseconds since the epoch. Every expiry (tokens, keys,
 * certificates, proofs, idempotency records, approvals, links, trigger tolerance) reads it,
 * so a test can move time instead of sleeping.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Unix seconds of a clock. */
export const unixSeconds = (clock: Clock) => Math.floor(clock() / 1000);
