import { BaseServiceConfig, EnvBoolean, EnvInteger, EnvNumber, Sensitive, ServiceTokenVariable } from '@mdi/platform';
import { IsBoolean, IsNumber, IsOptional, IsUrl, Max, Min } from 'class-validator';
import {
  DEFAULT_QUALITY_BATCH_SYMBOLS,
  DEFAULT_QUALITY_FULL_RUN_INTERVAL_SECONDS,
  type QualityRunSettings,
} from '../quality/run/quality-runner';
import {
  DEFAULT_RECONCILE_SETTINGS,
  ReconcilePriceTolerance,
  ReconcileVolumeRatio,
} from '../quality/checks/reconcile-settings';

/** The checks' settings; `npm run validate-data` reads only these (it serves no HTTP). */
export class QualityChecksConfig extends BaseServiceConfig {
  override PORT = 3003;

  @EnvInteger({ min: 10, unit: 'seconds' })
  DATA_QUALITY_CHECK_INTERVAL = 3600;

  /** Share of expected bars that may be missing before a symbol is flagged. */
  @EnvNumber()
  @Max(1)
  @Min(0)
  @IsNumber({}, { message: 'must be a number between 0 and 1' })
  MAX_MISSING_DATA_THRESHOLD = 0.05;

  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ANOMALY_DETECTION_ENABLED = true;

  /** Older name of ALERT_WEBHOOK_URL, used when that is not set. Webhook URLs (Slack, Teams) carry their credential in the path: never log them. */
  @Sensitive()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  QUALITY_ALERT_WEBHOOK_URL?: string;

  /**
   * Symbols a quality run loads and checks at a time (apps/quality-service/README.md "Batches"):
   * peak memory follows it; k8s/README.md derives the pod's memory limit from it.
   */
  @EnvInteger({ min: 1 })
  QUALITY_BATCH_SYMBOLS = DEFAULT_QUALITY_BATCH_SYMBOLS;

  /**
   * Scheduled runs are incremental; one of them checks everything once the last full run is this old
   * (apps/quality-service/README.md "Incremental runs").
   */
  @EnvInteger({ min: 60, unit: 'seconds' })
  QUALITY_FULL_RUN_INTERVAL = DEFAULT_QUALITY_FULL_RUN_INTERVAL_SECONDS;

  /**
   * Reconciliation of two sources' bars (apps/quality-service/README.md "Reconciliation"): largest relative
   * difference of open, high, low or close, of the larger price, before a session is reported (0.005 = 0.5%).
   */
  @ReconcilePriceTolerance()
  QUALITY_RECONCILE_PRICE_TOLERANCE = DEFAULT_RECONCILE_SETTINGS.priceTolerance;

  /** Largest ratio of the larger volume to the smaller of two sources' bars of one session (>= 1). */
  @ReconcileVolumeRatio()
  QUALITY_RECONCILE_VOLUME_RATIO = DEFAULT_RECONCILE_SETTINGS.volumeRatio;

  /** Off for replicas that should only answer HTTP (and in tests that trigger runs themselves). */
  @EnvBoolean()
  @IsBoolean({ message: 'must be true or false' })
  QUALITY_SCHEDULER_ENABLED = true;
}

/** What a quality run is given of these settings (the service's runs and the validate-data command's). */
export function qualityRunSettingsOf(config: Readonly<QualityChecksConfig>): QualityRunSettings {
  return {
    maxMissingRatio: config.MAX_MISSING_DATA_THRESHOLD,
    anomalyDetection: config.ANOMALY_DETECTION_ENABLED,
    batchSymbols: config.QUALITY_BATCH_SYMBOLS,
    fullRunIntervalMs: config.QUALITY_FULL_RUN_INTERVAL * 1000,
    reconcile: {
      priceTolerance: config.QUALITY_RECONCILE_PRICE_TOLERANCE,
      volumeRatio: config.QUALITY_RECONCILE_VOLUME_RATIO,
    },
  };
}

/** The service: the checks' settings plus the token its write endpoint (POST /runs) requires. */
export class QualityServiceConfig extends QualityChecksConfig {
  /** Bearer token of the write endpoints; only the gateway holds it. */
  @ServiceTokenVariable()
  INTERNAL_API_TOKEN!: string;
}
