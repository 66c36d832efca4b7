/**
 * The export's worker thread (ExportEncoderThread): builds one file from the
 * chunks it is sent, posts it back when told the bars are complete (its
 * memory transferred, not copied) and ends, so every frame nodejs-polars
 * made for it is released with the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExportFileBuilder, type ExportSpec } from './export-encoding';
import type { ToEncoderThread } from './export-worker-thread';

const port = parentPort;
if (port === null) throw new Error('export-encoder.worker runs only as a worker thread');
const builder = new ExportFileBuilder(workerData as ExportSpec);
port.on('message', (message: ToEncoderThread) => {
  if (message.kind === 'chunk') return builder.add(message.part, message.chunk);
  const encoded = builder.finish();
  port.postMessage(encoded, [encoded.body.buffer as ArrayBuffer]);
  port.close();
});
