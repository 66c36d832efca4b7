import type { BarColumns } from '@mdi/storage';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EncodedExport, ExportSpec } from './export-encoding';
import { columnBuffers } from './owned-bar-columns';

/** What the worker thread is sent: each chunk of bars (with its COPY part), then the end. */
export type ToEncoderThread =
  { readonly kind: 'chunk'; readonly part: number; readonly chunk: BarColumns } | { readonly kind: 'end' };

/** The worker's script next to the service's bundle: webpack builds it as an entry of its own. */
const BUNDLED_SCRIPT = 'export-encoder.worker.js';
const SOURCE_SCRIPT = 'export-encoder.worker.ts';

/**
 * One export's file made in a worker thread of its own (export-encoder.worker),
 * which ends after the file. A frame's memory belongs to nodejs-polars, and
 * V8 does not know its size: in this process it would come back only when V8
 * happened to collect the small JS objects holding it, so exports in a row
 * could hold several files' frames at once. A thread's frames are all
 * released when it ends, and the service's event loop stays free (health
 * checks, other requests) while the file is made. Chunks go to the thread as
 * they are decoded, so polars works while the database sends the rest; their
 * arrays move there, and the file moves back, neither copied.
 */
export class ExportEncoderThread {
  private readonly ended: Promise<EncodedExport>;

  private constructor(private readonly worker: Worker) {
    this.ended = new Promise((resolve, reject) => {
      let encoded: EncodedExport | undefined;
      let failure: unknown;
      worker.once('message', (message: EncodedExport) => (encoded = message));
      worker.once('error', (error) => (failure = error));
      worker.once('exit', (code) => {
        if (encoded) resolve(encoded);
        else
          reject(failure ?? new Error(`the export's worker thread exited with code ${code} before sending its file`));
      });
    });
    // A thread that fails while chunks are still being sent is reported by finish(), not as an unhandled rejection.
    this.ended.catch(() => undefined);
  }

  static start(spec: ExportSpec): ExportEncoderThread {
    return new ExportEncoderThread(startWorker(spec));
  }

  /** Hands a chunk over: its arrays (each on a buffer of its own, see collectBarColumns) are unusable here afterwards. */
  add(part: number, chunk: BarColumns): void {
    const message: ToEncoderThread = { kind: 'chunk', part, chunk };
    this.worker.postMessage(message, columnBuffers([chunk]));
  }

  /** The file of every chunk added; resolves once the thread has ended, rejects with its error. */
  finish(): Promise<EncodedExport> {
    const message: ToEncoderThread = { kind: 'end' };
    this.worker.postMessage(message);
    return this.ended;
  }

  /** Stops the thread without a file (the bars could not be read); resolves once it has ended. */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}

function startWorker(spec: ExportSpec): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, BUNDLED_SCRIPT), { workerData: spec });
  // Run from source (tests, tools under @swc-node/register): the thread compiles the worker's TypeScript with swc.
  holdSwcBinding();
  const script = JSON.stringify(join(__dirname, SOURCE_SCRIPT));
  return new Worker(`require('@swc-node/register'); require(${script});`, { eval: true, workerData: spec });
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
