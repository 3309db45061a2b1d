/** How a Restore child waits between task checks (DESIGN §4; stage params of DESIGN §5). */
export interface PollingSettings {
  readonly intervalSeconds: number;
  readonly maxIntervalSeconds: number;
  readonly maxAttempts: number;
  /**
   * No wait is shorter than this, maxIntervalSeconds included: the run's start phase (core/pacing.ts),
   * so that each round of polls keeps the spread of the starts and never overlaps them or the next round.
   */
  readonly minIntervalSeconds?: number;
}

export const defaultPolling: PollingSettings = {
  intervalSeconds: 60,
  maxIntervalSeconds: 900,
  maxAttempts: 200,
};

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number of at least ${min}, got ${value}`);
  }
}

/**
 * Wait before poll number `poll` (1-based): interval, then doubling, capped at maxInterval, and never
 * under minInterval. Not bounded by maxAttempts: the caller decides when the polls are spent.
 */
export function waitBeforePoll(poll: number, s: PollingSettings): number {
  checkCount('poll', poll, 1);
  // Past ~1000 doublings the power is Infinity, which the cap turns back into maxInterval.
  const doubling = Math.min(s.intervalSeconds * 2 ** (poll - 1), s.maxIntervalSeconds);
  return Math.max(doubling, s.minIntervalSeconds ?? 0);
}

/** Total seconds covered by `polls` polls (for docs/bench). */
export function coveredSeconds(polls: number, s: PollingSettings): number {
  checkCount('polls', polls, 0);
  let total = 0;
  for (let poll = 1; poll <= polls; poll++) total += waitBeforePoll(poll, s);
  return total;
}

/** Validates settings (positive integers, max >= interval) → throws RangeError naming the field. */
export function checkPolling(s: PollingSettings): PollingSettings {
  checkCount('intervalSeconds', s.intervalSeconds, 1);
  checkCount('maxIntervalSeconds', s.maxIntervalSeconds, 1);
  checkCount('maxAttempts', s.maxAttempts, 1);
  if (s.minIntervalSeconds !== undefined) checkCount('minIntervalSeconds', s.minIntervalSeconds, 0);
  if (s.maxIntervalSeconds < s.intervalSeconds) {
    throw new RangeError(
      `maxIntervalSeconds (${s.maxIntervalSeconds}) must be at least intervalSeconds (${s.intervalSeconds})`,
    );
  }
  return s;
}
