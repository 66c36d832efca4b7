import { OptionalQueryText, RefusalMessage } from '@mdi/platform';

/** GET /bars/export and /bars/export/coverage: each parameter at most once, nothing else; the export service checks the values with every reason. */
@RefusalMessage('invalid export request')
export class BarsExportQueryParams {
  @OptionalQueryText() symbols?: string;
  @OptionalQueryText() from?: string;
  @OptionalQueryText() to?: string;
  @OptionalQueryText() adjusted?: string;
  @OptionalQueryText() source?: string;
  @OptionalQueryText() format?: string;
}
