import { redactSecrets } from '@mdi/platform';
import { BadGatewayException, GatewayTimeoutException, Injectable } from '@nestjs/common';
import { GatewayConfig } from '../../gateway.config';

export type OwningService = 'polygon-ingestor' | 'quality-service';

export interface ForwardedCall {
  readonly service: OwningService;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path and query on the service, e.g. /backfill/plan?from=2025-01-02. */
  readonly path: string;
  /** The JSON body to send; undefined sends none. */
  readonly body?: unknown;
}

export interface ServiceAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

/**
 * Sends an admin action to the service that owns it, with the service token.
 * Its answer comes back as it is (2xx and 4xx: status, body); a service that
 * is unreachable, refuses the gateway's token or fails (5xx) is a 502 naming
 * it, one that does not answer within GATEWAY_FORWARD_TIMEOUT_MS a 504.
 */
@Injectable()
export class ServiceForwarder {
  constructor(private readonly config: GatewayConfig) {}

  async forward(call: ForwardedCall): Promise<ServiceAnswer> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.config.INTERNAL_API_TOKEN}`,
      accept: 'application/json',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl(call.service)}${call.path}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.GATEWAY_FORWARD_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      throw this.noAnswer(call.service, error as Error);
    }
    if (response.status === 401 || response.status === 403) {
      throw failure(
        call.service,
        `${call.service} refused the gateway's service token (${response.status}): INTERNAL_API_TOKEN of the gateway and the service differ`,
      );
    }
    if (response.status >= 500) {
      throw failure(call.service, `${call.service} answered ${response.status}: ${messageOf(text)}`, response.status);
    }
    return { status: response.status, contentType: response.headers.get('content-type'), text };
  }

  private noAnswer(service: OwningService, error: Error): BadGatewayException | GatewayTimeoutException {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return new GatewayTimeoutException({
        statusCode: 504,
        error: 'Gateway Timeout',
        message: `${service} did not answer within ${this.config.GATEWAY_FORWARD_TIMEOUT_MS} ms`,
        service,
      });
    }
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return failure(service, `${service} is unreachable: ${cause?.code ?? cause?.message ?? error.message}`);
  }

  private baseUrl(service: OwningService): string {
    const base = service === 'polygon-ingestor' ? this.config.POLYGON_INGESTOR_URL : this.config.QUALITY_SERVICE_URL;
    return base.replace(/\/+$/, '');
  }
}

function failure(service: OwningService, message: string, upstreamStatus?: number): BadGatewayException {
  return new BadGatewayException({
    statusCode: 502,
    error: 'Bad Gateway',
    message: redactSecrets(message),
    service,
    ...(upstreamStatus ? { upstreamStatus } : {}),
  });
}

/** The service's own message when its error body is JSON, else the start of the text. */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 200) || '(empty answer)';
}
