// Compiled streams, cached per (DCR immutable id, stream) and dropped when the workspace announces a
// change that could alter them: the DCR itself, or any table (a flow's output table gained a column,
// a standard table behind a Microsoft- stream changed). A failed compilation is cached too, so a
// broken DCR costs one compile attempt per change, not one per request.
import type { WorkspaceChange, WorkspaceService } from '../workspace/service.js';
import { compileStream, type CompiledStream, type StreamCompileContext } from './compile-stream.js';
import { IngestError } from './errors.js';
import type { TransformCompiler } from './transform.js';

type Entry = { ok: true; stream: CompiledStream } | { ok: false; error: IngestError };

export class CompiledStreamCache {
  private readonly byDcr = new Map<string, Map<string, Entry>>();
  private readonly ctx: StreamCompileContext;
  private readonly unsubscribe: () => void;

  constructor(private readonly ws: WorkspaceService, compileTransform?: TransformCompiler) {
    this.ctx = { getTable: (name) => ws.getTable(name), compileTransform };
    this.unsubscribe = ws.onChange((c) => this.onChange(c));
  }

  /**
   * The compiled stream, or throws IngestError (`unknown_dcr`, `unknown_stream`,
   * `transform_unavailable`).
   */
  get(dcrImmutableId: string, stream: string): CompiledStream {
    let perStream = this.byDcr.get(dcrImmutableId);
    let entry = perStream?.get(stream);
    if (!entry) {
      const dcr = this.ws.getDcrByImmutableId(dcrImmutableId);
      if (!dcr) throw unknownDcr(dcrImmutableId);
      try {
        entry = { ok: true, stream: compileStream(dcr, stream, this.ctx) };
      } catch (e) {
        if (!(e instanceof IngestError)) throw e;
        entry = { ok: false, error: e };
      }
      // Only streams the DCR knows are remembered, so requests naming random streams cannot grow the cache.
      if (entry.ok || entry.error.code !== 'unknown_stream') {
        if (!perStream) this.byDcr.set(dcrImmutableId, (perStream = new Map()));
        perStream.set(stream, entry);
      }
    }
    if (!entry.ok) throw entry.error;
    return entry.stream;
  }

  private onChange(c: WorkspaceChange): void {
    if (c.kind === 'dcr') this.byDcr.delete(c.immutableId);
    else if (c.kind === 'table') this.byDcr.clear();
  }

  close(): void {
    this.unsubscribe();
    this.byDcr.clear();
  }
}

export function unknownDcr(dcrImmutableId: string): IngestError {
  return new IngestError('unknown_dcr', `Data collection rule with immutable Id '${dcrImmutableId}' not found.`);
}
