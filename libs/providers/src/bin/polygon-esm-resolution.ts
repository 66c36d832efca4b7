import { existsSync } from 'node:fs';
import Module = require('node:module');
import { join } from 'node:path';

/*
 * @polygon.io/client-js is ESM-only and its `exports` has no "require"
 * condition, so `require('@polygon.io/client-js')` fails under plain Node /
 * @swc-node/register (webpack and Jest have their own fix, see STACK.md).
 * Importing this module first points that one specifier at the package's
 * file, which Node 20.19+ can require() as ESM. Entry points import it
 * before anything else.
 */
const SPECIFIER = '@polygon.io/client-js';

type Resolver = (request: string, ...rest: unknown[]) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolver };

const target = (require.resolve.paths(SPECIFIER) ?? [])
  .map((dir) => join(dir, '@polygon.io', 'client-js', 'dist', 'main.js'))
  .find((file) => existsSync(file));

if (target) {
  const original = moduleWithResolver._resolveFilename;
  moduleWithResolver._resolveFilename = function resolvePolygon(this: unknown, request: string, ...rest: unknown[]): string {
    return request === SPECIFIER ? target : original.call(this, request, ...rest);
  };
}
