import { atrIndicator } from './atr.indicator';
import { bollingerIndicator } from './bollinger.indicator';
import { emaIndicator } from './ema.indicator';
import type { IndicatorDefinition } from './indicator';
import { macdIndicator } from './macd.indicator';
import { rsiIndicator } from './rsi.indicator';
import { smaIndicator } from './sma.indicator';

export const INDICATORS: ReadonlyMap<string, IndicatorDefinition> = new Map(
  [smaIndicator, emaIndicator, rsiIndicator, macdIndicator, bollingerIndicator, atrIndicator].map((d) => [d.name, d]),
);

export interface IndicatorRequest {
  readonly definition: IndicatorDefinition;
  readonly params: readonly number[];
}

/**
 * Parses `sma,ema:10,macd:12:26:9,bollinger:20:2`: a name, optionally with
 * parameters after colons (defaults otherwise). Throws RangeError with the reason.
 */
export function parseIndicatorList(text: string): IndicatorRequest[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === ''))
    throw new RangeError('indicators must be a comma-separated list of names, e.g. sma,ema,rsi');
  const requests = items.map((item) => {
    const [name, ...rawParams] = item.split(':');
    const definition = INDICATORS.get(name.toLowerCase());
    if (definition === undefined) {
      throw new RangeError(`unknown indicator "${name}" (known: ${[...INDICATORS.keys()].join(', ')})`);
    }
    const params = rawParams.length === 0 ? definition.defaults : rawParams.map(Number);
    if (rawParams.some((raw) => !/^\d+(\.\d+)?$/.test(raw)))
      throw new RangeError(`${item}: parameters must be positive numbers`);
    const problem = definition.problem(params);
    if (problem !== null) throw new RangeError(`${item}: ${problem}`);
    return { definition, params };
  });
  refuseRepeats(items, requests);
  return requests;
}

/** The same indicator twice (`sma,sma` or `sma,sma:20`, its default) would compute one column twice under one name. */
function refuseRepeats(items: readonly string[], requests: readonly IndicatorRequest[]): void {
  const seen = new Map<string, string>();
  requests.forEach((request, i) => {
    const key = `${request.definition.name}:${request.params.join(':')}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new RangeError(`indicators lists ${items[i]} twice (${first} and ${items[i]} are the same indicator)`);
    seen.set(key, items[i]);
  });
}
