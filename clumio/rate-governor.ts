/**
 * Paces every request of a process to Clumio's per-organisation rate (DESIGN §4, §5): a token bucket of
 * one token that all concurrent calls share, so requests leave one by one at the current rate instead of
 * finding Clumio's limit through 429s. A 429 halves the rate (someone else may share the organisation's
 * budget); the rate then climbs back linearly to the budget. Requests leave in the order they asked.
 */

/** From no rate at all back to the full budget: a halved rate is whole again after half of this. */
const RECOVERY_MS = 5_000;
/** 429s within this long of a halving answer requests sent before it: they are the same signal. */
const HOLD_MS = 1_000;
/** Requests per second below which a 429 no longer slows the governor (retries still wait Retry-After). */
const MIN_RATE = 1;
/** Intervals a late release may make up: at most the budget + CATCH_UP + 1 requests leave in a second. */
const CATCH_UP = 2;

export interface GovernorClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds. */
  after(ms: number, fn: () => void): void;
}

const realClock: GovernorClock = {
  now: () => performance.now(),
  after: (ms, fn) => void setTimeout(fn, ms),
};

export class RateGovernor {
  /** Requests per second this governor never exceeds. */
  readonly budget: number;
  private readonly clock: GovernorClock;
  private readonly waiting: (() => void)[] = [];
  /** When the next request may leave (clock ms). */
  private nextAt = Number.NEGATIVE_INFINITY;
  private timerSet = false;
  /** The rate just after the last halving, and when it happened. */
  private base: number;
  private halvedAt = Number.NEGATIVE_INFINITY;
  private halvings = 0;

  constructor(budget: number, clock: GovernorClock = realClock) {
    if (!(Number.isFinite(budget) && budget > 0)) {
      throw new RangeError(`the request budget must be a positive number per second, got ${budget}`);
    }
    this.budget = budget;
    this.base = budget;
    this.clock = clock;
  }

  /** Requests per second allowed now. */
  rate(now: number = this.clock.now()): number {
    return Math.min(this.budget, this.base + (this.budget * (now - this.halvedAt)) / RECOVERY_MS);
  }

  /** How many times a 429 has halved the rate. */
  get throttles(): number {
    return this.halvings;
  }

  /** Resolves when this request may be sent. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.release();
    });
  }

  /** Clumio answered 429: halve the rate, once for all the requests that were sent together. */
  throttled(): void {
    const now = this.clock.now();
    if (now - this.halvedAt < HOLD_MS) return;
    this.base = Math.max(Math.min(MIN_RATE, this.budget), this.rate(now) / 2);
    this.halvedAt = now;
    this.halvings += 1;
  }

  private release(): void {
    if (this.timerSet) return;
    let now = this.clock.now();
    while (this.waiting.length > 0 && now >= this.nextAt) {
      // A timer up to CATCH_UP intervals late does not shift the schedule (the average rate holds, even
      // on a busy event loop); so after a pause, up to CATCH_UP + 1 requests leave at once.
      const interval = 1000 / this.rate(now);
      this.nextAt = Math.max(this.nextAt, now - CATCH_UP * interval) + interval;
      this.waiting.shift()?.();
      now = this.clock.now();
    }
    if (this.waiting.length > 0) {
      this.timerSet = true;
      this.clock.after(this.nextAt - now, () => {
        this.timerSet = false;
        this.release();
      });
    }
  }
}
