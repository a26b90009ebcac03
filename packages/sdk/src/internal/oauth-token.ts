/**
 * OAuth2 client-credentials tokens, fetched on first need and refreshed `margin` before they
 * expire — or at half their lifetime when that comes later, so that a token living less than
 * the margin is still reused instead of fetched again before every call. Single-flight:
 * however many calls find the token stale at once, one token request goes out and they all
 * wait for it.
 */
export interface IssuedToken {
  accessToken: string;
  /** Lifetime in seconds, as the token endpoint said. */
  expiresIn: number;
}

export class TokenManager {
  private current: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly requestToken: () => Promise<IssuedToken>,
    /** Refresh this many ms before expiry. */
    private readonly margin: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token valid for at least `margin` more ms (half its lifetime, when that is less). */
  get(): Promise<string> {
    const current = this.current;
    if (current && this.now() < current.refreshAt) {
      return Promise.resolve(current.token);
    }
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forgets `token` (the server refused it) so the next `get` fetches a new one. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const requestedAt = this.now();
    const { accessToken, expiresIn } = await this.requestToken();
    const lifetime = expiresIn * 1000;
    const margin = Math.min(this.margin, lifetime / 2);
    this.current = { token: accessToken, refreshAt: requestedAt + lifetime - margin };
    return accessToken;
  }
}
