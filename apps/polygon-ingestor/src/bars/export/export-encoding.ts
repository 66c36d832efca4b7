// Types only from the libraries: the export's worker thread loads this module with nodejs-polars and nothing else.
import type { MarketDataSource } from '@mdi/domain';
import type { BarColumns } from '@mdi/storage';
import { EXPORT_FORMAT_SPECS } from './export-format';
import { barColumnsFrame, exportFrame } from './export-frame';
import type { ExportFormat } from './export-request';
import type { SplitFactorTable } from './split-factor-table';

/** Everything an export's file is made of, as plain data and typed arrays (it crosses to a worker thread). */
export interface ExportJob {
  readonly chunks: readonly BarColumns[];
  readonly source: MarketDataSource;
  readonly adjusted: boolean;
  readonly splitFactors: SplitFactorTable;
  readonly format: ExportFormat;
}

export interface EncodedExport {
  readonly body: Uint8Array;
  readonly rows: number;
}

/** The export's file: its frame (exportFrame) from the bars' columns, written in the job's format. */
export function encodeExport(job: ExportJob): EncodedExport {
  const frame = exportFrame(barColumnsFrame(job.chunks), job);
  const body = EXPORT_FORMAT_SPECS[job.format].encode(frame);
  return { body, rows: frame.height };
}
