/**
 * What every SDK method returns: a promise of the parsed data that can also give the raw
 * Response and request id (`.withResponse()`), like openai-node's APIPromise.
 */
export interface WithResponse<T> {
  data: T;
  response: Response;
  /** The X-Request-Id of the response. */
  requestId: string | undefined;
}

export class APIPromise<T> implements PromiseLike<T> {
  constructor(protected readonly result: Promise<WithResponse<T>>) {
    // Callers who only use withResponse() must not see an unhandled rejection twice.
    result.catch(() => undefined);
  }

  /** The parsed data together with the raw Response and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.result;
  }

  // biome-ignore lint/suspicious/noThenProperty: this class is a promise on purpose
  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.result.then((r) => r.data).then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag]() {
    return 'APIPromise';
  }
}
