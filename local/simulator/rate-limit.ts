/**
 * Sliding one-second window: a request is admitted when fewer than `perSecond` requests were admitted
 * in the last 1,000 ms. Rejected requests do not count (Clumio does not process them). A burst of 150
 * within a second therefore sees exactly 50 rejections, which keeps tests deterministic.
 */
export class RateLimiter {
  private readonly stamps: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(Number.isInteger(perSecond) && perSecond > 0))
      throw new RangeError('rateLimitPerSecond must be a positive integer');
    this.stamps = new Float64Array(perSecond);
  }

  admit(): boolean {
    const now = this.clock();
    if (this.size < this.perSecond) {
      this.stamps[(this.head + this.size) % this.perSecond] = now;
      this.size += 1;
      return true;
    }
    if (now - (this.stamps[this.head] ?? 0) < 1000) return false;
    this.stamps[this.head] = now;
    this.head = (this.head + 1) % this.perSecond;
    return true;
  }
}
