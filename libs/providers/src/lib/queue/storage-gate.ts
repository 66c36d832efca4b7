/**
 * What a provider worker needs to know about the storage its handlers write
 * to. The worker asks before every call, so no provider call is spent while
 * its answer could not be stored; an answer fetched just before an outage is
 * kept (see FetchedAnswers) and written once storage is back.
 *
 * Implemented by the app's storage (libs/storage's StorageAvailability);
 * the providers lib only depends on this shape.
 */
export interface StorageGate {
  /** Null when handlers can write now, else why not (no secrets). Cheap: called before every job. */
  unavailableReason(): Promise<string | null>;
  /**
   * Why storage is unreachable when a handler's error says so (in the same
   * words as unavailableReason), or null when the error is a fault of the
   * data or the code.
   */
  outageReason(error: unknown): string | null;
}
