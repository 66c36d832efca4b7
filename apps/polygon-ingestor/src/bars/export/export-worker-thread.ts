import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { EncodedExport, ExportJob } from './export-encoding';
import { columnBuffers } from './owned-bar-columns';

/** The worker's script next to the service's bundle: webpack builds it as an entry of its own. */
const BUNDLED_SCRIPT = 'export-encoder.worker.js';
const SOURCE_SCRIPT = 'export-encoder.worker.ts';

/**
 * encodeExport in a worker thread of its own, which ends after the file. A
 * frame's memory belongs to nodejs-polars, and V8 does not know its size: in
 * this process it would come back only when V8 happened to collect the small
 * JS objects holding it, so exports in a row could hold several files' frames
 * at once. A thread's frames are all released when it ends, and the service's
 * event loop stays free (health checks, other requests) while the file is made.
 * The bars' columns move to the thread and the file moves back, neither copied.
 * Resolves once the thread has ended; rejects with the thread's error.
 */
export function encodeInWorker(job: ExportJob): Promise<EncodedExport> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ workerData: job, transferList: columnBuffers(job.chunks) });
    let encoded: EncodedExport | undefined;
    let failure: unknown;
    worker.once('message', (message: EncodedExport) => (encoded = message));
    worker.once('error', (error) => (failure = error));
    worker.once('exit', (code) => {
      if (encoded) resolve(encoded);
      else reject(failure ?? new Error(`the export's worker thread exited with code ${code} before sending its file`));
    });
  });
}

function startWorker(options: WorkerOptions): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, BUNDLED_SCRIPT), options);
  // Run from source (tests, tools under @swc-node/register): the thread compiles the worker's TypeScript with swc.
  holdSwcBinding();
  const script = JSON.stringify(join(__dirname, SOURCE_SCRIPT));
  return new Worker(`require('@swc-node/register'); require(${script});`, { ...options, eval: true });
}

/**
 * Loads @swc/core's native binding in this thread, where it stays: a thread
 * that loads the binding after another thread that had loaded it has ended
 * takes the process down (a segmentation fault), unless a living thread
 * still holds it. Only from source: the bundle's worker needs no compiler.
 */
function holdSwcBinding(): void {
  createRequire(__filename)('@swc/core');
}
