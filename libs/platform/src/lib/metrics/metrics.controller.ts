import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Text exposition format 0.0.4: the shared `mdi_*` metrics and the process metrics.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'every metric of this process',
    content: { 'text/plain': { schema: { type: 'string', example: '# TYPE mdi_provider_api_calls_total counter' } } },
  })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
