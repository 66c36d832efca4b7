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
  if (items.some((item) => item === '')) throw new RangeError('indicators must be a comma-separated list of names, e.g. sma,ema,rsi');
  return items.map((item) => {
    const [name, ...rawParams] = item.split(':');
    const definition = INDICATORS.get(name.toLowerCase());
    if (definition === undefined) {
      throw new RangeError(`unknown indicator "${name}" (known: ${[...INDICATORS.keys()].join(', ')})`);
    }
    const params = rawParams.length === 0 ? definition.defaults : rawParams.map(Number);
    if (rawParams.some((raw) => !/^\d+(\.\d+)?$/.test(raw))) throw new RangeError(`${item}: parameters must be positive numbers`);
    const problem = definition.problem(params);
    if (problem !== null) throw new RangeError(`${item}: ${problem}`);
    return { definition, params };
  });
}
