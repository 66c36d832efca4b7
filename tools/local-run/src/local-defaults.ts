import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (this file is tools/local-run/src/local-defaults.ts). */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

/**
 * The plain NAME=value lines of scripts/local-defaults.env, the one file
 * `npm start` and the operator tools take their defaults from.
 */
export function readLocalDefaults(): Record<string, string> {
  const text = readFileSync(join(REPOSITORY_ROOT, 'scripts', 'local-defaults.env'), 'utf8');
  const defaults: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) defaults[match[1]] = match[2];
  }
  return defaults;
}

/** The gateway the CLI and the supervisor talk to: GATEWAY_URL, else http://127.0.0.1:GATEWAY_PORT (default 3000). */
export function gatewayUrl(env: NodeJS.ProcessEnv): string {
  if (env['GATEWAY_URL']) return env['GATEWAY_URL'].replace(/\/$/, '');
  return `http://127.0.0.1:${env['GATEWAY_PORT'] || readLocalDefaults()['GATEWAY_PORT'] || '3000'}`;
}
