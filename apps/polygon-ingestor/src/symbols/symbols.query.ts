import { OptionalQueryText, RefusalMessage } from '@mdi/platform';

/** GET /symbols: `status` at most once, nothing else; its value is checked by the universe service. */
@RefusalMessage('invalid status filter')
export class SymbolsQuery {
  @OptionalQueryText() status?: string;
}
