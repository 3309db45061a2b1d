import { expect } from 'chai';
import { RateGovernor, type GovernorClock } from '../../../clumio/index.js';

/** A clock that moves only when told to, running the governor's timers at their times. */
class ManualClock implements GovernorClock {
  private time = 0;
  private timers: { at: number; fn: () => void }[] = [];

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): void {
    this.timers.push({ at: this.time + ms, fn });
  }

  /** Timers due before `at` fire only then, as on an event loop busy until `at`. */
  stallUntil(at: number): void {
    for (const timer of this.timers) timer.at = Math.max(timer.at, at);
  }

  /** Moves to `to`, firing every timer due on the way (and letting released callers run). */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (due === undefined || due.at > to) break;
      this.timers.shift();
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = to;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Asks `count` times at once; the times at which each caller was let through, in asking order. */
function askAll(governor: RateGovernor, clock: ManualClock, count: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) void governor.acquire().then(() => (times[i] = clock.now()));
  return times;
}

function mostInOneSecond(times: readonly number[]): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
}

describe('clumio/rate-governor: one pace for every request of a process', () => {
  it('lets callers through at the budget, in the order they asked: after a pause 3 at once, never more than budget + 3 in a second', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor(10, clock);
    const times = askAll(governor, clock, 25);
    await clock.advanceTo(5000);
    expect(times).to.have.length(25);
    expect(times.slice(0, 5)).to.deep.equal([0, 0, 0, 100, 200]);
    for (let i = 3; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).to.equal(100);
    expect(mostInOneSecond(times)).to.equal(12);
    expect(times.at(-1)).to.equal(2200);
  });

  it('makes up for a late timer (a busy event loop) without going over the budget on average', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor(10, clock);
    const times = askAll(governor, clock, 13);
    // Nothing runs until 450 ms: three go then (what two intervals make up), the rest at the budget again.
    await clock.advanceTo(0);
    clock.stallUntil(450);
    await clock.advanceTo(2000);
    expect(times).to.deep.equal([0, 0, 0, 450, 450, 450, 550, 650, 750, 850, 950, 1050, 1150]);
  });

  it('lets a request through at once when nothing is waiting', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor(5, clock);
    const first = askAll(governor, clock, 1);
    await clock.advanceTo(10_000);
    const second = askAll(governor, clock, 1);
    await clock.advanceTo(10_000);
    expect(first).to.deep.equal([0]);
    expect(second).to.deep.equal([10_000]);
  });

  it('halves its rate on a 429, once for the 429s of one second, and climbs back to the budget within 2.5 s', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor(100, clock);
    expect(governor.rate()).to.equal(100);
    governor.throttled();
    governor.throttled();
    expect(governor.rate()).to.equal(50);
    expect(governor.throttles).to.equal(1);
    await clock.advanceTo(1000);
    expect(governor.rate()).to.equal(70);
    governor.throttled();
    expect(governor.rate()).to.equal(35);
    expect(governor.throttles).to.equal(2);
    await clock.advanceTo(2000);
    expect(governor.rate()).to.equal(55);
    await clock.advanceTo(4000);
    expect(governor.rate()).to.equal(95);
    await clock.advanceTo(4250);
    expect(governor.rate()).to.equal(100);
  });

  it('spaces the callers still waiting at the halved rate', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor(10, clock);
    const times = askAll(governor, clock, 5);
    await clock.advanceTo(60);
    expect(times).to.deep.equal([0, 0, 0]);
    governor.throttled();
    await clock.advanceTo(1000);
    // 100 was planned before the 429; the next comes at the rate after it: 5 + 10 × 40 ms / 5 s at 100.
    expect(times[3]).to.equal(100);
    expect(times[4]).to.be.closeTo(100 + 1000 / 5.08, 0.001);
  });

  it('never slows below one request per second, whatever the 429s', async () => {
    const clock = new ManualClock();
    const governor = new RateGovernor(90, clock);
    for (let second = 0; second < 10; second++) {
      governor.throttled();
      await clock.advanceTo(clock.now() + 1000);
    }
    governor.throttled();
    expect(governor.rate()).to.be.at.least(1);
    expect(governor.throttles).to.equal(11);
  });

  it('refuses a budget that is not a positive number', () => {
    for (const budget of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new RateGovernor(budget), String(budget)).to.throw(
        RangeError,
        `the request budget must be a positive number per second, got ${budget}`,
      );
    }
  });
});
