import { OptionalQueryText } from '@mdi/platform';

/** GET /analytics/:symbol/indicators: each parameter at most once, nothing else. */
export class IndicatorsQuery {
  @OptionalQueryText() from?: string;
  @OptionalQueryText() to?: string;
  @OptionalQueryText() indicators?: string;
}
