import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { redactSecrets } from '../logging/secret-redaction';
import { withTimeout } from './with-timeout';

const PROBE_TIMEOUT_MS = 1500;

@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check() {
    const session = this.indicators.check('postgres');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS, 'PostgreSQL');
      return session.up();
    } catch (error) {
      return session.down({ message: `PostgreSQL unreachable: ${redactSecrets(String((error as Error).message))}` });
    }
  }
}
