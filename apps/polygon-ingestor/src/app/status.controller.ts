import { Controller, Get } from '@nestjs/common';
import { IngestorStatusService } from '../status/ingestor-status.service';

@Controller('status')
export class StatusController {
  constructor(private readonly status: IngestorStatusService) {}

  @Get()
  get() {
    return this.status.status();
  }
}
