import { SeedSchema1764000000000 } from './1764000000000-seed-schema';
import { AlpacaMonitorTables1764000000001 } from './1764000000001-alpaca-monitor-tables';
import { PolygonIngestorTables1764100000000 } from './1764100000000-polygon-ingestor-tables';
import { ReferenceTickers1764100000001 } from './1764100000001-reference-tickers';
import { BackfillRunVerdicts1764300000000 } from './1764300000000-backfill-run-verdicts';
import { FractionalVolume1764400000000 } from './1764400000000-fractional-volume';
import { SymbolType1764500000000 } from './1764500000000-symbol-type';
import { ChangeWatermarksAndFindings1764600000000 } from './1764600000000-change-watermarks-and-findings';
import { LighterUpdateWatermark1764600000001 } from './1764600000001-lighter-update-watermark';
import { QualityBaseline1764700000000 } from './1764700000000-quality-baseline';
import { QualityPriceWindow1764800000000 } from './1764800000000-quality-price-window';
import { ChangesStartAfterBaseline1764900000000 } from './1764900000000-changes-start-after-baseline';
import { QualityStateRoomForUpdates1764900000001 } from './1764900000001-quality-state-room-for-updates';

/** In order. Never edit an applied migration: add a new one. */
export const STORAGE_MIGRATIONS = [
  SeedSchema1764000000000,
  AlpacaMonitorTables1764000000001,
  PolygonIngestorTables1764100000000,
  ReferenceTickers1764100000001,
  BackfillRunVerdicts1764300000000,
  FractionalVolume1764400000000,
  SymbolType1764500000000,
  ChangeWatermarksAndFindings1764600000000,
  LighterUpdateWatermark1764600000001,
  QualityBaseline1764700000000,
  QualityPriceWindow1764800000000,
  ChangesStartAfterBaseline1764900000000,
  QualityStateRoomForUpdates1764900000001,
];
