// The shutdown gate both ingestion paths share: once shutdown begins, new requests are refused
// (with the caller's own `shutting_down` error) while those in flight finish, and `drain` resolves
// when the last one has — so a graceful stop never cuts a commit in half.

export class RequestGate {
  private accepting = true;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Runs `body` as one request; `refuse` builds the error for a request that arrives during shutdown. */
  async run<T>(refuse: () => Error, body: () => Promise<T>): Promise<T> {
    if (!this.accepting) throw refuse();
    this.inFlight++;
    try {
      return await body();
    } finally {
      if (--this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Refuses new requests from now on; requests in flight complete. */
  beginShutdown(): void {
    this.accepting = false;
  }

  /** Resolves when no request is in flight. */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
