import { http } from './http';
import type { FaultSystem } from './system';
import { waitFor } from './wait-for';

async function status(url: string): Promise<number> {
  try {
    return (await http('GET', url, { timeoutMs: 3000 })).status;
  } catch {
    return 0;
  }
}

/** Which probe is not 200 right now: every service's /health/ready and each gateway's /health. */
export async function notGreen(system: FaultSystem): Promise<string[]> {
  const probes = [
    ...system
      .all()
      .filter((s) => s.name !== 'gateway')
      .map((s) => ({ what: `${s.label} /health/ready`, url: `${s.url}/health/ready` })),
    ...system.services.gateway.map((g) => ({ what: `${g.label} /health`, url: `${g.url}/health` })),
  ];
  const answers = await Promise.all(probes.map(async (p) => ({ ...p, status: await status(p.url) })));
  return answers.filter((a) => a.status !== 200).map((a) => `${a.what} ${a.status || 'no answer'}`);
}

/** Resolves with the milliseconds it took for every probe to answer 200, without anyone acting; fails after `boundMs` naming what stayed red. */
export async function waitForGreen(system: FaultSystem, boundMs: number): Promise<number> {
  const { ms } = await waitFor(
    `health to return to green (every /health/ready and the gateway's /health 200)`,
    boundMs,
    async () => {
      const red = await notGreen(system);
      if (red.length > 0) throw new Error(`still red: ${red.join(', ')}`);
      return true;
    },
    250,
  );
  return ms;
}
