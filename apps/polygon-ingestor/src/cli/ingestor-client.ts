// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of the service, printed or read field by field
export type Answer = any;

export interface HttpAnswer {
  readonly status: number;
  readonly body: Answer;
}

/** Where the CLI writes; tests capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly tty: boolean;
}

/**
 * The ingestor's HTTP API as the CLI uses it (INGESTOR_URL). Every call
 * carries the service token (INTERNAL_API_TOKEN) when one is known: the
 * service's write endpoints refuse calls without it.
 */
export class IngestorClient {
  readonly base: string;

  constructor(
    url: string,
    private readonly serviceToken?: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = this.serviceToken ? { authorization: `Bearer ${this.serviceToken}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Answer = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed };
  }

  /** A GET whose success is a file: its bytes and headers; a refusal's JSON body as `call` reads it. */
  async download(path: string): Promise<HttpAnswer & { readonly bytes: Buffer; readonly headers: Headers }> {
    const headers: Record<string, string> = this.serviceToken ? { authorization: `Bearer ${this.serviceToken}` } : {};
    const response = await fetch(`${this.base}${path}`, { headers });
    const bytes = Buffer.from(await response.arrayBuffer());
    let body: Answer = null;
    if (response.status >= 400) {
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch {
        body = { message: bytes.toString('utf8').slice(0, 200) };
      }
    }
    return { status: response.status, body, bytes, headers: response.headers };
  }
}

const LOCAL_TOKEN_FILE = '.local/internal-api-token';

/** A refusal as the operator reads it: `400 invalid end-of-day request` and one line per reason. */
export function refusalText(answer: HttpAnswer): string {
  const reasons: string[] = Array.isArray(answer.body?.reasons) ? answer.body.reasons : [];
  const message = typeof answer.body?.message === 'string' ? answer.body.message : '';
  const hint =
    answer.status === 401
      ? `\n  set INTERNAL_API_TOKEN to the ingestor's service token (npm start writes the local one to ${LOCAL_TOKEN_FILE})`
      : '';
  return `${answer.status} ${message}${reasons.map((reason) => `\n  - ${reason}`).join('')}${hint}`;
}
