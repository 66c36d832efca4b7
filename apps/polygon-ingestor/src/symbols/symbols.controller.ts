import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SymbolUniverseService } from './symbol-universe.service';

@Controller('symbols')
export class SymbolsController {
  constructor(private readonly universe: SymbolUniverseService) {}

  @Get()
  async list(@Query('status') status?: string) {
    const symbols = await this.universe.list(status);
    return { count: symbols.length, symbols };
  }

  @Get(':symbol')
  get(@Param('symbol') symbol: string) {
    return this.universe.get(symbol);
  }

  @Post()
  async add(@Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    const outcome = await this.universe.add(body);
    response.status(outcome.created ? 201 : 200);
    return outcome.symbol;
  }

  @Delete(':symbol')
  @HttpCode(204)
  async remove(@Param('symbol') symbol: string): Promise<void> {
    await this.universe.remove(symbol);
  }

  @Post(':symbol/suspend')
  @HttpCode(200)
  suspend(@Param('symbol') symbol: string) {
    return this.universe.setStatus(symbol, 'suspended');
  }

  @Post(':symbol/activate')
  @HttpCode(200)
  activate(@Param('symbol') symbol: string) {
    return this.universe.setStatus(symbol, 'active');
  }
}
