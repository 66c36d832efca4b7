import { AccountSnapshotEntity } from './account-snapshot.entity';
import { BackfillCallEntity } from './backfill-call.entity';
import { BackfillRunEntity } from './backfill-run.entity';
import { CorporateActionChangeEntity } from './corporate-action-change.entity';
import { CorporateActionCoverageEntity } from './corporate-action-coverage.entity';
import { CorporateActionEntity } from './corporate-action.entity';
import { DataQualityLogEntity } from './data-quality-log.entity';
import { DelistedSymbolEntity } from './delisted-symbol.entity';
import { FillEntity } from './fill.entity';
import { MarketDataChangeEntity } from './market-data-change.entity';
import { MarketDataEntity } from './market-data.entity';
import { MonitorWatermarkEntity } from './monitor-watermark.entity';
import { OrderStatusHistoryEntity } from './order-status-history.entity';
import { OrderEntity } from './order.entity';
import { PositionEntity } from './position.entity';
import { ReferenceTickerEntity } from './reference-ticker.entity';
import { ProviderConfigEntity } from './provider-config.entity';
import { QualityBaselineEntity } from './quality-baseline.entity';
import { QualityFindingEntity } from './quality-finding.entity';
import { QualitySymbolStateEntity } from './quality-symbol-state.entity';
import { SymbolDataStatusEntity } from './symbol-data-status.entity';
import { SymbolEntity } from './symbol.entity';

export {
  AccountSnapshotEntity,
  BackfillCallEntity,
  BackfillRunEntity,
  CorporateActionChangeEntity,
  CorporateActionCoverageEntity,
  CorporateActionEntity,
  DataQualityLogEntity,
  DelistedSymbolEntity,
  FillEntity,
  MarketDataChangeEntity,
  MarketDataEntity,
  MonitorWatermarkEntity,
  OrderEntity,
  OrderStatusHistoryEntity,
  PositionEntity,
  ProviderConfigEntity,
  QualityBaselineEntity,
  QualityFindingEntity,
  QualitySymbolStateEntity,
  ReferenceTickerEntity,
  SymbolDataStatusEntity,
  SymbolEntity,
};
export { SCHEMA } from './schema';

export const STORAGE_ENTITIES = [
  SymbolEntity,
  DelistedSymbolEntity,
  SymbolDataStatusEntity,
  MarketDataEntity,
  DataQualityLogEntity,
  ProviderConfigEntity,
  AccountSnapshotEntity,
  PositionEntity,
  OrderEntity,
  OrderStatusHistoryEntity,
  FillEntity,
  MonitorWatermarkEntity,
  CorporateActionEntity,
  CorporateActionCoverageEntity,
  BackfillRunEntity,
  BackfillCallEntity,
  ReferenceTickerEntity,
  MarketDataChangeEntity,
  CorporateActionChangeEntity,
  QualityFindingEntity,
  QualityBaselineEntity,
  QualitySymbolStateEntity,
];
