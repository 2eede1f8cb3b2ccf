// Back-pressure on appends: while more than `limit` acknowledged rows are not loaded, a call waits
// before it journals, in arrival order, so that senders who offer more than the load can take get
// slower acks instead of a growing load lag.
//
// A call is let in while backlog + admitted − progress ≤ limit, where
// - backlog: rows acknowledged and not loaded (the engine's count);
// - admitted: rows of calls let in and not yet committed by the journal (without them, every call
//   waiting when a load ends would be let in at once, well past the limit);
// - progress: how far the load running now is through its rows, by the time it is expected to take
//   (the recent load time per row). A load commits its rows all at once, ~200 ms apart at full rate;
//   counting only commits would let calls in in bursts, one after each commit, so that every other
//   burst waited for a whole load: in bench/ingest the ack p90 was twice the p50. With the estimate
//   calls go in one by one as the load advances. If the load runs late, at most its rows are let in
//   early: the backlog stays under limit plus one load.
/** Loads smaller than this are mostly fixed cost: neither estimated nor used to estimate. */
const MIN_ESTIMATED_ROWS = 1000;

export class Admission {
  private readonly queue: { rows: number; resolve: (admitted: boolean) => void }[] = [];
  private admitted = 0;
  private timer: NodeJS.Timeout | null = null;
  private load: { rows: number; startedAt: number; expectedMs: number } | null = null;
  /** Wall-clock ms per row of recent loads (starts at 5 µs/row, about this machine's full-rate figure). */
  private msPerRow = 0.005;
  private closed = false;
  /** Calls that had to wait. */
  waits = 0;

  constructor(
    private readonly limit: number,
    /** Rows acknowledged and not yet loaded. */
    private readonly backlog: () => number,
    /** Asks the loader to start a load now if none runs (a call waits because the load is behind). */
    private readonly startLoad: () => void,
  ) {}

  /**
   * True when a call of `rows` rows may journal them now (then call `leave`); otherwise a promise of
   * that answer once it may (true), or once closed (false). Synchronous when it need not wait, so that
   * a call made before close() reaches the journal before close() drains it.
   */
  enter(rows: number): boolean | Promise<boolean> {
    if (this.closed) return false;
    if (this.limit <= 0 || (this.queue.length === 0 && this.level() <= this.limit)) {
      this.admitted += rows;
      return true;
    }
    this.waits++;
    const admitted = new Promise<boolean>((resolve) => this.queue.push({ rows, resolve }));
    this.startLoad();
    this.pump();
    return admitted;
  }

  /** The call's journal append has settled: its rows are in the backlog now, or nowhere. */
  leave(rows: number): void {
    this.admitted -= rows;
    // Its rows were counted twice between their commit and now; a call waiting may fit.
    if (this.queue.length > 0) this.pump();
  }

  get waiting(): boolean {
    return this.queue.length > 0;
  }

  loadStarted(rows: number): void {
    this.load = rows >= MIN_ESTIMATED_ROWS ? { rows, startedAt: Date.now(), expectedMs: rows * this.msPerRow } : null;
    this.pump();
  }

  /** The load ended; `ms` is its duration when it succeeded (null if it failed). */
  loadEnded(rows: number, ms: number | null): void {
    if (ms !== null && rows >= MIN_ESTIMATED_ROWS) this.msPerRow = 0.8 * this.msPerRow + 0.2 * (ms / rows);
    this.load = null;
    this.pump();
  }

  /** Rows were loaded, or a load cycle ended: let in what now fits. */
  progress(): void {
    this.pump();
  }

  /** Lets every waiting call go (each learns it was not admitted) and admits none from now on. */
  close(): void {
    this.closed = true;
    this.pump();
  }

  private level(): number {
    let done = 0;
    if (this.load) done = this.load.rows * Math.min(1, (Date.now() - this.load.startedAt) / Math.max(1, this.load.expectedMs));
    return this.backlog() + this.admitted - done;
  }

  private pump(): void {
    while (this.queue.length > 0 && (this.closed || this.level() <= this.limit)) {
      const call = this.queue.shift()!;
      if (!this.closed) this.admitted += call.rows;
      call.resolve(!this.closed);
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0 || !this.load) return;
    // When the running load should have made room for the first waiting call; a commit or the end
    // of the load (progress, loadEnded) may come first.
    const remaining = this.load.startedAt + this.load.expectedMs - Date.now();
    if (remaining <= 0) return; // running late: all its rows count already
    const ms = Math.max(1, Math.min(remaining, (this.level() - this.limit) * this.msPerRow));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }
}
