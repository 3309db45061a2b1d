import { expect } from 'chai';

import { endOfDay, searchWindow, startOfDay } from '../../../core/window.js';

const at = (iso: string): Date => new Date(iso);

describe('core/window', () => {
  describe('startOfDay / endOfDay', () => {
    it('are the bounds of the UTC day d days before now, without milliseconds', () => {
      const now = at('2024-03-15T12:34:56.789Z');
      expect(startOfDay(0, now)).to.equal('2024-03-15T00:00:00Z');
      expect(endOfDay(0, now)).to.equal('2024-03-15T23:59:59Z');
      expect(startOfDay(3, now)).to.equal('2024-03-12T00:00:00Z');
      expect(endOfDay(3, now)).to.equal('2024-03-12T23:59:59Z');
    });

    it('take the UTC day of now at its first second', () => {
      const now = at('2024-03-15T00:00:00Z');
      expect(endOfDay(0, now)).to.equal('2024-03-15T23:59:59Z');
      expect(startOfDay(1, now)).to.equal('2024-03-14T00:00:00Z');
    });

    it('take the UTC day of now at its last second', () => {
      const now = at('2024-03-15T23:59:59Z');
      expect(startOfDay(0, now)).to.equal('2024-03-15T00:00:00Z');
      expect(endOfDay(1, now)).to.equal('2024-03-14T23:59:59Z');
    });

    it('use the UTC day whatever the local offset of the clock (now given with +10:00)', () => {
      const now = at('2024-03-16T05:00:00+10:00'); // 2024-03-15T19:00:00Z
      expect(endOfDay(0, now)).to.equal('2024-03-15T23:59:59Z');
    });

    it('cross month, year and leap-day boundaries', () => {
      expect(endOfDay(1, at('2024-03-01T08:00:00Z'))).to.equal('2024-02-29T23:59:59Z');
      expect(startOfDay(2, at('2024-03-01T08:00:00Z'))).to.equal('2024-02-28T00:00:00Z');
      expect(endOfDay(1, at('2023-03-01T08:00:00Z'))).to.equal('2023-02-28T23:59:59Z');
      expect(startOfDay(1, at('2025-01-01T00:00:00Z'))).to.equal('2024-12-31T00:00:00Z');
      expect(endOfDay(366, at('2025-01-01T12:00:00Z'))).to.equal('2024-01-01T23:59:59Z');
      expect(startOfDay(31, at('2024-05-01T00:00:00Z'))).to.equal('2024-03-31T00:00:00Z');
    });
  });

  describe('searchWindow', () => {
    const now = at('2024-03-15T10:20:30Z');

    it('before: the newest backup up to the end of day endOffset', () => {
      const w = searchWindow({ direction: 'before', startOffset: 9, endOffset: 2 }, now);
      expect(w.direction).to.equal('before');
      expect(w.sort).to.equal('-start_timestamp');
      expect(w.filter).to.deep.equal({ start_timestamp: { $lte: '2024-03-13T23:59:59Z' } });
      expect(w).to.include({ restorePoint: '2024-03-13T23:59:59Z' });
      expect(w).not.to.have.property('from');
      expect(w.describe()).to.equal('at or before 2024-03-13T23:59:59Z (before, end_search_day_offset 2)');
    });

    it('before without offsets: up to the end of today', () => {
      const w = searchWindow({ direction: 'before' }, now);
      expect(w.filter).to.deep.equal({ start_timestamp: { $lte: '2024-03-15T23:59:59Z' } });
    });

    it('no direction: before with offset 0, whatever the offsets', () => {
      const w = searchWindow({ startOffset: 10, endOffset: 4 }, now);
      expect(w.direction).to.equal('before');
      expect(w.sort).to.equal('-start_timestamp');
      expect(w.filter).to.deep.equal({ start_timestamp: { $lte: '2024-03-15T23:59:59Z' } });
      expect(searchWindow({}, now).filter).to.deep.equal(w.filter);
      expect(w.describe()).to.equal('at or before 2024-03-15T23:59:59Z (before, end_search_day_offset 0)');
    });

    it('after: the oldest backup from the start of the older day (exclusive) to the end of the newer one', () => {
      const w = searchWindow({ direction: 'after', startOffset: 10, endOffset: 0 }, now);
      expect(w.direction).to.equal('after');
      expect(w.sort).to.equal('start_timestamp');
      expect(w.filter).to.deep.equal({
        start_timestamp: { $gt: '2024-03-05T00:00:00Z', $lte: '2024-03-15T23:59:59Z' },
      });
      expect(w).to.include({ from: '2024-03-05T00:00:00Z', to: '2024-03-15T23:59:59Z' });
      expect(w.describe()).to.equal(
        'after 2024-03-05T00:00:00Z and at or before 2024-03-15T23:59:59Z ' +
          '(after, start_search_day_offset 10, end_search_day_offset 0)',
      );
    });

    it('after: both orders of the offsets give the same window (the reference example: start 0, end 10)', () => {
      const given = searchWindow({ direction: 'after', startOffset: 0, endOffset: 10 }, now);
      const reversed = searchWindow({ direction: 'after', startOffset: 10, endOffset: 0 }, now);
      expect(given.filter).to.deep.equal(reversed.filter);
      expect(given.filter).to.deep.equal({
        start_timestamp: { $gt: '2024-03-05T00:00:00Z', $lte: '2024-03-15T23:59:59Z' },
      });
    });

    it('after with equal offsets: that one day', () => {
      const w = searchWindow({ direction: 'after', startOffset: 3, endOffset: 3 }, now);
      expect(w.filter).to.deep.equal({
        start_timestamp: { $gt: '2024-03-12T00:00:00Z', $lte: '2024-03-12T23:59:59Z' },
      });
    });

    it('after with one offset missing: it counts as 0 (today)', () => {
      const w = searchWindow({ direction: 'after', startOffset: 2 }, now);
      expect(w.filter).to.deep.equal({
        start_timestamp: { $gt: '2024-03-13T00:00:00Z', $lte: '2024-03-15T23:59:59Z' },
      });
    });

    it('after across a leap day and a year boundary', () => {
      const w = searchWindow(
        { direction: 'after', startOffset: 1, endOffset: 60 },
        at('2024-03-01T00:00:00Z'),
      );
      expect(w.filter).to.deep.equal({
        start_timestamp: { $gt: '2024-01-01T00:00:00Z', $lte: '2024-02-29T23:59:59Z' },
      });
    });

    it('rejects offsets that are not whole days ≥ 0 and an invalid clock', () => {
      expect(() => searchWindow({ direction: 'before', endOffset: -1 }, now)).to.throw(
        RangeError,
        'endOffset must be a whole number of days ≥ 0, got -1',
      );
      expect(() => searchWindow({ direction: 'after', startOffset: 1.5 }, now)).to.throw(
        RangeError,
        'startOffset',
      );
      expect(() => searchWindow({}, new Date(Number.NaN))).to.throw(RangeError, 'now is not a valid date');
    });

    it('serialises to JSON without its describe function', () => {
      const w = searchWindow({ direction: 'before', endOffset: 1 }, now);
      expect(JSON.parse(JSON.stringify(w))).to.deep.equal({
        direction: 'before',
        sort: '-start_timestamp',
        filter: { start_timestamp: { $lte: '2024-03-14T23:59:59Z' } },
        restorePoint: '2024-03-14T23:59:59Z',
      });
    });
  });

  describe('searchWindow with an absolute search_time', () => {
    const now = at('2026-06-30T12:00:00Z');
    const time = '2026-06-28T14:05:00Z';

    it('before (or no direction): the newest backup at or before search_time exactly; offsets play no part', () => {
      for (const direction of ['before', undefined] as const) {
        const w = searchWindow({ direction, time, endOffset: 5 }, now);
        expect(JSON.parse(JSON.stringify(w))).to.deep.equal({
          direction: 'before',
          sort: '-start_timestamp',
          filter: { start_timestamp: { $lte: time } },
          restorePoint: time,
        });
        expect(w.describe()).to.equal('at or before search_time 2026-06-28T14:05:00Z');
      }
    });

    it('before with a search_time still to come: up to now', () => {
      const w = searchWindow({ direction: 'before', time: '2026-07-01T00:00:00Z' }, now);
      expect(w.filter).to.deep.equal({ start_timestamp: { $lte: '2026-06-30T12:00:00Z' } });
      expect(w.describe()).to.equal(
        'at or before now 2026-06-30T12:00:00Z (search_time 2026-07-01T00:00:00Z is still to come)',
      );
    });

    it('after: the oldest backup after search_time, up to search_time_end or now', () => {
      const open = searchWindow({ direction: 'after', time }, now);
      expect(JSON.parse(JSON.stringify(open))).to.deep.equal({
        direction: 'after',
        sort: 'start_timestamp',
        filter: { start_timestamp: { $gt: time, $lte: '2026-06-30T12:00:00Z' } },
        from: time,
        to: '2026-06-30T12:00:00Z',
      });
      expect(open.describe()).to.equal(
        'after search_time 2026-06-28T14:05:00Z and at or before now 2026-06-30T12:00:00Z',
      );
      const closed = searchWindow({ direction: 'after', time, timeEnd: '2026-06-29T00:00:00Z' }, now);
      expect(closed.filter).to.deep.equal({
        start_timestamp: { $gt: time, $lte: '2026-06-29T00:00:00Z' },
      });
      expect(closed.describe()).to.equal(
        'after search_time 2026-06-28T14:05:00Z and at or before search_time_end 2026-06-29T00:00:00Z',
      );
    });

    it('keeps milliseconds of the search_time; the clock of now is cut to the second', () => {
      const w = searchWindow(
        { direction: 'after', time: '2026-06-28T14:05:00.250Z' },
        at('2026-06-30T12:00:00.999Z'),
      );
      expect(w.filter).to.deep.equal({
        start_timestamp: { $gt: '2026-06-28T14:05:00.250Z', $lte: '2026-06-30T12:00:00Z' },
      });
    });

    it('refuses a search_time that is not a timestamp', () => {
      expect(() => searchWindow({ time: 'yesterday' }, now)).to.throw(
        RangeError,
        'search_time is not a timestamp: yesterday',
      );
    });
  });
});
