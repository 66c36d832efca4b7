import { describeValue, symbolProblem } from '@mdi/domain';
import { Rule, RefusalMessage } from '@mdi/platform';
import { IsOptional } from 'class-validator';

/** POST /symbols: `{symbol, sector?}` and nothing else, refused with the domain's reasons. */
@RefusalMessage('invalid symbol', { example: '{"symbol":"AAPL"}' })
export class NewSymbolBody {
  @Rule((value) => symbolProblem(value))
  symbol!: string;

  @IsOptional()
  @Rule((value) =>
    typeof value === 'string' && value.length <= 100
      ? null
      : `sector must be text of at most 100 characters, got ${describeValue(value)}`,
  )
  sector?: string | null;
}
