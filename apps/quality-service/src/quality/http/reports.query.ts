import { OptionalQueryText } from '@mdi/platform';

/** GET /reports: each parameter at most once, nothing else; the values are parsed by the controller with their own reasons. */
export class ReportsQuery {
  @OptionalQueryText() from?: string;
  @OptionalQueryText() to?: string;
  @OptionalQueryText() symbol?: string;
  @OptionalQueryText() limit?: string;
}
