import { ExecutionAbortedError, ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { PollingSettings } from '../core/polling.js';
import { resetClients } from '../workflows/runtime.js';
import { folderRunFiles, observeStore, type RunFiles, type StoreAccess } from '../workflows/run-store.js';
import { distributedMap, EXPRESS_TIMEOUT_MS, type ChildExecution } from './runner/distributed-map.js';
import {
  invokingFunction,
  LambdaEmulator,
  type LambdaFunction,
  type LambdaOptions,
} from './runner/lambda.js';
import { Interrupt, startingAt } from './runner/interrupt.js';
import { checkPayload, enforceStateLimits } from './runner/limits.js';
import {
  loadServerlessConfig,
  projectRoot,
  type AslDefinition,
  type AslState,
  type ServerlessConfig,
} from './serverless-config.js';

/**
 * Runs a state machine of serverless.yml in-process, exactly as `serverless print` resolves it for the
 * `local` stage, with every Task bound to its handler module and the limits of AWS enforced
 * (aws-local-stepfunctions runs the ASL itself: Retry, Catch, Choice, Wait, Pass, inline Map):
 * - 262,144 bytes of UTF-8 JSON for the execution input, every state's input and output, every Task's
 *   parameters and result, and every child execution's input: over it, `States.DataLimitExceeded`, which
 *   no Retry or Catch takes (not even States.ALL);
 * - Lambda as Step Functions meets it: event and result cross as JSON; a handler that runs past its
 *   function's `timeout` fails with `Sandbox.Timedout`; a thrown error arrives as the runtime's envelope
 *   (`Cause` = the JSON text of `{errorType, errorMessage, trace}`); injected faults by function
 *   (`Lambda.TooManyRequestsException` and `Lambda.ServiceException` before the handler runs,
 *   `Sandbox.Timedout` or a `Lambda.ServiceException` after it ran), drawn from a seed;
 * - a Task's `TimeoutSeconds` (`States.Timeout`), and none when it has none (the library would cut at 60 s);
 * - Distributed Maps (runner/distributed-map.ts): ItemReader and ResultWriter against the run folder in
 *   AWS's layout (FAILED entries included), one execution per child, EXPRESS children cut at 5 minutes,
 *   the tolerated failure threshold.
 *
 * What it does not emulate:
 * - StartExecution refusing an oversized input: here the run ends FAILED with States.DataLimitExceeded
 *   before its first state, where AWS starts no execution at all;
 * - a Retry or Catch naming States.DataLimitExceeded explicitly (AWS: terminal either way here);
 * - Lambda stopping a handler at its timeout: here the handler runs on unseen (its late requests still
 *   reach Clumio), as a Step Functions `TimeoutSeconds` leaves a Lambda running on AWS; cold starts,
 *   memory, the account's concurrency itself (only injected throttling), per-function environment and IAM
 *   (the handlers share this process; the packaging tests hold the permissions);
 * - an injected `Sandbox.Timedout` returns at once instead of after the function's timeout;
 * - execution history (25,000 events), transition counts and their price, EXPRESS at-least-once
 *   (a child runs exactly once here), redrive, ItemBatcher, ItemReader sources other than a JSON array,
 *   result files split by size (one per status here), the state machine role's permissions;
 * - time: Wait states of a loop (polling) last `waitMs` and Retry pauses `retryMs` when given (a Wait
 *   outside any loop, the start slot, keeps its time); otherwise the library's JitterStrategy draws
 *   from Math.random.
 *
 * What it adds for the CLI: `startAt` (a resumed run starts at its Restore map), `maxConcurrency` (the
 * CLI's --concurrency), and an interrupt (runner/interrupt.ts: Ctrl-C stops the run cleanly).
 */

export interface RunnerEvent {
  /** The Task state that just returned. */
  readonly state: string;
  readonly input: unknown;
  readonly output: unknown;
  /** How long the handler took. */
  readonly ms: number;
}

export interface RunOptions {
  readonly runId: string;
  /** The run folder (mirrors `runs/<run-id>/` of the run bucket). */
  readonly runFolder: string;
  /**
   * The folder that plays the run bucket (`inputs/…`, `runs/<run id>/…`), where an `input_key` is read;
   * default: the current directory, where the CLI keeps `runs/`.
   */
  readonly storeRoot?: string;
  /** Environment of the handlers for this run: CLUMIO_BASE_URL, CLUMIO_TOKEN, … (RUN_FOLDER is set here). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Every Wait of a loop (polling) lasts this many milliseconds instead of its definition's (scaled
   * polling). A Wait outside any loop, the start slot that paces restores, keeps its own time.
   */
  readonly waitMs?: number;
  /** Every Retry pauses this many milliseconds (tests). */
  readonly retryMs?: number;
  /**
   * The Restore children's polling schedule (the stage params pollingIntervalSeconds,
   * pollingMaxIntervalSeconds, pollingMaxAttempts), as a deploy with other params would set it: the
   * `polling` member of every Map's ItemSelector.
   */
  readonly polling?: PollingSettings;
  /** Lambda faults to inject by function, their seed, and shortened function timeouts (tests). */
  readonly lambda?: LambdaOptions;
  /** How long an EXPRESS child may run, instead of 5 minutes (tests). */
  readonly expressTimeoutMs?: number;
  readonly onTaskEnd?: (event: RunnerEvent) => void;
  /**
   * Every run-store access of the run, with who made it: a function's key, or the state machine's name
   * for what a Distributed Map's ItemReader and ResultWriter do (one run at a time per process).
   */
  readonly onStoreAccess?: (access: StoreAccess & { readonly by: string }) => void;
  readonly stage?: string;
  /** Stage params overridden as at deploy (`--param="k=v"`). */
  readonly params?: Readonly<Record<string, string>>;
  /** The state the execution starts at instead of the definition's StartAt (a resumed run: its Restore map). */
  readonly startAt?: string;
  /** Every Distributed Map runs at most this many children at once instead of its MaxConcurrency. */
  readonly maxConcurrency?: number;
}

export interface InterruptibleRunOptions extends RunOptions {
  /**
   * Interrupts the execution: from the abort on, no Task starts; once the functions already running
   * have returned (a restore POST in flight gets its answer recorded), the execution stops as ABORTED
   * and no Distributed Map writes results.
   */
  readonly signal: AbortSignal;
}

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

export type InterruptibleOutcome = ExecutionOutcome | { readonly status: 'ABORTED' };

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const ARN_PREFIX = `arn:aws:states:${REGION}:${ACCOUNT}`;
/** The longest a Node.js timer waits (2^31 - 1 ms): a Task without TimeoutSeconds never times out. */
const NO_TIMEOUT_SECONDS = 2_147_483;
/** AWS's default function timeout when neither the function nor the provider sets one. */
const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 6;

enforceStateLimits();

export function runStateMachine(
  name: string,
  input: unknown,
  options: InterruptibleRunOptions,
): Promise<InterruptibleOutcome>;
export function runStateMachine(name: string, input: unknown, options: RunOptions): Promise<ExecutionOutcome>;
export async function runStateMachine(
  name: string,
  input: unknown,
  options: RunOptions & { readonly signal?: AbortSignal },
): Promise<InterruptibleOutcome> {
  const config = await loadServerlessConfig(options.stage ?? 'local', options.params);
  const machine = config.stepFunctions.stateMachines[name];
  if (machine === undefined) throw new Error(`serverless.yml has no state machine ${name}`);
  try {
    checkPayload(input, 'the execution input');
  } catch (error) {
    return { status: 'FAILED', error: (error as Error).name, cause: (error as Error).message };
  }
  const files = folderRunFiles(options.runFolder, options.runId);
  const stateMachineName = machine.name ?? name;
  // Before the handlers are imported: their module-level logger reads its settings from the environment.
  const restoreEnv = applyEnv({
    ...lambdaEnvironment(config),
    ...options.env,
    RUN_FOLDER: options.runFolder,
    RUN_STORE_ROOT: options.storeRoot ?? process.cwd(),
  });
  resetClients();
  const onStoreAccess = options.onStoreAccess;
  if (onStoreAccess !== undefined)
    observeStore((access) => onStoreAccess({ ...access, by: invokingFunction() ?? stateMachineName }));
  try {
    const overrides: Overrides = { taskResourceLocalHandlers: {} };
    const interrupt = options.signal === undefined ? undefined : new Interrupt(options.signal);
    const run: Localizing = {
      config,
      files,
      options,
      ...(interrupt !== undefined ? { interrupt } : {}),
      stateMachineName,
      lambda: new LambdaEmulator(options.lambda),
      functions: new Map(),
      overrides,
      waits: [],
      retries: [],
    };
    const bound = await localize(machine.definition, run);
    const definition = options.startAt === undefined ? bound : startingAt(bound, options.startAt);
    if (options.waitMs !== undefined) overrides.waitTimeOverrides = everyState(run.waits, options.waitMs);
    if (options.retryMs !== undefined)
      overrides.retryIntervalOverrides = everyState(run.retries, options.retryMs);
    const context = (executionArn: string, executionInput: unknown) => ({
      Execution: {
        Id: executionArn,
        Input: executionInput,
        Name: executionArn.split(':').at(-1),
        StartTime: new Date().toISOString(),
      },
      StateMachine: { Id: `${ARN_PREFIX}:stateMachine:${stateMachineName}`, Name: stateMachineName },
    });
    run.startChild = (processor, childInput, executionArn) => {
      const child = new StateMachine(processor as never, { validationOptions: { noValidate: true } }).run(
        childInput as never,
        { overrides: overrides as never, context: context(executionArn, childInput) as never },
      );
      return interrupt === undefined ? child : interrupt.child(child);
    };
    const execution = new StateMachine(definition as never, {
      validationOptions: { checkPaths: true, checkArn: true },
    }).run(input as never, {
      overrides: overrides as never,
      context: context(`${ARN_PREFIX}:execution:${stateMachineName}:${options.runId}`, input) as never,
    });
    const stop = (): void => void interrupt?.stop(() => execution.abort());
    if (options.signal?.aborted === true) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
    try {
      return { status: 'SUCCEEDED', output: await execution.result };
    } catch (error) {
      if (error instanceof ExecutionAbortedError && options.signal?.aborted === true)
        return { status: 'ABORTED' };
      if (error instanceof ExecutionError && error.cause instanceof Error) {
        return { status: 'FAILED', error: error.cause.name, cause: error.cause.message };
      }
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
  } finally {
    if (onStoreAccess !== undefined) observeStore(undefined);
    resetClients();
    restoreEnv();
  }
}

/** The Lambdas' environment of serverless.yml for the stage, less what only CloudFormation resolves (Refs). */
function lambdaEnvironment(config: ServerlessConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.provider?.environment ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') env[key] = String(value);
  }
  return env;
}

function everyState(names: readonly string[], value: number): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, value]));
}

