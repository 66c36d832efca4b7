import { AccountSnapshotRepository, PositionRepository } from '@mdi/storage';
import { Controller, Get, NotFoundException, Query } from '@nestjs/common';
import { AccountStateCache } from '../monitoring/account-state.cache';
import { instantParam, intParam, readQuery } from './query-params';

/**
 * The last known account state. Redis first, PostgreSQL when the cache is
 * empty or down: both hold the same newest poll, so the answer is the same.
 * During a provider outage this keeps answering with the last good poll
 * (its capturedAt shows its age; /status says stale).
 */
@Controller()
export class AccountController {
  constructor(
    private readonly cache: AccountStateCache,
    private readonly snapshots: AccountSnapshotRepository,
    private readonly positions: PositionRepository,
  ) {}

  @Get('account')
  async account(@Query() query: Record<string, unknown>) {
    readQuery(query, {});
    const snapshot = (await this.cache.getAccount()) ?? (await this.snapshots.latest());
    if (!snapshot) throw new NotFoundException('no account snapshot yet: the first poll has not succeeded');
    return snapshot;
  }

  /** The account time series: snapshots captured at or after `since` (default: the last 24 h), oldest first. */
  @Get('account/history')
  async history(@Query() query: Record<string, unknown>) {
    const { since, limit } = readQuery(query, { since: instantParam(), limit: intParam(1000, 1, 10_000) });
    const from = since ?? new Date(Date.now() - 24 * 3600 * 1000);
    return { since: from, snapshots: await this.snapshots.since(from, limit) };
  }

  @Get('positions')
  async list(@Query() query: Record<string, unknown>) {
    readQuery(query, {});
    const positions = (await this.cache.getPositions()) ?? (await this.positions.list());
    return { count: positions.length, positions };
  }
}
