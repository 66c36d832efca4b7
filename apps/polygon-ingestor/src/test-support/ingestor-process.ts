import { startServiceProcess, TEST_SERVICE_TOKEN, type ServiceProcess } from '@mdi/testing';

/** Lets plain Node load the ESM-only Polygon SDK from source (libs/providers/README.md, "ESM-only Polygon SDK"). */
export const POLYGON_ESM_HOOK = './libs/providers/src/bin/polygon-esm-resolution.ts';

export type IngestorProcess = ServiceProcess;

/** The service as deployed: `npx nx build polygon-ingestor` writes it. */
export const INGESTOR_BUNDLE = 'dist/apps/polygon-ingestor/main.js';

/**
 * The real entry point as its own process (node -r @swc-node/register -r <POLYGON_ESM_HOOK>
 * apps/polygon-ingestor/src/main.ts, or with `bundle` the built INGESTOR_BUNDLE) on a free port,
 * logging at warn: the specs read the process's warnings and errors; info lines would only fill
 * the buffer.
 */
export function startIngestorProcess(
  env: Record<string, string>,
  { bundle = false }: { readonly bundle?: boolean } = {},
): Promise<IngestorProcess> {
  return startServiceProcess({
    entry: bundle ? INGESTOR_BUNDLE : 'apps/polygon-ingestor/src/main.ts',
    preload: [POLYGON_ESM_HOOK],
    env: { ...env, LOG_LEVEL: 'warn' },
    startTimeoutMs: 60_000,
  });
}

/** JSON over HTTP with the test service token (ingestorEnv's INTERNAL_API_TOKEN). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function httpJson(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${TEST_SERVICE_TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
