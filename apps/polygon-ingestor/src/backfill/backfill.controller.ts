import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { BackfillRunRepository, type BackfillRunProgress } from '@mdi/storage';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { badRequest, notFound } from '../core/request-errors';
import { BackfillService } from './backfill.service';
import { FillPlanner } from './fill-planner.service';
import { planView } from './plan-view';
import { progressView } from './progress-view';
import { PolygonQueueState } from './queue-state';

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
  async plan(@Query() query: Record<string, unknown>) {
    return { enabled: this.backfill.enabled, ...planView(await this.planner.plan(query), this.budget()) };
  }

  @Post()
  @HttpCode(202)
  async start(@Body() body: unknown) {
    const { run, planned, joined } = await this.backfill.start(body ?? {}, 'api');
    return { run: await this.progress(run), joined, plan: planView(planned, this.budget()) };
  }

  @Get('runs')
  async recent() {
    const queue = await this.queue.read();
    return { runs: (await this.runs.recent(10)).map((r) => progressView(r, this.budget(), queue)) };
  }

  @Get('runs/:id')
  async run(@Param('id') id: string) {
    if (!/^\d{1,15}$/.test(id)) throw badRequest('invalid run id', [`id must be a positive integer, got ${JSON.stringify(id)}`]);
    const run = await this.runs.get(Number(id));
    if (!run) throw notFound(`backfill run ${id} does not exist`);
    return this.progress(run);
  }

  private async progress(run: BackfillRunProgress) {
    return progressView(run, this.budget(), await this.queue.read(), run.status === 'running' ? [] : await this.runs.failedCalls(run.id, 5));
  }

  private budget() {
    return { calls: this.config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: this.config.POLYGON_RATE_WINDOW_MS };
  }
}
