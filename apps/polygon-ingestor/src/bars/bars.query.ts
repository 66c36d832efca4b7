import { OptionalQueryText, RefusalMessage } from '@mdi/platform';

/** GET /bars/:symbol: each parameter at most once, nothing else; the values are checked by the bars service with every reason. */
@RefusalMessage('invalid bars request')
export class BarsQueryParams {
  @OptionalQueryText() from?: string;
  @OptionalQueryText() to?: string;
  @OptionalQueryText() adjusted?: string;
}
