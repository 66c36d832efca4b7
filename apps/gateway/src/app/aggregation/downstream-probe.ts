export type ProbeResult =
  | { readonly reachable: true; readonly httpStatus: number; readonly body: unknown }
  | { readonly reachable: false; readonly reason: string };

/**
 * GET a JSON document from a service within `timeoutMs`; any failure becomes
 * a reason, never an exception. Reasons name what happened (refused, timed
 * out), never the address: /health is answered to unauthenticated callers.
 */
export async function probe(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's HTML error page, say): keep the text as the body.
    }
    return { reachable: true, httpStatus: response.status, body };
  } catch (error) {
    return { reachable: false, reason: publicReason(error, timeoutMs) };
  }
}

function publicReason(error: unknown, timeoutMs: number): string {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = ((error as { cause?: { code?: unknown } })?.cause?.code ?? '') as string;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (not running?)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection dropped before an answer';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return 'unreachable';
  }
}
