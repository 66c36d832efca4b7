import { redactSecrets } from '@mdi/platform';

const PROBE_TIMEOUT_MS = 2000;

export type ProbeResult =
  | { readonly reachable: true; readonly httpStatus: number; readonly body: unknown }
  | { readonly reachable: false; readonly reason: string };

/** GET a JSON document from a service; any failure becomes a reason, never an exception. */
export async function probe(url: string): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's HTML error page, say): keep the text as the body.
    }
    return { reachable: true, httpStatus: response.status, body };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    const reason = cause?.message ?? (error as Error).message;
    return { reachable: false, reason: redactSecrets(`no answer from ${url}: ${reason}`) };
  }
}
