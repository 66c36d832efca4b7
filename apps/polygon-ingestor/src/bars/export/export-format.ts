import type { DataFrame } from 'nodejs-polars';
import type { ExportFormat } from './export-request';

interface FormatSpec {
  readonly contentType: string;
  readonly extension: string;
  readonly encode: (frame: DataFrame) => Buffer;
}

/**
 * How each format is written, all by nodejs-polars into memory (its writers
 * return a Buffer when given no destination). Parquet with snappy, the codec
 * every reader has (pandas/pyarrow, polars, DuckDB); Arrow as the IPC file
 * format, uncompressed, which pyarrow, polars and DuckDB read as is; CSV with a
 * header, dates as YYYY-MM-DD and timestamps as ISO 8601 with offset.
 */
export const EXPORT_FORMAT_SPECS: Readonly<Record<ExportFormat, FormatSpec>> = {
  parquet: {
    contentType: 'application/vnd.apache.parquet',
    extension: 'parquet',
    encode: (frame) => frame.writeParquet({ compression: 'snappy' }),
  },
  arrow: {
    contentType: 'application/vnd.apache.arrow.file',
    extension: 'arrow',
    encode: (frame) => frame.writeIPC({ compression: 'uncompressed' }),
  },
  csv: {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    encode: (frame) => frame.writeCSV({ includeHeader: true }),
  },
};
