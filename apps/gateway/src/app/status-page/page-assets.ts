import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** lightweight-charts' standalone build: one script that defines window.LightweightCharts. */
export const LIGHTWEIGHT_CHARTS_BUILD = 'lightweight-charts.standalone.production.js';

export interface PageAsset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * The files GET /ui/:name serves; nothing else is readable through that
 * route. Each is looked up where the webpack build puts it (assets/ beside
 * main.js) and, when running from source, where it lives in the repository.
 */
const ASSETS: Readonly<Record<string, { contentType: string; candidates: () => string[] }>> = {
  'status-page.js': { contentType: JS, candidates: () => uiCandidates('status-page.js') },
  'status-page.css': { contentType: CSS, candidates: () => uiCandidates('status-page.css') },
  'lightweight-charts.js': {
    contentType: JS,
    candidates: () => [
      join(__dirname, 'assets', 'vendor', LIGHTWEIGHT_CHARTS_BUILD),
      ...nodeModulesCandidates(join('lightweight-charts', 'dist', LIGHTWEIGHT_CHARTS_BUILD)),
    ],
  },
};

function uiCandidates(name: string): string[] {
  // Built: dist/apps/gateway/main.js + assets/ui. Source: src/app/status-page/*.ts + src/assets/ui.
  return [join(__dirname, 'assets', 'ui', name), join(__dirname, '..', '..', 'assets', 'ui', name)];
}

function nodeModulesCandidates(relative: string): string[] {
  const found: string[] = [];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    found.push(join(dir, 'node_modules', relative));
    if (dirname(dir) === dir) return found;
  }
}

/** Reads each asset once (they never change while the process runs). */
export class PageAssets {
  private readonly loaded = new Map<string, PageAsset>();

  static names(): string[] {
    return Object.keys(ASSETS);
  }

  /** The asset, or null for a name that is not one of ours; throws when one of ours is missing from the build. */
  get(name: string): PageAsset | null {
    const spec = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!spec) return null;
    const cached = this.loaded.get(name);
    if (cached) return cached;
    const candidates = spec.candidates();
    const path = candidates.find((candidate) => existsSync(candidate));
    if (!path)
      throw new Error(`status page asset ${name} is missing from this build (looked in ${candidates.join(', ')})`);
    const body = readFileSync(path);
    const asset = {
      body,
      contentType: spec.contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    };
    this.loaded.set(name, asset);
    return asset;
  }
}
