import { Rng, rngFor } from '../data/prng';
import { Provider, SimRequest } from '../http/http-types';
import { FaultKind, FaultRule, PRE_FAULTS, parseFaultRules } from './fault-rules';
import { mutatePaging } from './paging-faults';
import { mutateBody } from './row-mutations';

export interface PreFault {
  latencyMs: number;
  /** The first terminal fault that hit (error, drop, 429), if any. */
  terminal?: FaultRule;
}

/** Holds the active fault rules and decides, per request, which ones hit. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private rng: Rng;
  private lastId = 0;

  constructor(
    private readonly seed: number,
    private readonly onHit: (kind: FaultKind) => void,
  ) {
    this.rng = rngFor(seed, 'faults');
  }

  add(input: unknown): FaultRule[] {
    const added = parseFaultRules(input, () => ++this.lastId);
    this.rules.push(...added);
    return added;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
    this.rng = rngFor(this.seed, 'faults');
  }

  private matches(rule: FaultRule, provider: Provider, endpoint: string, req: SimRequest, rowLevel: boolean): boolean {
    if (rule.count !== undefined && rule.count <= 0) return false;
    if (rule.provider && rule.provider !== provider) return false;
    if (rule.endpoint) {
      const e = rule.endpoint;
      if (e.endsWith('*') ? !endpoint.startsWith(e.slice(0, -1)) : e !== endpoint) return false;
    }
    if (rule.ticker) {
      const symbols = req.query.get('symbols');
      const oneSymbol = symbols === null || symbols.includes(',') ? undefined : symbols;
      const requested = req.params.ticker ?? req.query.get('ticker') ?? oneSymbol;
      // Row-level faults on multi-ticker answers pick the ticker's rows themselves.
      if (requested !== undefined ? requested !== rule.ticker : !rowLevel) return false;
    }
    return true;
  }

  private hit(rule: FaultRule): boolean {
    if (rule.probability < 1 && this.rng() >= rule.probability) return false;
    if (rule.count !== undefined) rule.count--;
    rule.applied++;
    this.onHit(rule.kind);
    return true;
  }

  /** Faults acting before the handler: added latency and at most one terminal fault. */
  before(provider: Provider, endpoint: string, req: SimRequest): PreFault {
    const result: PreFault = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (!(PRE_FAULTS as readonly string[]).includes(rule.kind)) continue;
      if (rule.kind !== 'latency' && result.terminal) continue;
      if (!this.matches(rule, provider, endpoint, req, false) || !this.hit(rule)) continue;
      if (rule.kind === 'latency') result.latencyMs += rule.latencyMs ?? 1000;
      else result.terminal = rule;
    }
    return result;
  }

  /** Row faults applied to a successful JSON body. */
  after(provider: Provider, endpoint: string, req: SimRequest, body: unknown): unknown {
    let out = body;
    for (const rule of this.rules) {
      if ((PRE_FAULTS as readonly string[]).includes(rule.kind)) continue;
      if (!this.matches(rule, provider, endpoint, req, true) || !this.hit(rule)) continue;
      out = rule.kind === 'next-url' ? mutatePaging(out, rule, req) : mutateBody(out, rule, this.rng);
    }
    return out;
  }
}
