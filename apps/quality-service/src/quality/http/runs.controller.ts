import { Controller, HttpCode, Post } from '@nestjs/common';
import { QualityRunService } from '../quality-run.service';

@Controller('runs')
export class RunsController {
  constructor(private readonly runs: QualityRunService) {}

  /** Runs the checks now, on this replica, and answers with the stored report. */
  @Post()
  @HttpCode(201)
  run() {
    return this.runs.run('manual');
  }
}
