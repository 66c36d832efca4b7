import { SymbolRepository } from '@mdi/storage';
import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which symbols the system knows: listed in symbols, or with stored bars. */
@Injectable()
export class SymbolDirectory {
  private readonly symbols: SymbolRepository;

  constructor(dataSource: DataSource) {
    this.symbols = new SymbolRepository(dataSource);
  }

  /** The symbol in canonical (upper) case; 400 with the reason when it is malformed or unknown. */
  async requireKnown(raw: unknown): Promise<string> {
    if (typeof raw !== 'string' || !/^[A-Za-z0-9.-]{1,10}$/.test(raw)) {
      throw new BadRequestException(`symbol must be 1-10 letters, digits, '.' or '-', got ${JSON.stringify(raw)}`);
    }
    const symbol = raw.toUpperCase();
    if (!(await this.symbols.isKnown(symbol))) throw new BadRequestException(`unknown symbol "${symbol}"`);
    return symbol;
  }
}
