/**
 * The export's worker thread (encodeInWorker): encodes the job it is given,
 * posts the file back (its memory transferred, not copied) and ends, so every
 * frame nodejs-polars made for it is released with the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeExport, type ExportJob } from './export-encoding';

const encoded = encodeExport(workerData as ExportJob);
parentPort?.postMessage(encoded, [encoded.body.buffer as ArrayBuffer]);
