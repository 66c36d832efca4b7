import { ApiError, ApiInternalToken, TakesNoBody } from '@mdi/platform';
import { BadRequestException, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { REPORT_SCHEMA } from '../../http/api-schemas';
import { QualityRunService } from '../quality-run.service';
import type { RunMode } from '../report/stored-report';
import { RunsQuery } from './runs.query';

const MODES: readonly RunMode[] = ['full', 'incremental'];

@ApiTags('quality')
@Controller('runs')
export class RunsController {
  constructor(private readonly runs: QualityRunService) {}

  /** Runs the checks now, on this replica, and answers with the stored report. */
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Run every quality check now',
    description:
      'On this replica, never held back by the schedule; the report is stored before it is answered. ' +
      '`mode=full` (the default) loads and checks every symbol; `mode=incremental` only the symbols whose bars or ' +
      'splits changed since the last run (as scheduled runs do), with the same report.',
  })
  @ApiQuery({ name: 'mode', required: false, schema: { type: 'string', enum: [...MODES], default: 'full' } })
  @ApiCreatedResponse({
    description: 'the stored report (`outcome: nothing_checked` with its `reason` when no bar is stored)',
    schema: REPORT_SCHEMA,
  })
  @ApiError(400, '`mode` other than full or incremental, a parameter given twice or unknown, or any body')
  @ApiInternalToken()
  @TakesNoBody()
  run(@Query() query: RunsQuery) {
    return this.runs.run('manual', { mode: modeParam(query.mode) });
  }
}

function modeParam(value: string | undefined): RunMode {
  if (value === undefined || value === '') return 'full';
  const mode = MODES.find((m) => m === value);
  if (mode === undefined)
    throw new BadRequestException(`mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(value)}`);
  return mode;
}
