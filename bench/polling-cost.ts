/**
 * B3: what waiting for one long restore costs. Modelled from the deployed definition (serverless print of a
 * stage): the Restore child's state transitions are counted by walking its states for a given number of
 * polls; the polls come from the polling schedule (core/polling.ts) with the stage's params; memory sizes
 * come from serverless.yml. A scaled run of the real definition against the simulator, on a virtual clock
 * that each Wait advances by its SecondsPath, confirms the poll count.
 */
import { waitBeforePoll, type PollingSettings } from '../core/polling.js';
import type { RestoreProgress } from '../workflows/bulk-restore/state.js';
import { startSimulator } from '../local/simulator/index.js';
import type { AslDefinition, AslState } from '../local/serverless-config.js';
import { loadInput, restoreMap, runBulkRestore } from './harness.js';

/** us-east-1 list prices of shared/reference/aws-limits.md. */
export const PRICES = {
  transition: 0.025 / 1000,
  lambdaGbSecondArm64: 0.0000133334,
  lambdaGbSecondX86: 0.0000166667,
  lambdaRequest: 0.2 / 1_000_000,
} as const;

export const HOURS_48 = 48 * 3600;

export interface PollCount {
  readonly polls: number;
  /** How the child ends: the task is seen completed, or pollingMaxAttempts is spent first. */
  readonly ending: 'completed' | 'timed_out';
  /** Seconds waited before the last poll. */
  readonly waitedSeconds: number;
}

/** Polls that see a task of `restoreSeconds` end (the first poll at or after its end), per the schedule. */
export function pollsFor(restoreSeconds: number, settings: PollingSettings): PollCount {
  let waited = 0;
  for (let poll = 1; poll <= settings.maxAttempts; poll++) {
    waited += waitBeforePoll(poll, settings);
    if (waited >= restoreSeconds) return { polls: poll, ending: 'completed', waitedSeconds: waited };
  }
  return { polls: settings.maxAttempts, ending: 'timed_out', waitedSeconds: waited };
}

/** How the walk answers each Task: the fields its output sets for the Choices that follow. */
export type TaskScript = (state: string, functionKey: string) => Record<string, unknown>;

export interface Walk {
  /** States entered: what Step Functions STANDARD bills as state transitions. */
  readonly transitions: number;
  /** Task invocations by serverless function key. */
  readonly invocations: Readonly<Record<string, number>>;
}

function functionKeyOf(state: AslState): string {
  const getAtt = (state.Resource as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : String(state.Resource);
}

function valueAt(data: Record<string, unknown>, path: unknown): unknown {
  if (typeof path !== 'string' || !/^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(path))
    throw new Error(`the transition walk cannot read ${String(path)}`);
  return path
    .split('.')
    .slice(1)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], data);
}

const comparators: Record<string, (actual: unknown, expected: unknown) => boolean> = {
  StringEquals: (a, e) => a === e,
  BooleanEquals: (a, e) => a === e,
  NumericEquals: (a, e) => a === e,
  NumericGreaterThan: (a, e) => typeof a === 'number' && typeof e === 'number' && a > e,
};

function choose(state: AslState, data: Record<string, unknown>): string {
  for (const rule of (state.Choices ?? []) as Record<string, unknown>[]) {
    const op = Object.keys(comparators).find((name) => name in rule);
    if (op === undefined) throw new Error(`the transition walk cannot evaluate ${JSON.stringify(rule)}`);
    if ((comparators[op] as (a: unknown, e: unknown) => boolean)(valueAt(data, rule.Variable), rule[op]))
      return String(rule.Next);
  }
  if (typeof state.Default !== 'string') throw new Error('a Choice matched nothing and has no Default');
  return state.Default;
}

/**
 * Follows one execution of `definition` from StartAt to its end and counts the states entered. Task
 * outputs come from `script` (merged into the data the Choices read); an inline Map runs its processor
 * `mapItems(name)` times; a Distributed Map counts as one state (its children are executions of their own).
 */
export function walkTransitions(
  definition: AslDefinition,
  script: TaskScript,
  options: { readonly input?: Record<string, unknown>; readonly mapItems?: (state: string) => number } = {},
): Walk {
  const invocations: Record<string, number> = {};
  let transitions = 0;
  let data: Record<string, unknown> = { ...options.input };
  let name: string | undefined = definition.StartAt;
  while (name !== undefined) {
    const state: AslState | undefined = definition.States[name];
    if (state === undefined) throw new Error(`the walk reached an unknown state ${name}`);
    transitions += 1;
    if (transitions > 1_000_000) throw new Error('the walk does not end');
    if (state.Type === 'Task') {
      const key = functionKeyOf(state);
      invocations[key] = (invocations[key] ?? 0) + 1;
      data = { ...data, ...script(name, key) };
    } else if (state.Type === 'Map' && state.ItemReader === undefined) {
      const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition;
      for (let i = 0; i < (options.mapItems?.(name) ?? 0); i++) {
        const inner = walkTransitions(processor, script, options);
        transitions += inner.transitions;
        for (const [k, v] of Object.entries(inner.invocations)) invocations[k] = (invocations[k] ?? 0) + v;
      }
    }
    if (state.Type === 'Choice') name = choose(state, data);
    else if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') name = undefined;
    else name = String(state.Next);
  }
  return { transitions, invocations };
}

