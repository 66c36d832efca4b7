import { processInfo } from '@mdi/platform';
import { Controller, Get } from '@nestjs/common';
import { SERVICE_NAME } from './service-name';

@Controller('status')
export class StatusController {
  @Get()
  status() {
    return { service: SERVICE_NAME, ...processInfo() };
  }
}
