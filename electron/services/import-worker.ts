// The import's worker thread (bundled as dist/import-worker.cjs; see import-thread.ts): one import's
// ImportWriter on a connection of its own. Each message calls one writer method and is answered with
// its result or its error, in order.

import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from '../store/database';
import { ImportWriter, toWireError, type WorkerSetup, type WriterReply, type WriterRequest } from './import-writer';

const port = parentPort;
if (!port) throw new Error('import-worker runs as a worker thread');

const { target, roleIds } = workerData as WorkerSetup;
let writer: ImportWriter | undefined;
let openError: unknown;
try {
  writer = new ImportWriter(openConnection(target), roleIds, true);
} catch (error) {
  openError = error;
}

function run(method: WriterRequest['method'], args: unknown[]): unknown {
  if (!writer) {
    if (method === 'close') return undefined;
    throw openError;
  }
  return (writer[method] as (...values: unknown[]) => unknown).apply(writer, args);
}

port.on('message', ({ seq, method, args }: WriterRequest) => {
  let reply: WriterReply;
  try {
    reply = { seq, ok: true, result: run(method, args) };
  } catch (error) {
    reply = { seq, ok: false, error: toWireError(error) };
  }
  port.postMessage(reply);
  if (method === 'close') port.close();
});
