/**
 * Start slots (DESIGN §4): when each restore of a run is POSTed, chosen at plan time from its place in
 * the plan, so that the starts of all the Restore map's children together stay within Clumio's budget
 * whatever their number, deployed (where every child runs in its own Lambda) as well as locally.
 */
export interface StartPacing {
  /** Requests per second the run may send (stage param clumioRequestsPerSecond). */
  readonly requestsPerSecond: number;
  /** Children in flight at once (stage param restoreConcurrency, the Restore map's MaxConcurrency). */
  readonly concurrency: number;
}

function check(pacing: StartPacing): void {
  for (const [name, value] of Object.entries(pacing)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a whole number of at least 1, got ${String(value)}`);
    }
  }
}

/**
 * Seconds a restore's child waits, from its own start, before it POSTs: `requestsPerSecond` restores per
 * second, in plan order. Slots count from the child's own start because every child of the first
 * `concurrency` starts at once, so a slow map start delays all slots alike and never bunches them. A later
 * restore gets a child only when an earlier one has ended, which a poll sees, one poll at a time: it
 * starts at once.
 */
export function startAfterSeconds(index: number, pacing: StartPacing): number {
  check(pacing);
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`index must be 0 or more, got ${index}`);
  return index < pacing.concurrency ? Math.floor(index / pacing.requestsPerSecond) : 0;
}

/**
 * How long the first slots last: every wait between polls is at least this long, so each restore's
 * first poll comes after every start, and each round of polls repeats the starts' spread (at most
 * `requestsPerSecond`) without overlapping the next round.
 */
export function startPhaseSeconds(restores: number, pacing: StartPacing): number {
  check(pacing);
  return Math.ceil(Math.min(restores, pacing.concurrency) / pacing.requestsPerSecond);
}
