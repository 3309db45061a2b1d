import { coveredSeconds, defaultPolling, waitBeforePoll, type PollingSettings } from '../../core/polling.js';
import { loadServerlessConfig } from '../serverless-config.js';
import { elapsed } from '../terminal.js';

/**
 * How long a local run waits for each Clumio task. A real Clumio restore takes hours: against any host
 * but this machine, the CLI polls like the deployed service (the stage params' defaults); the short
 * schedule of the `local` stage is for the simulator.
 */

export interface WaitOptions {
  /** Longest wait for one task before it is timed_out. */
  readonly maxWaitSeconds?: number;
  /** Every wait this long instead of the doubling schedule. */
  readonly pollIntervalSeconds?: number;
}

export interface Waiting {
  /** The Restore children's schedule. */
  readonly polling: PollingSettings;
  /** Every Wait this long (the runner's override), for an interval Step Functions could not express. */
  readonly waitMs?: number;
  /** For the user: the schedule and how long it waits at most. */
  readonly text: string;
}

/** The `local` stage's schedule, as serverless.yml sets it on the Restore map. */
async function localPolling(): Promise<PollingSettings> {
  const config = await loadServerlessConfig('local');
  const restore = config.stepFunctions.stateMachines.bulkRestore?.definition.States.Restore;
  const polling = (restore?.ItemSelector as { polling?: PollingSettings } | undefined)?.polling;
  if (polling === undefined) throw new Error('serverless.yml: the Restore map has no polling settings');
  // The floor (minIntervalSeconds) is the run's own start phase, which the definition passes itself.
  const { intervalSeconds, maxIntervalSeconds, maxAttempts } = polling;
  return { intervalSeconds, maxIntervalSeconds, maxAttempts };
}

/** The schedule before any option: the simulator's for a loopback Clumio, else the deployed one. */
export function stagePolling(loopback: boolean): Promise<PollingSettings> {
  return loopback ? localPolling() : Promise.resolve(defaultPolling);
}

/** The fewest polls of `schedule` that cover `seconds`. */
function pollsCovering(seconds: number, schedule: Omit<PollingSettings, 'maxAttempts'>): number {
  if (schedule.intervalSeconds === schedule.maxIntervalSeconds) {
    return Math.max(1, Math.ceil(seconds / schedule.intervalSeconds - 1e-9));
  }
  let polls = 0;
  let covered = 0;
  const settings = { ...schedule, maxAttempts: Number.MAX_SAFE_INTEGER };
  while (covered < seconds) covered += waitBeforePoll(++polls, settings);
  return Math.max(1, polls);
}

export function waitingFor(base: PollingSettings, options: WaitOptions): Waiting {
  const maxWait = options.maxWaitSeconds ?? coveredSeconds(base.maxAttempts, base);
  const interval = options.pollIntervalSeconds;
  const schedule =
    interval === undefined
      ? { intervalSeconds: base.intervalSeconds, maxIntervalSeconds: base.maxIntervalSeconds }
      : { intervalSeconds: interval, maxIntervalSeconds: interval };
  const changed = options.maxWaitSeconds !== undefined || interval !== undefined;
  const polling = { ...schedule, maxAttempts: changed ? pollsCovering(maxWait, schedule) : base.maxAttempts };
  const every =
    interval === undefined
      ? `after ${schedule.intervalSeconds} s, doubling to ${schedule.maxIntervalSeconds} s`
      : `every ${interval} s`;
  return {
    polling,
    // Step Functions waits whole seconds; a shorter interval (the simulator, tests) is the runner's.
    ...(interval !== undefined && !Number.isInteger(interval) ? { waitMs: interval * 1000 } : {}),
    text:
      `each Clumio task is polled ${every}, up to ${polling.maxAttempts} polls ` +
      `(${elapsed(coveredSeconds(polling.maxAttempts, polling) * 1000)})`,
  };
}
