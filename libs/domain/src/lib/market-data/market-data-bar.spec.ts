import { sourceParameterProblem } from './market-data-bar';

describe('sourceParameterProblem', () => {
  it('accepts each source and names the sources for anything else', () => {
    expect(sourceParameterProblem('polygon')).toBeNull();
    expect(sourceParameterProblem('alpaca')).toBeNull();
    expect(sourceParameterProblem('Polygon')).toBe('source must be one of polygon, alpaca, got "Polygon"');
    expect(sourceParameterProblem(undefined)).toBe('source must be one of polygon, alpaca, got undefined');
    expect(sourceParameterProblem(['polygon'])).toBe('source must be one of polygon, alpaca, got ["polygon"]');
  });
});
