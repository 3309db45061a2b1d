import { expect } from 'chai';

import {
  checkPolling,
  coveredSeconds,
  defaultPolling,
  waitBeforePoll,
  type PollingSettings,
} from '../../../core/polling.js';

describe('core/polling', () => {
  describe('defaultPolling', () => {
    it('holds the stage param defaults of DESIGN §5', () => {
      expect(defaultPolling).to.deep.equal({
        intervalSeconds: 60,
        maxIntervalSeconds: 900,
        maxAttempts: 200,
      });
    });
  });

  describe('waitBeforePoll', () => {
    it('starts at the interval, doubles, then stays at the cap (defaults)', () => {
      const waits = Array.from({ length: 8 }, (_, i) => waitBeforePoll(i + 1, defaultPolling));
      expect(waits).to.deep.equal([60, 120, 240, 480, 900, 900, 900, 900]);
    });

    it('uses the cap exactly when a doubling lands on it', () => {
      const s: PollingSettings = { intervalSeconds: 2, maxIntervalSeconds: 8, maxAttempts: 10 };
      expect([1, 2, 3, 4, 5].map((p) => waitBeforePoll(p, s))).to.deep.equal([2, 4, 8, 8, 8]);
    });

    it('is a fixed interval when the cap equals the interval', () => {
      const s: PollingSettings = { intervalSeconds: 30, maxIntervalSeconds: 30, maxAttempts: 5 };
      expect([1, 2, 3].map((p) => waitBeforePoll(p, s))).to.deep.equal([30, 30, 30]);
    });

    it('stays at the cap for very late polls (no overflow to Infinity or NaN)', () => {
      expect(waitBeforePoll(5000, defaultPolling)).to.equal(900);
    });

    it('never waits less than minIntervalSeconds (the start phase), above maxIntervalSeconds too', () => {
      const s: PollingSettings = {
        intervalSeconds: 2,
        maxIntervalSeconds: 10,
        maxAttempts: 50,
        minIntervalSeconds: 6,
      };
      expect([1, 2, 3, 4].map((p) => waitBeforePoll(p, s))).to.deep.equal([6, 6, 8, 10]);
      expect(waitBeforePoll(4, { ...s, minIntervalSeconds: 12 })).to.equal(12);
      expect(coveredSeconds(3, s)).to.equal(20);
    });

    it('rejects a poll number below 1 or not whole', () => {
      expect(() => waitBeforePoll(0, defaultPolling)).to.throw(
        RangeError,
        'poll must be a whole number of at least 1, got 0',
      );
      expect(() => waitBeforePoll(1.5, defaultPolling)).to.throw(RangeError, 'poll must be');
    });
  });

  describe('coveredSeconds', () => {
    it('sums the waits of the first polls', () => {
      expect(coveredSeconds(0, defaultPolling)).to.equal(0);
      expect(coveredSeconds(1, defaultPolling)).to.equal(60);
      expect(coveredSeconds(5, defaultPolling)).to.equal(60 + 120 + 240 + 480 + 900);
    });

    it('covers 177,300 s (49.25 h) with the default 200 polls', () => {
      // 60 + 120 + 240 + 480 = 900, then 196 polls at the 900 s cap.
      expect(coveredSeconds(200, defaultPolling)).to.equal(177_300);
      expect(coveredSeconds(200, defaultPolling) / 3600).to.equal(49.25);
    });

    it('covers what a fixed 60 s interval needs ~2,955 polls for', () => {
      expect(
        coveredSeconds(2955, { intervalSeconds: 60, maxIntervalSeconds: 60, maxAttempts: 2955 }),
      ).to.equal(177_300);
    });

    it('rejects a negative or fractional count', () => {
      expect(() => coveredSeconds(-1, defaultPolling)).to.throw(
        RangeError,
        'polls must be a whole number of at least 0, got -1',
      );
      expect(() => coveredSeconds(2.5, defaultPolling)).to.throw(RangeError, 'polls must be');
    });
  });

  describe('checkPolling', () => {
    it('returns valid settings unchanged', () => {
      const s: PollingSettings = { intervalSeconds: 2, maxIntervalSeconds: 10, maxAttempts: 50 };
      expect(checkPolling(s)).to.equal(s);
      expect(checkPolling(defaultPolling)).to.equal(defaultPolling);
    });

    it('names the field that is not a positive whole number', () => {
      const cases: [Partial<PollingSettings>, string][] = [
        [{ intervalSeconds: 0 }, 'intervalSeconds must be a whole number of at least 1, got 0'],
        [{ intervalSeconds: 1.5 }, 'intervalSeconds must be a whole number of at least 1, got 1.5'],
        [{ intervalSeconds: Number.NaN }, 'intervalSeconds must be a whole number of at least 1, got NaN'],
        [{ maxIntervalSeconds: -900 }, 'maxIntervalSeconds must be a whole number of at least 1, got -900'],
        [{ maxAttempts: 0 }, 'maxAttempts must be a whole number of at least 1, got 0'],
        [{ maxAttempts: Infinity }, 'maxAttempts must be a whole number of at least 1, got Infinity'],
      ];
      for (const [change, message] of cases) {
        expect(() => checkPolling({ ...defaultPolling, ...change }), message).to.throw(RangeError, message);
      }
    });

    it('rejects a cap below the interval', () => {
      expect(() => checkPolling({ intervalSeconds: 60, maxIntervalSeconds: 30, maxAttempts: 10 })).to.throw(
        RangeError,
        'maxIntervalSeconds (30) must be at least intervalSeconds (60)',
      );
    });
  });
});
