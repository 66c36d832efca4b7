/**
 * The provider budgets the deployed system plans with: the rate settings of
 * k8s/base/config.env (the ConfigMap every pod reads), read from that file so
 * a bench quotes what is deployed, not a number of its own. A setting the
 * file leaves out takes the service's config default (the bench passes no
 * value for it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DEPLOYED_CONFIG = resolve(__dirname, '../k8s/base/config.env');
const RATE_SETTING = /^(POLYGON|ALPACA)_RATE_(LIMIT_PER_MINUTE|WINDOW_MS)$/;

export function deployedRateSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of readFileSync(DEPLOYED_CONFIG, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (line.startsWith('#') || at < 0) continue;
    const key = line.slice(0, at).trim();
    if (RATE_SETTING.test(key)) settings[key] = line.slice(at + 1).trim();
  }
  return settings;
}
