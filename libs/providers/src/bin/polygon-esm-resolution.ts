import { existsSync } from 'node:fs';
import Module = require('node:module');
import { dirname, join } from 'node:path';

/*
 * THE way to run code that loads @mdi/providers from source with plain Node
 * (an app's main.ts, a bench, a process test):
 *
 *   node -r @swc-node/register -r ./libs/providers/src/bin/polygon-esm-resolution.ts <entry>.ts
 *
 * @polygon.io/client-js is ESM-only and its `exports` has no "require"
 * condition, so `require('@polygon.io/client-js')` fails under plain Node /
 * @swc-node/register. This points that one specifier at the package's file,
 * which Node 20.19+ can require() as ESM. Webpack builds (they bundle the SDK)
 * and Jest (moduleNameMapper) have their own fix and never need it. Loading
 * it twice (by -r and by import) installs it once.
 */
const SPECIFIER = '@polygon.io/client-js';
const SDK_FILE = join('@polygon.io', 'client-js', 'dist', 'main.js');
const INSTALLED = Symbol.for('mdi.providers.polygon-esm-resolution');

type Resolver = (request: string, ...rest: unknown[]) => string;
const resolver = Module as unknown as { _resolveFilename?: Resolver } & { [INSTALLED]?: string };

/** node_modules folders Node would search from this file, then from the working directory up. */
function candidates(): string[] {
  const fromHere = typeof require.resolve?.paths === 'function' ? (require.resolve.paths(SPECIFIER) ?? []) : [];
  const fromCwd: string[] = [];
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    fromCwd.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) break;
  }
  return [...fromHere, ...fromCwd];
}

if (resolver[INSTALLED] === undefined && typeof resolver._resolveFilename === 'function') {
  const target = candidates()
    .map((dir) => join(dir, SDK_FILE))
    .find((file) => existsSync(file));
  if (target) {
    const original = resolver._resolveFilename;
    resolver._resolveFilename = function resolvePolygon(this: unknown, request: string, ...rest: unknown[]): string {
      return request === SPECIFIER ? target : original.call(this, request, ...rest);
    };
    resolver[INSTALLED] = target;
  }
}
