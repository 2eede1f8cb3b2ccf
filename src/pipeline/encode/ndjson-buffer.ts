// Builds one table's NDJSON for a request directly in a Buffer, line by line. Writing each line as
// it is encoded costs about half of collecting the lines and joining them into a string that is
// then converted to a Buffer (two more copies of every byte), and no line string outlives its write.

const INITIAL = 64 * 1024;

export class NdjsonBuffer {
  private buf: Buffer;
  private used = 0;
  rows = 0;

  constructor(capacity = INITIAL) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  add(line: string): void {
    // A UTF-16 unit is at most 3 UTF-8 bytes: ensuring that much room means the write is never cut.
    const worst = line.length * 3 + 1;
    if (this.buf.length - this.used < worst) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + worst));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.used += this.buf.write(line, this.used);
    this.buf[this.used++] = 0x0a;
    this.rows++;
  }

  /** The NDJSON written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.used);
  }
}
