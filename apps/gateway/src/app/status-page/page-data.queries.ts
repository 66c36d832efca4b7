import { OptionalQueryText } from '@mdi/platform';

/**
 * The query of each page-data read: the parameters the owning service takes,
 * each at most once, nothing else. Their values are checked by the owning
 * service, whose 400 comes back unchanged.
 */
export class CoverageDataQuery {
  @OptionalQueryText() sessions?: string;
  @OptionalQueryText() to?: string;
}

export class BarsDataQuery {
  @OptionalQueryText() from?: string;
  @OptionalQueryText() to?: string;
  @OptionalQueryText() adjusted?: string;
}

export class FindingsDataQuery {
  @OptionalQueryText() symbol?: string;
}
