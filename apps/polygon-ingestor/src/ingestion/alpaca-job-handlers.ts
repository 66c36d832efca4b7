import type { AlpacaDataJob } from '@mdi/domain';
import { ALPACA_DATA_STACK, type ProviderStack } from '@mdi/providers';
import { StorageAvailability } from '@mdi/storage';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AlpacaBarIngestion } from './alpaca-bar-ingestion.service';

/** The Alpaca market-data queue's handlers, registered before its worker starts (only when Alpaca is a source). */
@Injectable()
export class AlpacaJobHandlers implements OnModuleInit {
  constructor(
    @Inject(ALPACA_DATA_STACK) private readonly alpaca: ProviderStack<AlpacaDataJob>,
    private readonly bars: AlpacaBarIngestion,
    private readonly storage: StorageAvailability,
  ) {}

  onModuleInit(): void {
    // No Alpaca call while PostgreSQL cannot store its answer; an outage spends no attempt.
    this.alpaca.guardStorage(this.storage);
    this.alpaca.handlers.registerAll({
      'stock-bars': (result, job, context) => this.bars.ingest(result, job, context),
    });
    this.alpaca.handlers.onFinalFailure((job, failure) => this.bars.onFinalFailure(job, failure));
  }
}
