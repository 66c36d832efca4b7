// Types only from the libraries: the export's worker thread loads this module with nodejs-polars and nothing else.
import type { MarketDataSource } from '@mdi/domain';
import type { BarColumns } from '@mdi/storage';
import type { DataFrame } from 'nodejs-polars';
import { EXPORT_FORMAT_SPECS } from './export-format';
import { columnsFrame, concatCopyRows, exportFrame } from './export-frame';
import type { ExportFormat } from './export-request';
import type { SplitFactorTable } from './split-factor-table';

/** What an export's file is, besides its bars: plain data (it crosses to the worker thread). */
export interface ExportSpec {
  readonly source: MarketDataSource;
  readonly adjusted: boolean;
  readonly splitFactors: SplitFactorTable;
  readonly format: ExportFormat;
}

export interface EncodedExport {
  readonly body: Uint8Array;
  readonly rows: number;
}

/**
 * One export's file, made as its bars arrive: each chunk of a COPY part
 * becomes a polars frame when it is added (while the database sends the
 * next), and finish() puts the parts in order (part 0 first, as storage
 * orders them), makes the export frame (exportFrame) and writes it.
 */
export class ExportFileBuilder {
  private readonly parts: DataFrame[][] = [];

  constructor(private readonly spec: ExportSpec) {}

  add(part: number, chunk: BarColumns): void {
    (this.parts[part] ??= []).push(columnsFrame(chunk));
  }

  finish(): EncodedExport {
    const frame = exportFrame(concatCopyRows(this.parts.flat()), this.spec);
    return { body: EXPORT_FORMAT_SPECS[this.spec.format].encode(frame), rows: frame.height };
  }
}
