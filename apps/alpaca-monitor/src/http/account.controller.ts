import { AccountSnapshotRepository, PositionRepository } from '@mdi/storage';
import { ApiError, TakesNoQuery } from '@mdi/platform';
import { Controller, Get, NotFoundException, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AccountStateCache } from '../monitoring/account-state.cache';
import { ACCOUNT_HISTORY_SCHEMA, ACCOUNT_SCHEMA, POSITIONS_SCHEMA, RFC3339_INSTANT } from './api-schemas';
import { instantParam, intParam, readQuery } from './query-params';
import { AccountHistoryQuery } from './read-queries';

/**
 * The last known account state. Redis first, PostgreSQL when the cache is
 * empty or down: both hold the same newest poll, so the answer is the same.
 * During a provider outage this keeps answering with the last good poll
 * (its capturedAt shows its age; /status says stale).
 */
@ApiTags('account')
@Controller()
export class AccountController {
  constructor(
    private readonly cache: AccountStateCache,
    private readonly snapshots: AccountSnapshotRepository,
    private readonly positions: PositionRepository,
  ) {}

  @Get('account')
  @ApiOperation({ summary: 'The newest account snapshot', description: 'Takes no query parameter.' })
  @ApiOkResponse({ description: 'the last good poll (`capturedAt` shows its age)', schema: ACCOUNT_SCHEMA })
  @ApiError(400, 'a query parameter was given')
  @ApiError(404, 'no account snapshot yet: the first poll has not succeeded')
  @TakesNoQuery()
  async account() {
    const snapshot = (await this.cache.getAccount()) ?? (await this.snapshots.latest());
    if (!snapshot) throw new NotFoundException('no account snapshot yet: the first poll has not succeeded');
    return snapshot;
  }

  /** The account time series: snapshots captured at or after `since` (default: the last 24 h), oldest first. */
  @Get('account/history')
  @ApiOperation({ summary: 'Account snapshots captured since an instant, oldest first' })
  @ApiQuery({ name: 'since', required: false, schema: RFC3339_INSTANT, description: 'default: 24 hours ago' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 } })
  @ApiOkResponse({ description: 'the time series', schema: ACCOUNT_HISTORY_SCHEMA })
  @ApiError(400, 'every reason at once: a malformed instant, `limit` out of range, an unknown or repeated parameter')
  async history(@Query() query: AccountHistoryQuery) {
    const { since, limit } = readQuery({ ...query }, { since: instantParam(), limit: intParam(1000, 1, 10_000) });
    const from = since ?? new Date(Date.now() - 24 * 3600 * 1000);
    return { since: from, snapshots: await this.snapshots.since(from, limit) };
  }

  @Get('positions')
  @ApiOperation({ summary: 'Open positions of the last poll', description: 'Takes no query parameter.' })
  @ApiOkResponse({ description: 'the positions, with their count', schema: POSITIONS_SCHEMA })
  @ApiError(400, 'a query parameter was given')
  @TakesNoQuery()
  async list() {
    const positions = (await this.cache.getPositions()) ?? (await this.positions.list());
    return { count: positions.length, positions };
  }
}
