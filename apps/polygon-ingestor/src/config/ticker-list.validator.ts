import { isUsEquitySymbol } from '@mdi/domain';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** 1-based positions and text of the entries that are not US equity tickers. */
function badEntries(value: unknown): string[] {
  if (!Array.isArray(value)) return [`must be a comma-separated list of tickers such as AAPL,BRK.B`];
  return value.flatMap((entry, index) =>
    isUsEquitySymbol(entry)
      ? []
      : [
          `entry ${index + 1} ${JSON.stringify(entry)} is not a US equity ticker (1-6 capital letters, optionally .CLASS of 1-2, such as AAPL or BRK.B)`,
        ],
  );
}

/**
 * A comma-separated ticker list (after EnvList). The error names each bad
 * entry by position and text instead of repeating the whole list, so the
 * configuration error says `quotesValue` and the loader adds no "(got ...)".
 */
export function IsTickerList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTickerList',
      validator: {
        validate: (value: unknown) => badEntries(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => badEntries(args?.value).join('; '),
      },
    },
    { ...options, context: { quotesValue: true } },
  );
}
