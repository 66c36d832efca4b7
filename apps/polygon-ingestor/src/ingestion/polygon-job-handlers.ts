import { POLYGON_JOBS, type PolygonJob, type MarketDataSource } from '@mdi/domain';
import { POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { ReferenceTickerRepository, StorageAvailability, SymbolRepository } from '@mdi/storage';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { PinoLogger } from 'nestjs-pino';
import { DelistingService } from '../symbols/delisting.service';
import { BarIngestionService } from './bar-ingestion.service';
import { CorporateActionsService } from './corporate-actions.service';

/**
 * One handler per Polygon job kind, registered before the worker starts
 * (the providers lib refuses to start a worker with a kind unhandled).
 */
@Injectable()
export class PolygonJobHandlers implements OnModuleInit {
  constructor(
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    private readonly bars: BarIngestionService,
    private readonly corporateActions: CorporateActionsService,
    private readonly references: ReferenceTickerRepository,
    private readonly symbols: SymbolRepository,
    private readonly delisting: DelistingService,
    private readonly storage: StorageAvailability,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PolygonJobHandlers.name);
  }

  onModuleInit(): void {
    // No Polygon call while PostgreSQL cannot store its answer; an outage spends no attempt.
    this.polygon.guardStorage(this.storage);
    this.polygon.handlers.registerAll({
      'grouped-daily': (result, job, context) => this.bars.ingestGrouped(result, job, context),
      'aggregates-range': (result, job, context) => this.bars.ingestRange(result, job, context),
      splits: (result, job, context) =>
        this.corporateActions.onSplits(result, job, POLYGON_JOBS.idFor(job), context.pagingStopped),
      dividends: (result, job, context) =>
        this.corporateActions.onDividends(result, job, POLYGON_JOBS.idFor(job), context.pagingStopped),
      'reference-tickers': async (result) => {
        const { written } = await this.references.upsertReferences(result.items, this.source);
        const described = await this.symbols.applyReferenceDetails(result.items);
        const changes = await this.delisting.onReferencePage(result.items);
        return { tickers: written, described: described.length, ...changes };
      },
      'ticker-details': (result, job) => this.delisting.onTickerDetails(result, job),
      // The offline calendar decides sessions; announced holidays are only logged for operators.
      'market-holidays': async (result) => {
        this.logger.info(
          { provider: 'polygon', holidays: result.items.map((h) => `${h.date} ${h.exchange} ${h.status}`) },
          'upcoming market holidays',
        );
        return { holidays: result.items.length };
      },
    });
    this.polygon.handlers.onFinalFailure((job, failure) => this.bars.onFinalFailure(job, failure));
  }
}
