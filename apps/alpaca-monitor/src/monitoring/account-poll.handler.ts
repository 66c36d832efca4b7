import type { AccountSnapshot, Position } from '@mdi/domain';
import type { ProviderResult } from '@mdi/providers';
import { AccountSnapshotRepository, PositionRepository } from '@mdi/storage';
import { Injectable } from '@nestjs/common';
import { isPlainRecord } from '@mdi/domain';
import { PinoLogger } from 'nestjs-pino';
import { AccountStateCache } from './account-state.cache';
import { PollRecorder } from './poll-recorder';
import { RecentRejections } from './recent-rejections';

/** alpaca_account_monitoring: the account snapshot and the position set of one poll. */
@Injectable()
export class AccountPollHandler {
  constructor(
    private readonly snapshots: AccountSnapshotRepository,
    private readonly positions: PositionRepository,
    private readonly cache: AccountStateCache,
    private readonly polls: PollRecorder,
    private readonly rejections: RecentRejections,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('AccountMonitor');
  }

  async account(result: ProviderResult<AccountSnapshot>) {
    this.rejections.add('account', result.rejected);
    const snapshot = result.items[0];
    if (!snapshot) {
      // A refused payload is not a successful poll: the last good snapshot stays, and /status turns stale.
      this.logger.warn(
        { provider: 'alpaca', success: false, reasons: result.rejected.flatMap((r) => r.reasons) },
        'account payload refused',
      );
      return { stored: false, status: null, rejected: result.rejected.length };
    }
    const stored = await this.snapshots.insert(snapshot);
    await this.cache.setAccount(snapshot);
    await this.polls.succeeded('account');
    this.logger.info(
      {
        provider: 'alpaca',
        account_status: snapshot.status,
        equity: snapshot.equity,
        captured_at: snapshot.capturedAt,
        success: true,
      },
      `Account Status: ${snapshot.status}`,
    );
    return { stored, status: snapshot.status, rejected: result.rejected.length };
  }

  async positionSet(result: ProviderResult<Position>, readAt = new Date()) {
    this.rejections.add('positions', result.rejected);
    const keep = await this.unreadableAssets(result);
    const outcome = await this.positions.replaceAll(result.items, readAt, keep);
    await this.cache.setPositions(await this.positions.list(), readAt);
    await this.polls.succeeded('positions', readAt);
    this.logger.info(
      { provider: 'alpaca', data_points: result.items.length, ...outcome, rejected: result.rejected.length },
      'positions stored',
    );
    return { ...outcome, rejected: result.rejected.length };
  }

  /**
   * Positions the broker sent but we could not read must not be taken for
   * closed: their asset ids are kept; if one has no readable id, nothing is removed.
   */
  private async unreadableAssets(result: ProviderResult<Position>): Promise<string[]> {
    const ids = result.rejected.map((r) => (isPlainRecord(r.row) ? r.row['asset_id'] : undefined));
    if (ids.every((id): id is string => typeof id === 'string' && id.length > 0)) return ids;
    return (await this.positions.list()).map((p) => p.assetId);
  }
}
