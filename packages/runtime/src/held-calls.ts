/**
 * Tool calls the control plane held for approval while this process waits on them, bounded
 * (past the bound a new hold is refused: fails closed). A resume does not need them: the
 * approval, its run, the input and the exactly-once claim are the control plane's
 * (resume.ts), so a restarted runtime resumes a call it never held. A decided call is taken out.
 */

export interface HeldCall {
  approvalId: string;
  /** The governed run the control plane holds. */
  runId: string;
  /** The tool's name. */
  tool: string;
  /** The agent that invoked the runtime when the call was held (null: unauthenticated). */
  callerId: string | null;
}

export class HeldCalls {
  readonly #calls = new Map<string, HeldCall>();
  readonly #max: number;

  /** @param max calls held at once; past it a new hold is refused (fails closed). */
  constructor(max = 10_000) {
    this.#max = max;
  }

  /** Remembers a held call; false when full (the call is then reported as an error). */
  hold(call: HeldCall): boolean {
    if (this.#calls.size >= this.#max) return false;
    this.#calls.set(call.approvalId, call);
    return true;
  }

  /** Takes the call out (so no concurrent resume runs it too); undefined when unknown. */
  take(approvalId: string): HeldCall | undefined {
    const call = this.#calls.get(approvalId);
    this.#calls.delete(approvalId);
    return call;
  }

  /** Puts back a call taken out too early (its approval is still pending). */
  restore(call: HeldCall): void {
    this.#calls.set(call.approvalId, call);
  }

  get size(): number {
    return this.#calls.size;
  }
}
