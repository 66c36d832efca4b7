import { ApiError, ApiInternalToken, TakesNoBody } from '@mdi/platform';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { REPORT_SCHEMA } from '../../http/api-schemas';
import { QualityRunService } from '../quality-run.service';

@ApiTags('quality')
@Controller('runs')
export class RunsController {
  constructor(private readonly runs: QualityRunService) {}

  /** Runs the checks now, on this replica, and answers with the stored report. */
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Run every quality check now',
    description: 'On this replica, never held back by the schedule; the report is stored before it is answered.',
  })
  @ApiCreatedResponse({
    description: 'the stored report (`outcome: nothing_checked` with its `reason` when no bar is stored)',
    schema: REPORT_SCHEMA,
  })
  @ApiError(400, 'a body with any field, or one that is not JSON: this route takes none')
  @ApiInternalToken()
  @TakesNoBody()
  run() {
    return this.runs.run('manual');
  }
}
