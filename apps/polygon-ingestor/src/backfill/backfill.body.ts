import { describeValue } from '@mdi/domain';
import { RefusalMessage } from '@mdi/platform';
import { ArrayNotEmpty, IsArray, IsOptional, IsString, type ValidationArguments } from 'class-validator';

const SYMBOL_LIST = (args: ValidationArguments) =>
  `symbols must be a non-empty list such as ["AAPL","MSFT"], got ${describeValue(args.value)}`;
const DATE_TEXT = (args: ValidationArguments) =>
  `${args.property} must be a YYYY-MM-DD date, got ${describeValue(args.value)}`;

/**
 * POST /backfill: every field optional (every active symbol, the whole window
 * Polygon serves). `symbols` is a JSON list: `"AAPL"` as text is refused, never
 * read as one symbol. Symbol and date rules, and the window, are checked by
 * the planner with every reason.
 */
@RefusalMessage('invalid backfill request')
export class BackfillBody {
  @IsOptional()
  @IsArray({ message: SYMBOL_LIST })
  @ArrayNotEmpty({ message: SYMBOL_LIST })
  symbols?: unknown[];

  @IsOptional() @IsString({ message: DATE_TEXT }) from?: string;
  @IsOptional() @IsString({ message: DATE_TEXT }) to?: string;
}
