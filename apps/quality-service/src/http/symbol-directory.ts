import { BadRequestException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which symbols the system knows: listed in symbols, or with stored bars. */
@Injectable()
export class SymbolDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /** The symbol in canonical (upper) case; 400 with the reason when it is malformed or unknown. */
  async requireKnown(raw: unknown): Promise<string> {
    if (typeof raw !== 'string' || !/^[A-Za-z0-9.-]{1,10}$/.test(raw)) {
      throw new BadRequestException(`symbol must be 1-10 letters, digits, '.' or '-', got ${JSON.stringify(raw)}`);
    }
    const symbol = raw.toUpperCase();
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM data_ingestion.symbols WHERE symbol = $1
       UNION ALL SELECT 1 FROM data_ingestion.market_data WHERE symbol = $1 LIMIT 1`,
      [symbol],
    );
    if (rows.length === 0) throw new BadRequestException(`unknown symbol "${symbol}"`);
    return symbol;
  }
}