export interface CostLine {
  readonly name: string;
  readonly polls: number;
  readonly transitions: number;
  readonly lambdaGbSeconds: number;
  readonly lambdaRequests: number;
  readonly transitionCost: number;
  readonly lambdaCost: number;
  readonly total: number;
}

export interface PollingCostFigures {
  readonly stage: string;
  readonly restoreSeconds: number;
  readonly polling: PollingSettings;
  readonly ending: PollCount['ending'];
  /** Transitions of one Restore child: fixed ones and per poll. */
  readonly childFixedTransitions: number;
  readonly transitionsPerPoll: number;
  /** The parent execution's transitions of a run of `restoresPerRun`, per restore. */
  readonly parentTransitionsPerRestore: number;
  readonly memoryMb: { readonly checkTask: number; readonly startRestore: number };
  readonly architecture: string;
  readonly assumptions: { readonly checkTaskSeconds: number; readonly startRestoreSeconds: number };
  /** This service; a fixed 60-s poll of the same definition; the reference's sleeping Lambda. */
  readonly lines: readonly [CostLine, CostLine, CostLine];
  /** The reference's Lambda cost on x86 (the Python reference's default), as aws-limits.md prices it. */
  readonly referenceTotalX86: number;
}

export interface CostOptions {
  /** Stage whose params and definition are modelled; default 'prod'. */
  readonly stage?: string;
  /** How long the Clumio task runs; default 48 h. */
  readonly restoreSeconds?: number;
  /** Restores of one run, for the parent's share; default 1,000. */
  readonly restoresPerRun?: number;
  /** Billed duration of one CheckTask (one GET /tasks/{id}); default 0.1 s (aws-limits.md). */
  readonly checkTaskSeconds?: number;
  /** Billed duration of StartRestore (one POST, maybe retried on 429); default 1 s. */
  readonly startRestoreSeconds?: number;
}

/** One restore child that polls `polls` times and then sees its task `ending`. */
function childWalk(child: AslDefinition, polls: number, ending: string): Walk {
  let seen = 0;
  return walkTransitions(child, (_state, key) => {
    if (key === 'startRestore') return { status: 'started' };
    if (key === 'checkTask') return { status: ++seen < polls ? 'started' : ending };
    throw new Error(`the Restore child calls an unexpected function ${key}`);
  });
}

