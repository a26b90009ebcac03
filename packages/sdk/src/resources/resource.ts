import type { Caller } from '../internal/caller';

/** A group of operations of the contract; methods are one-liners over the caller. */
export abstract class APIResource {
  constructor(protected readonly caller: Caller) {}
}
