import { OptionalQueryText, RefusalMessage } from '@mdi/platform';

/** GET /coverage: each parameter at most once, nothing else; the values are checked by the coverage service with every reason. */
@RefusalMessage('invalid coverage request')
export class CoverageQueryParams {
  @OptionalQueryText() sessions?: string;
  @OptionalQueryText() to?: string;
}
