import { expect } from 'chai';
import { startAfterSeconds, startPhaseSeconds } from '../../../core/pacing.js';

describe('core/pacing: start slots', () => {
  const pacing = { requestsPerSecond: 90, concurrency: 1000 };

  it('starts requestsPerSecond restores per second, in plan order, from each child’s own start', () => {
    const slots = Array.from({ length: 1000 }, (_, i) => startAfterSeconds(i, pacing));
    expect(slots.slice(0, 3)).to.deep.equal([0, 0, 0]);
    expect([slots[89], slots[90], slots[179], slots[180], slots[999]]).to.deep.equal([0, 1, 1, 2, 11]);
    for (let second = 0; second < 12; second++) {
      expect(slots.filter((s) => s === second).length, `second ${second}`).to.equal(second < 11 ? 90 : 10);
    }
    expect(startPhaseSeconds(1000, pacing)).to.equal(12);
  });

  it('starts a restore beyond restoreConcurrency at once: its child starts only when an earlier restore has ended', () => {
    const few = { requestsPerSecond: 10, concurrency: 25 };
    expect([0, 9, 10, 24, 25, 26, 500].map((i) => startAfterSeconds(i, few))).to.deep.equal([
      0, 0, 1, 2, 0, 0, 0,
    ]);
    expect(startPhaseSeconds(500, few)).to.equal(3);
    expect(startPhaseSeconds(7, few)).to.equal(1);
    expect(startPhaseSeconds(0, few)).to.equal(0);
  });

  it('refuses settings or an index that are not whole numbers in range, naming them', () => {
    expect(() => startAfterSeconds(0, { requestsPerSecond: 0, concurrency: 1 })).to.throw(
      RangeError,
      'requestsPerSecond must be a whole number of at least 1, got 0',
    );
    expect(() => startPhaseSeconds(3, { requestsPerSecond: 5, concurrency: 1.5 })).to.throw(
      RangeError,
      'concurrency must be a whole number of at least 1, got 1.5',
    );
    expect(() => startAfterSeconds(-1, pacing)).to.throw(RangeError, 'index must be 0 or more, got -1');
  });
});
