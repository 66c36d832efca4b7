import { ApiError, ApiInternalToken, TakesNoBody } from '@mdi/platform';
import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { TICKER } from '../core/api-schemas';

/**
 * A write on one symbol already in the universe, named in the path
 * (`:symbol`) and given no body: behind the internal token, documented with
 * its 400 and 404.
 */
export function SymbolCommand(): MethodDecorator {
  return applyDecorators(
    ApiParam({ name: 'symbol', schema: TICKER }),
    ApiError(400, 'a malformed symbol, or a body (this route takes none)'),
    ApiError(404, 'the symbol is not in the universe'),
    ApiInternalToken(),
    TakesNoBody(),
  );
}
