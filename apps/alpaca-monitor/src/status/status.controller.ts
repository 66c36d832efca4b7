import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MONITOR_STATUS_SCHEMA } from '../http/api-schemas';
import { MonitorStatusService } from './monitor-status.service';

@ApiTags('status')
@Controller('status')
export class StatusController {
  constructor(private readonly status: MonitorStatusService) {}

  @Get()
  @ApiOperation({ summary: 'Trading mode, poll ages per lane, staleness, watermarks, call budget, circuit and queue' })
  @ApiOkResponse({
    description: "the service's summary; it answers while PostgreSQL or Redis is down",
    schema: MONITOR_STATUS_SCHEMA,
  })
  get() {
    return this.status.status();
  }
}
