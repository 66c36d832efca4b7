/**
 * Keeps a fault in force for its stated duration. This is the fault itself
 * ("PostgreSQL down for 20 s"), not a wait for a condition: what follows it
 * waits for conditions with bounds.
 */
export async function holdFault(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Milliseconds since the fault was cleared, read at each milestone (health green, data complete). */
export function stopwatch(): () => number {
  const started = Date.now();
  return () => Date.now() - started;
}
