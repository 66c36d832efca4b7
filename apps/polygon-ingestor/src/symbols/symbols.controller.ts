import { SYMBOL_STATUSES } from '@mdi/domain';
import { ApiError, ApiInternalToken } from '@mdi/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { NEW_SYMBOL_SCHEMA, SYMBOL_LIST_SCHEMA, SYMBOL_SCHEMA, TICKER } from '../core/api-schemas';
import { NewSymbolBody } from './new-symbol.body';
import { SymbolCommand } from './symbol-command.decorator';
import { SymbolUniverseService } from './symbol-universe.service';
import { SymbolsQuery } from './symbols.query';

@ApiTags('symbols')
@Controller('symbols')
export class SymbolsController {
  constructor(private readonly universe: SymbolUniverseService) {}

  @Get()
  @ApiOperation({ summary: 'The symbol universe' })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...SYMBOL_STATUSES] } })
  @ApiOkResponse({ description: 'the symbols, with their count', schema: SYMBOL_LIST_SCHEMA })
  @ApiError(400, 'an unknown status, `status` given twice, or an unknown parameter')
  async list(@Query() query: SymbolsQuery) {
    const symbols = await this.universe.list(query.status);
    return { count: symbols.length, symbols };
  }

  @Get(':symbol')
  @ApiOperation({ summary: 'One symbol of the universe' })
  @ApiParam({ name: 'symbol', schema: TICKER })
  @ApiOkResponse({ description: 'the symbol', schema: SYMBOL_SCHEMA })
  @ApiError(400, 'a malformed symbol')
  @ApiError(404, 'the symbol is not in the universe')
  get(@Param('symbol') symbol: string) {
    return this.universe.get(symbol);
  }

  @Post()
  @ApiOperation({ summary: 'Add a symbol Polygon knows, or reactivate a suspended or delisted one' })
  @ApiBody({ schema: NEW_SYMBOL_SCHEMA })
  @ApiCreatedResponse({ description: 'added', schema: SYMBOL_SCHEMA })
  @ApiOkResponse({
    description: 'already in the universe: reactivated (and its sector updated)',
    schema: SYMBOL_SCHEMA,
  })
  @ApiError(
    400,
    "every reason at once: malformed body or symbol, unknown field, a ticker not in Polygon's reference, or inactive at Polygon",
  )
  @ApiInternalToken()
  async add(@Body() body: NewSymbolBody, @Res({ passthrough: true }) response: Response) {
    const outcome = await this.universe.add({ ...body });
    response.status(outcome.created ? 201 : 200);
    return outcome.symbol;
  }

  @Delete(':symbol')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a symbol from the universe (its bars and ledger stay)' })
  @ApiNoContentResponse({ description: 'removed' })
  @SymbolCommand()
  async remove(@Param('symbol') symbol: string): Promise<void> {
    await this.universe.remove(symbol);
  }

  @Post(':symbol/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend a symbol: kept, but no call is made for it' })
  @ApiOkResponse({ description: 'the symbol, now suspended', schema: SYMBOL_SCHEMA })
  @SymbolCommand()
  suspend(@Param('symbol') symbol: string) {
    return this.universe.setStatus(symbol, 'suspended');
  }

  @Post(':symbol/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a symbol: it is fetched again' })
  @ApiOkResponse({ description: 'the symbol, now active', schema: SYMBOL_SCHEMA })
  @SymbolCommand()
  activate(@Param('symbol') symbol: string) {
    return this.universe.setStatus(symbol, 'active');
  }
}
