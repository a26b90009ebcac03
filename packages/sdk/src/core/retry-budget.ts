/**
 * A client-wide token bucket that stops retry storms: every retry spends a token, every
 * success earns part of one back. When the control plane fails most requests, retries stop
 * after `capacity` of them instead of multiplying the load; at ordinary fault rates (say one
 * request in five) successes refill the bucket faster than retries drain it.
 */
export interface RetryBudgetOptions {
  /** Tokens the bucket holds when full. @default 50 */
  capacity?: number;
  /** Tokens a success earns back. @default 0.5 */
  refillPerSuccess?: number;
}

export class RetryBudget {
  private tokens: number;
  private readonly capacity: number;
  private readonly refill: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 50;
    this.refill = options.refillPerSuccess ?? 0.5;
    this.tokens = this.capacity;
  }

  /** Spends one token for a retry; false when the budget is exhausted. */
  tryAcquire(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  recordSuccess(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.refill);
  }

  get available(): number {
    return this.tokens;
  }
}
