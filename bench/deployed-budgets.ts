/**
 * The provider budgets the deployed system plans with: the rate settings of
 * k8s/base/config.env (the ConfigMap every pod reads), read from that file so
 * a bench quotes what is deployed, not a number of its own. A setting the
 * file leaves out takes the service's config default (the bench passes no
 * value for it).
 */
import { readFileSync } from 'node:fs';
import { CONFIG_ENV } from '../k8s/test/app-catalog';
import { parseEnvFile } from '../k8s/test/kustomize-renderer';

const RATE_SETTING = /^(POLYGON|ALPACA)_RATE_(LIMIT_PER_MINUTE|WINDOW_MS)$/;

export function deployedRateSettings(): Record<string, string> {
  const settings = parseEnvFile(readFileSync(CONFIG_ENV, 'utf8'), CONFIG_ENV);
  return Object.fromEntries(settings.filter(([key]) => RATE_SETTING.test(key)));
}
