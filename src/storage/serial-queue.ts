// Runs async tasks one at a time, in submission order. Used where DuckDB needs one statement
// sequence at a time on a connection (a transaction spans several awaits) and where table DDL must
// not interleave with a load transaction touching the same table.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The chain continues whether or not the task failed; the failure is the caller's to handle.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every task submitted so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
