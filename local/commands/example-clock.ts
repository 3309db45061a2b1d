import { isRecord, parseTimestamp } from '../../core/fields.js';

/** How long after an example's latest search_time the simulator's clock runs. */
const AFTER_SEARCH_TIME_MS = 2 * 24 * 60 * 60 * 1000;

/** Every search_time an input names, in its groups and in DefaultInput, as milliseconds. */
function searchTimes(document: unknown): number[] {
  if (!isRecord(document)) return [];
  const groups = Array.isArray(document.RestoreGroups) ? (document.RestoreGroups as unknown[]) : [];
  const defaults = isRecord(document.DefaultInput) ? Object.values(document.DefaultInput) : [];
  return [...groups, ...defaults].flatMap((group) => {
    const time = isRecord(group) ? group.search_time : undefined;
    const parsed = typeof time === 'string' ? parseTimestamp(time) : undefined;
    return parsed !== undefined && 'ms' in parsed ? [parsed.ms] : [];
  });
}

/**
 * The simulator's clock for an example: real time, but running two days after the latest search_time
 * the example names, so that the seeded backups and restorable windows (all relative to the simulator's
 * now) surround that moment whenever the demo runs. Without a search_time: real time.
 */
export function exampleClock(document: unknown, realNow: () => number = Date.now): (() => Date) | undefined {
  const times = searchTimes(document);
  if (times.length === 0) return undefined;
  const offset = Math.max(...times) + AFTER_SEARCH_TIME_MS - realNow();
  return () => new Date(realNow() + offset);
}
