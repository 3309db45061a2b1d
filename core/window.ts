/**
 * The search window of a restore group (DESIGN §3.2): which backup of each matching resource is chosen,
 * as the filter and sort of one backup-list call with `limit=1`.
 */

export type SearchDirection = 'before' | 'after';

export interface WindowSpec {
  readonly direction?: SearchDirection;
  /** Whole days before today (UTC). */
  readonly startOffset?: number;
  readonly endOffset?: number;
  /** An absolute search time (UTC, RFC 3339) instead of the day offsets. */
  readonly time?: string;
  /** With `after` and `time`: the end of the window (default now). */
  readonly timeEnd?: string;
}

/** The newest backup at or before the end of day `endOffset`. */
export interface BeforeWindow {
  readonly direction: 'before';
  readonly sort: '-start_timestamp';
  readonly filter: { readonly start_timestamp: { readonly $lte: string } };
  readonly restorePoint: string;
  /** The window and the fields it came from: `at or before <t> (before, end_search_day_offset 0)`. */
  describe(): string;
}

/** The oldest backup after the start of the older day and at or before the end of the newer day. */
export interface AfterWindow {
  readonly direction: 'after';
  readonly sort: 'start_timestamp';
  readonly filter: { readonly start_timestamp: { readonly $gt: string; readonly $lte: string } };
  readonly from: string;
  readonly to: string;
  describe(): string;
}

export type SearchWindow = BeforeWindow | AfterWindow;

const DAY_MS = 24 * 60 * 60 * 1000;

/** `%Y-%m-%dT%H:%M:%SZ`, the timestamp form Clumio filters take (no milliseconds). */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 00:00:00Z of the UTC calendar day `offset` days before `now`'s UTC day, in milliseconds. */
function dayStart(offset: number, now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - offset);
}

/** `start_of(d)`: 00:00:00Z of the UTC day `d` days before today. */
export function startOfDay(offset: number, now: Date): string {
  return timestamp(dayStart(offset, now));
}

/** `end_of(d)`: 23:59:59Z of the UTC day `d` days before today. */
export function endOfDay(offset: number, now: Date): string {
  return timestamp(dayStart(offset, now) + DAY_MS - 1000);
}

function checkOffset(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of days ≥ 0, got ${value}`);
  }
  return value;
}

/**
 * The window of an absolute search time: `before`, the newest backup at or before it (a time still to
 * come means now); `after`, the oldest backup after it and at or before `timeEnd` (default now).
 */
function absoluteWindow(
  direction: SearchDirection | undefined,
  time: string,
  timeEnd: string | undefined,
  now: Date,
): SearchWindow {
  const at = Date.parse(time);
  if (Number.isNaN(at)) throw new RangeError(`search_time is not a timestamp: ${time}`);
  const current = timestamp(now.getTime());
  if (direction === 'after') {
    const to = timeEnd ?? current;
    const end = timeEnd === undefined ? `now ${to}` : `search_time_end ${to}`;
    return {
      direction: 'after',
      sort: 'start_timestamp',
      filter: { start_timestamp: { $gt: time, $lte: to } },
      from: time,
      to,
      describe: () => `after search_time ${time} and at or before ${end}`,
    };
  }
  const future = at > now.getTime();
  const restorePoint = future ? current : time;
  const point = future ? `now ${current} (search_time ${time} is still to come)` : `search_time ${time}`;
  return {
    direction: 'before',
    sort: '-start_timestamp',
    filter: { start_timestamp: { $lte: restorePoint } },
    restorePoint,
    describe: () => `at or before ${point}`,
  };
}

export function searchWindow(spec: WindowSpec, now: Date): SearchWindow {
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  if (spec.time !== undefined) return absoluteWindow(spec.direction, spec.time, spec.timeEnd, now);
  const start = checkOffset('startOffset', spec.startOffset ?? 0);
  const end = checkOffset('endOffset', spec.endOffset ?? 0);
  if (spec.direction === 'after') {
    // Either order of the offsets means the same window: from the older day to the newer one.
    const from = startOfDay(Math.max(start, end), now);
    const to = endOfDay(Math.min(start, end), now);
    return {
      direction: 'after',
      sort: 'start_timestamp',
      filter: { start_timestamp: { $gt: from, $lte: to } },
      from,
      to,
      describe: () =>
        `after ${from} and at or before ${to} ` +
        `(after, start_search_day_offset ${start}, end_search_day_offset ${end})`,
    };
  }
  // No direction is `before` with offset 0: the newest backup up to the end of today.
  const offset = spec.direction === 'before' ? end : 0;
  const restorePoint = endOfDay(offset, now);
  return {
    direction: 'before',
    sort: '-start_timestamp',
    filter: { start_timestamp: { $lte: restorePoint } },
    restorePoint,
    describe: () => `at or before ${restorePoint} (before, end_search_day_offset ${offset})`,
  };
}
