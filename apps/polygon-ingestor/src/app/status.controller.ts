import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { INGESTOR_STATUS_SCHEMA } from '../core/api-schemas';
import { IngestorStatusService } from '../status/ingestor-status.service';

@ApiTags('status')
@Controller('status')
export class StatusController {
  constructor(private readonly status: IngestorStatusService) {}

  @Get()
  @ApiOperation({ summary: 'Universe, end-of-day, backfill, call budget, queue and circuit at a glance' })
  @ApiOkResponse({ description: "the service's summary", schema: INGESTOR_STATUS_SCHEMA })
  get() {
    return this.status.status();
  }
}
