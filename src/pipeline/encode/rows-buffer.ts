// Builds one table's rows for a request directly in a Buffer, in the storage engine's array-elements
// form (row objects joined by `,\n`, no brackets: AppendBatch.jsonElements). Writing each row as it
// is encoded costs about half of collecting the rows and joining them into a string that is then
// converted to a Buffer (two more copies of every byte), and no row string outlives its write.

const INITIAL = 64 * 1024;

export class RowsBuffer {
  private buf: Buffer;
  private used = 0;
  rows = 0;

  constructor(capacity = INITIAL) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Appends one row: a JSON object's text, which (as JSON.stringify writes it) has no line break. */
  add(row: string): void {
    // A UTF-16 unit is at most 3 UTF-8 bytes: ensuring that much room means the write is never cut.
    const worst = row.length * 3 + 2;
    if (this.buf.length - this.used < worst) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + worst));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    if (this.rows > 0) {
      this.buf[this.used++] = 0x2c;
      this.buf[this.used++] = 0x0a;
    }
    this.used += this.buf.write(row, this.used);
    this.rows++;
  }

  /** The rows written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.used);
  }
}
