import { ApiError, ApiInternalToken } from '@mdi/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { BackfillRunRepository, type BackfillRunProgress } from '@mdi/storage';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import {
  BACKFILL_REQUEST_SCHEMA,
  BACKFILL_STARTED_SCHEMA,
  PLAN_SCHEMA,
  RUN_PROGRESS_SCHEMA,
} from '../core/api-schemas';
import { badRequest, notFound } from '../core/request-errors';
import { ApiSessionRangeQuery } from '../core/session-range-query.api';
import { BackfillPlanQuery } from './backfill-plan.query';
import { BackfillBody } from './backfill.body';
import { BackfillService } from './backfill.service';
import { FillPlanner } from './fill-planner.service';
import { planView } from './plan-view';
import { progressView } from './progress-view';
import { PolygonQueueState } from './queue-state';

@ApiTags('backfill')
@Controller('backfill')
export class BackfillController {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly planner: FillPlanner,
    private readonly backfill: BackfillService,
    private readonly runs: BackfillRunRepository,
    private readonly queue: PolygonQueueState,
  ) {}

  /** Dry run: the plan, its call count and its duration at the budget; nothing is enqueued. */
  @Get('plan')
  @ApiOperation({
    summary: 'Dry run: the call-optimal plan for the missing cells',
    description: 'Nothing is enqueued and no Polygon call is made.',
  })
  @ApiQuery({
    name: 'symbols',
    required: false,
    schema: { type: 'string', example: 'AAPL,MSFT' },
    description: 'comma-separated active symbols (default: every active symbol)',
  })
  @ApiSessionRangeQuery()
  @ApiOkResponse({
    description: 'the plan, its call count and its duration at the budget; `enabled` says whether backfill may run',
    schema: { allOf: [PLAN_SCHEMA, { type: 'object', properties: { enabled: { type: 'boolean' } } }] },
  })
  @ApiError(
    400,
    'every reason at once: malformed, unknown or inactive symbols, malformed dates, `from` after `to`, a window Polygon does not serve, a parameter given twice, an unknown parameter',
  )
  async plan(@Query() query: BackfillPlanQuery) {
    return { enabled: this.backfill.enabled, ...planView(await this.planner.plan({ ...query }), this.budget()) };
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a backfill: record the plan as a run and enqueue its calls' })
  @ApiBody({ required: false, schema: BACKFILL_REQUEST_SCHEMA })
  @ApiAcceptedResponse({
    description: "the run (or the identical request's running run, `joined: true`) and its plan",
    schema: BACKFILL_STARTED_SCHEMA,
  })
  @ApiError(
    400,
    "every reason at once: a body that is not JSON, malformed or unknown fields, `symbols` not a list, inactive symbols, dates before the plan's history or after the last published session",
  )
  @ApiError(409, 'historical backfill is disabled (ENABLE_HISTORICAL_BACKFILL=false)')
  @ApiInternalToken()
  async start(@Body() body: BackfillBody) {
    const { run, planned, joined } = await this.backfill.start({ ...body }, 'api');
    return { run: await this.progress(run), joined, plan: planView(planned, this.budget()) };
  }

  @Get('runs')
  @ApiOperation({ summary: 'The 10 most recent backfill runs with their progress' })
  @ApiOkResponse({
    description: 'newest first',
    schema: { type: 'object', properties: { runs: { type: 'array', items: RUN_PROGRESS_SCHEMA } } },
  })
  async recent() {
    const queue = await this.queue.read();
    return { runs: (await this.runs.recent(10)).map((r) => progressView(r, this.progressContext(), queue)) };
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One backfill run: status, cells, calls, ETA and why it waits' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1, example: 42 } })
  @ApiOkResponse({
    description: "the run's progress, with its first failed calls once it has ended",
    schema: RUN_PROGRESS_SCHEMA,
  })
  @ApiError(400, 'the id is not a positive integer')
  @ApiError(404, 'no backfill run has this id')
  async run(@Param('id') id: string) {
    if (!/^\d{1,15}$/.test(id))
      throw badRequest('invalid run id', [`id must be a positive integer, got ${JSON.stringify(id)}`]);
    const run = await this.runs.get(Number(id));
    if (!run) throw notFound(`backfill run ${id} does not exist`);
    return this.progress(run);
  }

  private async progress(run: BackfillRunProgress) {
    return progressView(
      run,
      this.progressContext(),
      await this.queue.read(),
      run.status === 'running' ? [] : await this.runs.failedCalls(run.id, 5),
    );
  }

  private budget() {
    return { calls: this.config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: this.config.POLYGON_RATE_WINDOW_MS };
  }

  private progressContext() {
    return { budget: this.budget(), stallAfterMs: this.config.BACKFILL_STALL_AFTER_MS };
  }
}
