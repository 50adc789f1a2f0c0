// Where the import's ImportWriter runs. For a database file: on a worker thread with a connection of
// its own (import-worker.ts), so that SQLite stages rows while the main thread parses the next ones,
// and the event loop stays free while the snapshot is written. For an in-memory database, which has
// no second connection: in-process, on the caller's connection (each call runs at once; the write is
// one synchronous call, so no other caller of that connection runs inside its transaction).
//
// The worker script is dist/import-worker.cjs, built by scripts/build.mjs beside the bundles that
// import it (dist/cli.cjs, dist/serve.cjs, dist/bench.cjs; dist/electron/main.cjs finds it one folder
// up). Run from TypeScript source (vitest), there is no bundle: import-worker.ts is bundled in memory
// with esbuild (a dev dependency) once per process and run from that code.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { secondConnectionTarget, type Database } from '../store/database';
import { fromWireError, ImportWriter, type WorkerSetup, type WriterMethod, type WriterReply, type WriterRequest } from './import-writer';

type Args<M extends WriterMethod> = Parameters<ImportWriter[M]>;
type Result<M extends WriterMethod> = ReturnType<ImportWriter[M]>;

export interface WriterHandle {
  /** Where the writer runs. */
  readonly thread: 'worker' | 'in-process';
  /** Calls a method of the writer; calls run one after another in the order they were made. */
  call<M extends WriterMethod>(method: M, ...args: Args<M>): Promise<Result<M>>;
  /** Calls made and not yet answered (always 0 in-process, where calls are answered at once). */
  readonly pending: number;
  /** Resolves once at most `max` calls are pending. */
  settle(max: number): Promise<void>;
  /** Closes the writer (dropping the staged rows, and its connection if it has one of its own) and its thread. */
  close(): Promise<void>;
}

/** Starts the writer for one import into `db`. */
export function openWriter(db: Database, roleIds: string[]): WriterHandle {
  const target = secondConnectionTarget(db);
  if (!target) return inProcess(new ImportWriter(db, roleIds, false));
  const setup: WorkerSetup = { target, roleIds };
  const script = workerScript();
  const worker =
    'file' in script ? new Worker(script.file, { workerData: setup }) : new Worker(script.code, { eval: true, workerData: setup });
  return onWorker(worker);
}

function inProcess(writer: ImportWriter): WriterHandle {
  return {
    thread: 'in-process',
    call(method, ...args) {
      try {
        const run = writer[method] as (...values: unknown[]) => never;
        return Promise.resolve(run.apply(writer, args));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    pending: 0,
    settle: () => Promise.resolve(),
    close: async () => writer.close(),
  };
}

function onWorker(worker: Worker): WriterHandle {
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  const settled: { max: number; resolve(): void }[] = [];
  let seq = 0;
  let dead: Error | undefined;

  const answered = () => {
    for (let i = settled.length - 1; i >= 0; i--) {
      if (waiting.size <= settled[i].max) settled.splice(i, 1)[0].resolve();
    }
  };
  const fail = (error: Error) => {
    dead ??= error;
    for (const { reject } of waiting.values()) reject(dead);
    waiting.clear();
    answered();
  };
  worker.on('message', (reply: WriterReply) => {
    const call = waiting.get(reply.seq);
    if (!call) return;
    waiting.delete(reply.seq);
    if (reply.ok) call.resolve(reply.result);
    else call.reject(fromWireError(reply.error));
    answered();
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`the import's writer thread stopped (exit code ${code})`)));

  const handle: WriterHandle = {
    thread: 'worker',
    call<M extends WriterMethod>(method: M, ...args: Args<M>): Promise<Result<M>> {
      if (dead) return Promise.reject(dead);
      const request: WriterRequest = { seq: ++seq, method, args };
      // Row batches move to the worker rather than being copied.
      const transfer = args.filter((a): a is Int32Array => a instanceof Int32Array).map((a) => a.buffer as ArrayBuffer);
      return new Promise<Result<M>>((resolve, reject) => {
        waiting.set(request.seq, { resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage(request, transfer);
      });
    },
    get pending() {
      return waiting.size;
    },
    settle(max) {
      if (waiting.size <= max) return Promise.resolve();
      return new Promise((resolve) => settled.push({ max, resolve }));
    },
    async close() {
      try {
        if (!dead) await handle.call('close');
      } finally {
        await worker.terminate();
      }
    },
  };
  return handle;
}

let sourceBuild: string | undefined;

/** The worker script: the bundled file, or (from TypeScript source) import-worker.ts bundled in memory. */
function workerScript(): { file: string } | { code: string } {
  for (const dir of [__dirname, path.dirname(__dirname)]) {
    const file = path.join(dir, 'import-worker.cjs');
    if (fs.existsSync(file)) return { file };
  }
  const entry = path.join(__dirname, 'import-worker.ts');
  if (!fs.existsSync(entry)) throw new Error(`the import's worker script is missing: no import-worker.cjs beside ${__dirname}`);
  if (sourceBuild === undefined) {
    const requireHere = createRequire(entry);
    const esbuild = requireHere('esbuild') as typeof import('esbuild');
    const built = esbuild.buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3'],
      write: false,
      logLevel: 'silent',
    });
    // Code run with `eval` would resolve require() from the working directory; resolve from here instead.
    sourceBuild = `(function (require) {\n${built.outputFiles[0].text}\n})(require('node:module').createRequire(${JSON.stringify(entry)}));`;
  }
  return { code: sourceBuild };
}
