// The SDK is ESM-only: apps bundle it (webpack allow-list), Jest maps it to
// dist/main.js, and plain Node entry points load src/bin/polygon-esm-resolution first.
import { restClient } from '@polygon.io/client-js';

export type PolygonRestClient = ReturnType<typeof restClient>;

/** The SDK client against `baseUrl` (POLYGON_BASE_URL); it sends the key as ?apiKey=. */
export function createPolygonRestClient(apiKey: string, baseUrl: string): PolygonRestClient {
  return restClient(apiKey, baseUrl.replace(/\/+$/, ''));
}
