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

/** The ingestor's HTTP API as the CLI uses it (INGESTOR_URL). */
export class IngestorClient {
  readonly base: string;

  constructor(url: string) {
    this.base = url.replace(/\/+$/, '');
  }

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<HttpAnswer> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
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
}

/** A refusal as the operator reads it: `400 invalid end-of-day request` and one line per reason. */
export function refusalText(answer: HttpAnswer): string {
  const reasons: string[] = Array.isArray(answer.body?.reasons) ? answer.body.reasons : [];
  const message = typeof answer.body?.message === 'string' ? answer.body.message : '';
  return `${answer.status} ${message}${reasons.map((reason) => `\n  - ${reason}`).join('')}`;
}
