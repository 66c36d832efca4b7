// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON documents asserted field by field
export type Json = any;

export interface HttpAnswer {
  readonly status: number;
  readonly body: Json;
  /** The raw text, for the secret scan. */
  readonly text: string;
}

/** One HTTP request with an optional bearer token and JSON body; JSON answers parsed, others kept as text. */
export async function http(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // metrics and pages stay text
  }
  return { status: response.status, body, text };
}