/** Sets the handlers' environment for one run; returns what puts the previous one back. */
function applyEnv(env: Readonly<Record<string, string>>): () => void {
  const previous = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

interface Overrides {
  taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<unknown>>;
  waitTimeOverrides?: Record<string, number>;
  retryIntervalOverrides?: Record<string, number>;
}

interface Localizing {
  readonly config: ServerlessConfig;
  readonly files: RunFiles;
  readonly options: RunOptions;
  readonly stateMachineName: string;
  readonly lambda: LambdaEmulator;
  readonly functions: Map<string, Promise<LambdaFunction>>;
  readonly overrides: Overrides;
  readonly waits: string[];
  readonly retries: string[];
  readonly interrupt?: Interrupt;
  /** Set once the whole definition is bound: how a Distributed Map starts a child execution. */
  startChild?: (processor: AslDefinition, input: unknown, executionArn: string) => ChildExecution;
}

/** A function of serverless.yml with its handler module imported (once per run). */
function bind(run: Localizing, functionKey: string): Promise<LambdaFunction> {
  let fn = run.functions.get(functionKey);
  if (fn === undefined) {
    fn = (async () => {
      const spec = run.config.functions[functionKey];
      if (spec === undefined) throw new Error(`serverless.yml has no function ${functionKey}`);
      const cut = spec.handler.lastIndexOf('.');
      const module = (await import(`${projectRoot}/${spec.handler.slice(0, cut)}.ts`)) as Record<
        string,
        unknown
      >;
      const exported = module[spec.handler.slice(cut + 1)];
      if (typeof exported !== 'function') throw new Error(`${spec.handler} is not an exported function`);
      return {
        key: functionKey,
        timeoutSeconds: spec.timeout ?? run.config.provider?.timeout ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS,
        handler: exported as LambdaFunction['handler'],
      };
    })();
    run.functions.set(functionKey, fn);
  }
  return fn;
}

/**
 * Rewrites one level of States (recursing into Map processors): each Task is bound to its function by
 * state name, each Distributed Map becomes a Task that runs it (runner/distributed-map.ts).
 */
async function localize(definition: AslDefinition, run: Localizing): Promise<AslDefinition> {
  const register = (
    stateName: string,
    fn: (input: unknown) => Promise<unknown>,
    kind: 'task' | 'waiting' = 'task',
  ): void => {
    if (stateName in run.overrides.taskResourceLocalHandlers)
      throw new Error(`state name ${stateName} is used twice; the runner needs unique names`);
    const interrupt = run.interrupt;
    run.overrides.taskResourceLocalHandlers[stateName] =
      interrupt === undefined ? fn : kind === 'task' ? interrupt.task(fn) : interrupt.waiting(fn);
  };
  const states: Record<string, AslState> = {};
  const looping = statesInLoops(definition.States);
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Retry !== undefined) run.retries.push(stateName);
    if (state.Type === 'Wait' && looping.has(stateName)) run.waits.push(stateName);
    if (state.Type === 'Task') {
      const functionKey = functionKeyOf(state.Resource);
      const fn = await bind(run, functionKey);
      register(stateName, async (input) => {
        const started = performance.now();
        const output = await run.lambda.invoke(stateName, fn, input);
        run.options.onTaskEnd?.({ state: stateName, input, output, ms: performance.now() - started });
        return output;
      });
      states[stateName] = {
        ...state,
        Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${run.config.service}-local-${functionKey}`,
        TimeoutSeconds: state.TimeoutSeconds ?? NO_TIMEOUT_SECONDS,
      };
    } else if (state.Type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition;
      const boundProcessor = await localize(processor, run);
      const map = { ...withPolling(state, run.options.polling), ItemProcessor: boundProcessor };
      if (state.ItemReader === undefined) {
        states[stateName] = map;
        continue;
      }
      register(
        stateName,
        distributedMap({
          name: stateName,
          state: map,
          files: run.files,
          arnPrefix: ARN_PREFIX,
          stateMachineName: run.stateMachineName,
          start: (child, input, arn) => {
            if (run.startChild === undefined) throw new Error('the runner starts children only once bound');
            return run.startChild(child, input, arn);
          },
          expressTimeoutMs: run.options.expressTimeoutMs ?? EXPRESS_TIMEOUT_MS,
          ...(run.options.maxConcurrency !== undefined ? { maxConcurrency: run.options.maxConcurrency } : {}),
          ...(run.interrupt !== undefined ? { interrupted: run.interrupt.signal } : {}),
        }),
        'waiting',
      );
      const {
        ItemReader: _reader,
        ResultWriter: _writer,
        ItemSelector: _selector,
        ItemProcessor: _processor,
        Iterator: _iterator,
        MaxConcurrency: _concurrency,
        ToleratedFailurePercentage: _percentage,
        ToleratedFailureCount: _count,
        Label: _label,
        ...task
      } = state;
      states[stateName] = {
        ...task,
        Type: 'Task',
        Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:local-distributed-map`,
        TimeoutSeconds: NO_TIMEOUT_SECONDS,
      };
    } else {
      states[stateName] = state;
    }
  }
  return { ...definition, States: states };
}

