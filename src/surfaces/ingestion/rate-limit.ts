// Per-DCR throttling as Azure documents it (requests and data per minute per DCR, answered with 429
// and Retry-After). Each DCR has two token buckets that refill continuously at limit/60 per second
// up to one minute's worth: a steady sender at the limit is never throttled, a burst above it is.
// Data is charged after decompression, when its size is known; the bucket may go negative, and the
// DCR is throttled until it has refilled. A limit of 0 is no limit.

interface Bucket {
  tokens: number;
  at: number;
}

export type ThrottleVerdict = { ok: true } | { ok: false; limit: 'requests' | 'bytes'; retryAfterSeconds: number };

export class DcrRateLimiter {
  private readonly requests = new Map<string, Bucket>();
  private readonly bytes = new Map<string, Bucket>();

  constructor(
    private readonly requestsPerMinute: number,
    private readonly bytesPerMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private refill(map: Map<string, Bucket>, key: string, perMinute: number): Bucket {
    const t = this.now();
    let b = map.get(key);
    if (!b) {
      b = { tokens: perMinute, at: t };
      map.set(key, b);
      return b;
    }
    b.tokens = Math.min(perMinute, b.tokens + ((t - b.at) / 60_000) * perMinute);
    b.at = t;
    return b;
  }

  /** Admits one request for the DCR (consuming a request token), or says how long to wait. */
  admit(dcr: string): ThrottleVerdict {
    const r = this.requestsPerMinute > 0 ? this.refill(this.requests, dcr, this.requestsPerMinute) : null;
    if (r && r.tokens < 1) return { ok: false, limit: 'requests', retryAfterSeconds: ((1 - r.tokens) / this.requestsPerMinute) * 60 };
    if (this.bytesPerMinute > 0) {
      const b = this.refill(this.bytes, dcr, this.bytesPerMinute);
      if (b.tokens <= 0) return { ok: false, limit: 'bytes', retryAfterSeconds: ((1 - b.tokens) / this.bytesPerMinute) * 60 };
    }
    if (r) r.tokens -= 1;
    return { ok: true };
  }

  /** Charges decompressed bytes of an admitted request. */
  charge(dcr: string, n: number): void {
    if (this.bytesPerMinute > 0) this.refill(this.bytes, dcr, this.bytesPerMinute).tokens -= n;
  }

  /** Forgets a DCR (deleted). */
  forget(dcr: string): void {
    this.requests.delete(dcr);
    this.bytes.delete(dcr);
  }
}
