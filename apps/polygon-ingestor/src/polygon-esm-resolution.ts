import { existsSync } from 'node:fs';
import Module = require('node:module');
import { dirname, join } from 'node:path';

/*
 * @polygon.io/client-js is ESM-only (its `exports` has only "import"), so a
 * plain `node -r @swc-node/register apps/polygon-ingestor/src/main.ts` could
 * not require() it. Loaded first by main.ts, this points that one specifier
 * at the package's file, which Node 20.19+ can require(). The webpack build
 * bundles the SDK, never asks the resolver, and finds nothing to do here.
 * (libs/providers does the same for its own entry points in src/bin.)
 */
const SPECIFIER = '@polygon.io/client-js';

function findSdk(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', '@polygon.io', 'client-js', 'dist', 'main.js');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

type Resolver = (request: string, ...rest: unknown[]) => string;
const resolver = Module as unknown as { _resolveFilename?: Resolver };
const target = findSdk(process.cwd());

if (target && typeof resolver._resolveFilename === 'function') {
  const original = resolver._resolveFilename;
  resolver._resolveFilename = function resolvePolygon(this: unknown, request: string, ...rest: unknown[]): string {
    return request === SPECIFIER ? target : original.call(this, request, ...rest);
  };
}