/** The states of one level from which a transition leads back to themselves. */
function statesInLoops(states: Readonly<Record<string, AslState>>): Set<string> {
  const next = (state: AslState | undefined): string[] => {
    const targets: unknown[] = [state?.Next, state?.Default];
    for (const list of [state?.Choices, state?.Catch]) {
      if (Array.isArray(list)) for (const entry of list) targets.push((entry as { Next?: unknown }).Next);
    }
    return targets.filter((t): t is string => typeof t === 'string');
  };
  const looping = new Set<string>();
  for (const name of Object.keys(states)) {
    const seen = new Set<string>();
    const queue = next(states[name]);
    while (queue.length > 0) {
      const current = queue.pop() as string;
      if (current === name) looping.add(name);
      if (seen.has(current)) continue;
      seen.add(current);
      queue.push(...next(states[current]));
    }
  }
  return looping;
}

/**
 * A Map state whose ItemSelector's `polling` has the settings of `polling` (when both are there); what
 * the definition computes there (the start phase's floor) it keeps.
 */
function withPolling(state: AslState, polling: PollingSettings | undefined): AslState {
  const selector = state.ItemSelector as Record<string, unknown> | undefined;
  if (polling === undefined || selector === undefined || !('polling' in selector)) return state;
  const own = selector.polling as Record<string, unknown>;
  return { ...state, ItemSelector: { ...selector, polling: { ...own, ...polling } } };
}

function functionKeyOf(resource: unknown): string {
  const getAtt = (resource as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && getAtt[1] === 'Arn') return getAtt[0];
  throw new Error(
    `Task resource ${JSON.stringify(resource)} is not a function of serverless.yml (Fn::GetAtt [fn, Arn])`,
  );
}
