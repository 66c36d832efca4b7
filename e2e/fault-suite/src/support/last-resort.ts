/**
 * Synchronous clean-ups run when the Jest process exits without reaching a
 * file's afterAll (a crash, a forced exit), so no service, Redis or
 * PostgreSQL of the suite outlives it. afterAll remains the normal path.
 */
const cleanups = new Set<() => void>();
let installed = false;

export function onProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const fn of cleanups) {
        try {
          fn();
        } catch {
          // best effort: the process is going away
        }
      }
    });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
