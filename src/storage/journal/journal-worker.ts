// Worker-thread entry of the journal: runs a SegmentWriter (synchronous file I/O) on its own thread,
// so that fsyncs never queue behind DuckDB statements in libuv's thread pool. One request at a time
// arrives from journal.ts; each gets one reply.
import { parentPort, workerData } from 'node:worker_threads';
import { SegmentWriter, type GroupTable } from './segment-writer.js';

export type WorkerRequest =
  | { id: number; op: 'commit'; commit: number; tables: GroupTable[] }
  | { id: number; op: 'seal' }
  | { id: number; op: 'discard'; paths: string[] }
  | { id: number; op: 'close' };

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; code?: string };

const { dir, firstSeq } = workerData as { dir: string; firstSeq: number };
const writer = new SegmentWriter(dir, firstSeq);
const port = parentPort!;

port.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    let result: unknown = null;
    switch (req.op) {
      case 'commit':
        writer.commit(req.commit, req.tables);
        break;
      case 'seal':
        result = writer.seal();
        break;
      case 'discard':
        writer.discard(req.paths);
        break;
      case 'close':
        writer.close();
        break;
    }
    reply = { id: req.id, ok: true, result };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    reply = { id: req.id, ok: false, error: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}) };
  }
  port.postMessage(reply);
  if (req.op === 'close') port.close();
});