export async function pollingCost(options: CostOptions = {}): Promise<PollingCostFigures> {
  const stage = options.stage ?? 'prod';
  const restoreSeconds = options.restoreSeconds ?? HOURS_48;
  const perRun = options.restoresPerRun ?? 1000;
  const checkTaskSeconds = options.checkTaskSeconds ?? 0.1;
  const startRestoreSeconds = options.startRestoreSeconds ?? 1;
  const { config, parent, child, polling } = await restoreMap(stage);
  const memoryOf = (key: string): number =>
    config.functions[key]?.memorySize ?? config.provider?.memorySize ?? 1024;
  const memoryMb = { checkTask: memoryOf('checkTask'), startRestore: memoryOf('startRestore') };
  const architecture = config.provider?.architecture ?? 'x86_64';
  const gbSecondPrice = architecture === 'arm64' ? PRICES.lambdaGbSecondArm64 : PRICES.lambdaGbSecondX86;

  const oneWalk = childWalk(child, 1, 'completed');
  const twoWalk = childWalk(child, 2, 'completed');
  const perPoll = twoWalk.transitions - oneWalk.transitions;
  const fixed = oneWalk.transitions - perPoll;

  const parentWalk = walkTransitions(
    parent,
    (_state, key) =>
      key === 'finalizePlan'
        ? { dryRun: false, planned: perRun }
        : key === 'report'
          ? { incomplete: 0 }
          : { dryRun: false },
    { mapItems: () => 1 },
  );
  const parentShare = parentWalk.transitions / perRun;

  const line = (
    name: string,
    polls: number,
    transitions: number,
    gbSeconds: number,
    requests: number,
    price = gbSecondPrice,
  ): CostLine => {
    const transitionCost = transitions * PRICES.transition;
    const lambdaCost = gbSeconds * price + requests * PRICES.lambdaRequest;
    return {
      name,
      polls,
      transitions,
      lambdaGbSeconds: gbSeconds,
      lambdaRequests: requests,
      transitionCost,
      lambdaCost,
      total: transitionCost + lambdaCost,
    };
  };
  const gb = (mb: number): number => mb / 1024;
  const startGbSeconds = startRestoreSeconds * gb(memoryMb.startRestore);

  const ours = pollsFor(restoreSeconds, polling);
  const ourWalk = childWalk(child, ours.polls, ours.ending);
  const service = line(
    `this service (${polling.intervalSeconds} s doubling to ${polling.maxIntervalSeconds} s)`,
    ours.polls,
    ourWalk.transitions + parentShare,
    startGbSeconds + ours.polls * checkTaskSeconds * gb(memoryMb.checkTask),
    1 + ours.polls,
  );

  const fixedPolls = Math.ceil(restoreSeconds / 60);
  const fixedWalk = childWalk(child, fixedPolls, 'completed');
  const fixed60 = line(
    'fixed 60 s poll (same definition)',
    fixedPolls,
    fixedWalk.transitions + parentShare,
    startGbSeconds + fixedPolls * checkTaskSeconds * gb(memoryMb.checkTask),
    1 + fixedPolls,
  );

  // aws-limits.md's worked example of the reference implementation: a Lambda that polls inside itself for
  // 600 s at 128 MB, then a 60 s Wait; its loop is Pass → Lambda → Choice → Wait (reference §4.1), after
  // a Pass → restore Lambda → Choice start.
  const cycle = 600 + 60;
  const cycles = Math.ceil(restoreSeconds / cycle);
  const referenceGbSeconds = startGbSeconds + cycles * 600 * gb(128);
  const reference = line(
    'reference: Lambda sleeping 600 s per poll, 128 MB',
    cycles,
    3 + 4 * cycles + parentShare,
    referenceGbSeconds,
    1 + cycles,
  );
  const referenceTotalX86 =
    reference.transitionCost +
    referenceGbSeconds * PRICES.lambdaGbSecondX86 +
    reference.lambdaRequests * PRICES.lambdaRequest;

  return {
    stage,
    restoreSeconds,
    polling,
    ending: ours.ending,
    childFixedTransitions: fixed,
    transitionsPerPoll: perPoll,
    parentTransitionsPerRestore: parentShare,
    memoryMb,
    architecture,
    assumptions: { checkTaskSeconds, startRestoreSeconds },
    lines: [service, fixed60, reference],
    referenceTotalX86,
  };
}

export interface PollSimulation {
  readonly stage: string;
  readonly restoreSeconds: number;
  /** GET /tasks/{id} requests Clumio answered. */
  readonly polls: number;
  /** What the schedule predicts (pollsFor). */
  readonly modelledPolls: number;
  readonly status: string;
  /** Virtual seconds from the POST to the poll that saw the task end. */
  readonly virtualSeconds: number;
  readonly wallSeconds: number;
}

/**
 * One restore of `restoreSeconds` through the real bulkRestore definition of `stage` (its polling params),
 * on a virtual clock: the simulator's clock moves by each Wait's SecondsPath while the runner's Waits last
 * 0 ms, so a 48-hour task ends after exactly the polls a deployed child would make.
 */
export async function simulatePolls(options: {
  readonly stage?: string;
  readonly restoreSeconds?: number;
}): Promise<PollSimulation> {
  const stage = options.stage ?? 'prod';
  const restoreSeconds = options.restoreSeconds ?? HOURS_48;
  const { polling } = await restoreMap(stage);
  const base = Date.now();
  let offsetMs = 0;
  let status = 'none';
  const sim = await startSimulator({
    now: () => new Date(base + offsetMs),
    taskSeconds: restoreSeconds,
    scale: { taggedVolumes: 1 },
  });
  try {
    const run = await runBulkRestore(sim, loadInput(sim.url, { maxRestores: 1 }), {
      stage,
      waitMs: 0,
      onTaskEnd: (event) => {
        if (event.state !== 'StartRestore' && event.state !== 'CheckTask') return;
        const progress = event.output as RestoreProgress;
        status = progress.status;
        if (progress.status === 'started') offsetMs += progress.waitSeconds * 1000;
      },
    });
    return {
      stage,
      restoreSeconds,
      polls: sim.count({ method: 'GET', path: '/tasks/*', status: 200 }),
      modelledPolls: pollsFor(restoreSeconds, polling).polls,
      status,
      virtualSeconds: offsetMs / 1000,
      wallSeconds: (run.returnedAt - run.calledAt) / 1000,
    };
  } finally {
    await sim.close();
  }
}
