// Runs async mutations one at a time, in call order, so that read-check-write sequences of the
// control plane (name uniqueness, reference checks) never interleave.
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(() => fn());
    this.tail = next.catch(() => undefined);
    return next;
  }
}
