import { ApiError, ApiInternalToken, TakesNoBody } from '@mdi/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { BackfillService } from '../backfill/backfill.service';
import {
  CORPORATE_ACTIONS_SCHEMA,
  END_OF_DAY_REQUEST_SCHEMA,
  END_OF_DAY_SCHEMA,
  GAP_REPAIR_SCHEMA,
  REFERENCE_SYNC_SCHEMA,
} from '../core/api-schemas';
import { progressView } from '../backfill/progress-view';
import { CorporateActionsService } from '../ingestion/corporate-actions.service';
import { EndOfDayBody } from './end-of-day.body';
import { EndOfDayService } from './end-of-day.service';
import { IngestionScheduler } from './ingestion-scheduler.service';

/**
 * Runs a scheduled task now (operators, the CLI, tests). Each only enqueues
 * jobs with deterministic ids, exactly as its schedule does.
 */
@ApiTags('operations')
@ApiInternalToken()
@Controller('operations')
export class OperationsController {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly endOfDay: EndOfDayService,
    private readonly backfill: BackfillService,
    private readonly corporateActions: CorporateActionsService,
    private readonly scheduler: IngestionScheduler,
  ) {}

  /** No body: the scheduled tick. `{"date": "YYYY-MM-DD"}`: that one session (400 with the reason when Polygon cannot serve it). */
  @Post('end-of-day')
  @HttpCode(202)
  @ApiOperation({
    summary: 'End-of-day now: one grouped-daily call per unsettled recent session, or for one asked-for session',
  })
  @ApiBody({ required: false, schema: END_OF_DAY_REQUEST_SCHEMA })
  @ApiAcceptedResponse({
    description: 'what was enqueued (or, for one date, why nothing was)',
    schema: END_OF_DAY_SCHEMA,
  })
  @ApiError(
    400,
    "a malformed date, a future date, one before the plan's history, a weekend or holiday, a session not published yet, an unknown field, a body that is not JSON",
  )
  runEndOfDay(@Body() body: EndOfDayBody) {
    return this.endOfDay.run({ ...body });
  }

  @Post('gap-repair')
  @HttpCode(202)
  @ApiOperation({ summary: 'Backfill whatever is missing in the window Polygon serves' })
  @ApiAcceptedResponse({
    description: "the repair run's progress, or `run: null` when nothing is missing or backfill is off",
    schema: GAP_REPAIR_SCHEMA,
  })
  @ApiError(400, 'a body (this route takes none)')
  @TakesNoBody()
  async repairGaps() {
    const run = await this.backfill.repairGaps();
    const budget = { calls: this.config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: this.config.POLYGON_RATE_WINDOW_MS };
    return {
      enabled: this.backfill.enabled,
      run: run === null ? null : progressView(run, { budget, stallAfterMs: this.config.BACKFILL_STALL_AFTER_MS }),
    };
  }

  @Post('corporate-actions')
  @HttpCode(202)
  @ApiOperation({ summary: 'Enqueue the splits and dividends listings for the dates not covered yet' })
  @ApiAcceptedResponse({ description: 'the listings enqueued', schema: CORPORATE_ACTIONS_SCHEMA })
  @ApiError(400, 'a body (this route takes none)')
  @TakesNoBody()
  async refreshCorporateActions() {
    return { enqueued: await this.corporateActions.refresh() };
  }

  @Post('reference-sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Enqueue both ticker reference listings (delistings, reactivations, names and exchanges)' })
  @ApiAcceptedResponse({
    description: 'the two listings and whether each was already queued today',
    schema: REFERENCE_SYNC_SCHEMA,
  })
  @ApiError(400, 'a body (this route takes none)')
  @TakesNoBody()
  async syncReferences() {
    return { enqueued: await this.scheduler.syncReferences() };
  }
}
