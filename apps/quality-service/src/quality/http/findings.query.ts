import { OptionalQueryText } from '@mdi/platform';

/** GET /findings: each parameter at most once, nothing else; the values are parsed by the controller with their own reasons. */
export class FindingsQuery {
  @OptionalQueryText() status?: string;
  @OptionalQueryText() symbol?: string;
  @OptionalQueryText() limit?: string;
}
