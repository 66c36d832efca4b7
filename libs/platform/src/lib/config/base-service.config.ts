import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

import { Sensitive } from './sensitive.decorator';
import { EnvInteger } from './variable-decorators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What every service needs; each app extends it with its own variables. */
export class BaseServiceConfig {
  @Sensitive()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Sensitive()
  @IsString()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL!: string;

  // class-validator runs the lowest decorator first; with stopAtFirstError the
  // type check must come last here so "abc" is reported as "not an integer".
  @EnvInteger({ min: 0, max: 65535 })
  PORT!: number;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Where alerts for a person are POSTed (AlertChannel); without it they are error log lines and a metric. */
  @Sensitive()
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  ALERT_WEBHOOK_URL?: string;

  /** How long after a condition starts (storage, Redis or a provider circuit down) it is alerted. */
  @EnvInteger({ min: 1_000, max: 86_400_000, unit: 'milliseconds' })
  ALERT_AFTER_MS = 60_000;
}
