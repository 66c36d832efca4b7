import { Controller, Get } from '@nestjs/common';
import { MonitorStatusService } from './monitor-status.service';

@Controller('status')
export class StatusController {
  constructor(private readonly status: MonitorStatusService) {}

  @Get()
  get() {
    return this.status.status();
  }
}
