import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Set by the services' webpack build from the root package.json (tools/build/service-webpack.config.js). */
declare const __MDI_VERSION__: string | undefined;

let cached: string | undefined;

/**
 * The release every service reports (the root package.json version: one
 * version for the whole system, the one images are tagged with). Built
 * services carry it as a constant; from source it is read from the nearest
 * package.json that has one.
 */
export function serviceVersion(): string {
  if (cached === undefined) cached = typeof __MDI_VERSION__ === 'string' ? __MDI_VERSION__ : versionFromSource();
  return cached;
}

function versionFromSource(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
      if (typeof version === 'string') return version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
