import { STATUS_CODES, ServerResponse } from 'node:http';
import { CallStats } from '../control/call-stats';
import { FaultInjector } from '../control/fault-injector';
import { FaultRule } from '../control/fault-rules';
import { RateDecision, SlidingWindowLimiter } from '../control/rate-limiter';
import { Provider, SimRequest, SimResponse, json } from '../http/http-types';
import { Route } from '../http/router';
import { POLYGON_429_MESSAGE, polygonError } from '../polygon/polygon-responses';
import { SimContext, requestId } from './sim-context';
import { sendResponse } from './send-response';

export type Authenticate = (req: SimRequest) => { key?: string; failure?: SimResponse };

const HTML_ERROR = (status: number) => {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One provider call: auth, stats, faults, rate limit, handler, row faults, headers. */
export class ProviderPipeline {
  constructor(
    private readonly ctx: SimContext,
    private readonly stats: CallStats,
    private readonly faults: FaultInjector,
    private readonly limiter: SlidingWindowLimiter,
    private readonly auth: Record<Provider, Authenticate>,
  ) {}

  async handle(route: Route, req: SimRequest, res: ServerResponse): Promise<void> {
    const { provider, endpoint } = route;
    const auth = this.auth[provider](req);
    this.stats.call(provider, endpoint, auth.key ?? '(none)');
    if (auth.failure) return this.send(res, auth.failure);

    const key = auth.key as string;
    const pre = this.faults.before(provider, endpoint, req);
    if (pre.latencyMs > 0) await sleep(pre.latencyMs);
    if (pre.terminal?.kind === 'drop-connection') {
      req.raw.socket.destroy();
      return;
    }
    if (pre.terminal) return this.send(res, this.faultResponse(provider, req, pre.terminal, key));

    const decision = this.limiter.check(provider, key);
    const rateHeaders = provider === 'alpaca' ? alpacaRateHeaders(decision) : {};
    if (!decision.allowed) {
      const r = this.tooMany(provider, req, decision.retryAfterSeconds);
      return this.send(res, { ...r, headers: { ...r.headers, ...rateHeaders } });
    }
    const response = route.handler(req);
    if (response.status === 200 && response.body !== undefined) {
      response.body = this.faults.after(provider, endpoint, req, response.body);
    }
    this.send(res, { ...response, headers: { ...response.headers, ...rateHeaders } });
  }

  private send(res: ServerResponse, r: SimResponse): void {
    this.stats.status(r.status);
    sendResponse(res, r);
  }

  private tooMany(provider: Provider, req: SimRequest, retryAfterSeconds: number | null): SimResponse {
    const headers: Record<string, string> =
      retryAfterSeconds === null ? {} : { 'Retry-After': String(retryAfterSeconds) };
    if (provider === 'alpaca') return json(429, { code: 42910000, message: 'rate limit exceeded' }, headers);
    return { ...polygonError(429, requestId(this.ctx, req), POLYGON_429_MESSAGE), headers };
  }

  private faultResponse(provider: Provider, req: SimRequest, rule: FaultRule, key: string): SimResponse {
    if (rule.kind === 'rate-limit') {
      const r = this.tooMany(provider, req, rule.noRetryAfter ? null : (rule.retryAfterSeconds ?? 1));
      if (provider !== 'alpaca') return r;
      const reset = String(Math.ceil(Date.now() / 1000) + (rule.retryAfterSeconds ?? 1));
      return {
        ...r,
        headers: { ...r.headers, 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset },
      };
    }
    const status = rule.status ?? 503;
    const mode = rule.body ?? 'mixed';
    // "mixed" alternates HTML (first) and JSON, as a real gateway in trouble does.
    const html = mode === 'html' || (mode === 'mixed' && rule.applied % 2 === 1);
    if (html) return { status, text: HTML_ERROR(status), contentType: 'text/html' };
    // Alpaca's own error answers carry the rate-limit headers like every other answer (a gateway's HTML page does not).
    if (provider === 'alpaca') {
      return json(
        status,
        { code: status * 100_000, message: 'internal server error' },
        alpacaRateHeaders(this.limiter.peek(provider, key)),
      );
    }
    return polygonError(status, requestId(this.ctx, req), 'Internal server error. Please try again.');
  }
}

function alpacaRateHeaders(d: RateDecision): Record<string, string> {
  if (d.limit === 0) return {};
  return {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    'X-RateLimit-Reset': String(Math.ceil(d.resetAtMs / 1000)),
  };
}
