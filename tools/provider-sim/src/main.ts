import { startSimulator } from './sim/simulator';
import { parseOptions } from './sim/sim-options';

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`provider-sim: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const sim = await startSimulator(options);
  process.stdout.write(`provider-sim listening on ${sim.url}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`provider-sim: ${e.message}\n`);
  process.exit(1);
});
