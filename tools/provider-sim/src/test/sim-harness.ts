import { RunningSimulator, startSimulator } from '../sim/simulator';
import { DEFAULT_ALPACA_KEY, DEFAULT_POLYGON_KEY, SimOptions } from '../sim/sim-options';

export const TODAY = '2026-11-25';

export interface TestSim extends RunningSimulator {
  /** GET a Polygon path with the default apiKey appended. */
  polygon(path: string): Promise<Response>;
  /** GET an Alpaca path with the default key headers. */
  alpaca(path: string): Promise<Response>;
  control(path: string, body?: unknown): Promise<Response>;
}

/** A simulator on a random port, frozen after the close of TODAY, rate limits off unless asked. */
export async function startTestSim(options: Partial<SimOptions> = {}): Promise<TestSim> {
  const sim = await startSimulator({
    port: 0,
    today: TODAY,
    count: 150,
    polygonRate: { limit: 0, windowMs: 60_000 },
    alpacaRate: { limit: 0, windowMs: 60_000 },
    ...options,
  });
  return {
    ...sim,
    polygon: (path) => fetch(`${sim.url}${path}${path.includes('?') ? '&' : '?'}apiKey=${DEFAULT_POLYGON_KEY}`),
    alpaca: (path) =>
      fetch(`${sim.url}${path}`, {
        headers: { 'APCA-API-KEY-ID': DEFAULT_ALPACA_KEY.keyId, 'APCA-API-SECRET-KEY': DEFAULT_ALPACA_KEY.secret },
      }),
    control: (path, body) =>
      fetch(
        `${sim.url}${path}`,
        body === undefined
          ? undefined
          : { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } },
      ),
  };
}

/** Parses a JSON body, failing the test with the body text if it is not JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field in the tests
export async function jsonOf<T = any>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (HTTP ${res.status}): ${text.slice(0, 200)}`);
  }
}
