import { randomUUID } from 'node:crypto';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { resetClients } from '../workflows/runtime.js';
import { folderRunFiles, localBucket, runKeyOf, type RunFiles } from '../workflows/run-store.js';
import {
  loadServerlessConfig,
  projectRoot,
  type AslDefinition,
  type AslState,
  type ServerlessConfig,
} from './serverless-config.js';

/**
 * Runs a state machine of serverless.yml in-process, exactly as `serverless print` resolves it for the
 * `local` stage: every Task is bound to its handler module, and what aws-local-stepfunctions ignores of a
 * Distributed Map (ItemReader, ResultWriter) is emulated against the run folder with AWS's own layout.
 */

type Handler = (event: unknown) => Promise<unknown>;
type LocalHandlers = Record<string, (input: unknown) => Promise<unknown>>;

export interface RunnerEvent {
  /** The Task state that just returned. */
  readonly state: string;
  readonly output: unknown;
}

export interface RunOptions {
  readonly runId: string;
  /** The run folder (mirrors `runs/<run-id>/` of the run bucket). */
  readonly runFolder: string;
  /** Environment of the handlers for this run: CLUMIO_BASE_URL, CLUMIO_TOKEN, … (RUN_FOLDER is set here). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Every Wait of a loop (polling) lasts this many milliseconds instead of its definition's (scaled
   * polling). A Wait outside any loop, the start slot that paces restores, keeps its own time.
   */
  readonly waitMs?: number;
  /** Every Retry pauses this many milliseconds (tests). */
  readonly retryMs?: number;
  readonly onTaskEnd?: (event: RunnerEvent) => void;
  readonly stage?: string;
  /** Stage params overridden as at deploy (`--param="k=v"`). */
  readonly params?: Readonly<Record<string, string>>;
}

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

/** The longest a Node.js timer waits (2^31 - 1 ms): a Task without TimeoutSeconds never times out. */
const NO_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

export async function runStateMachine(
  name: string,
  input: unknown,
  options: RunOptions,
): Promise<ExecutionOutcome> {
  const config = await loadServerlessConfig(options.stage ?? 'local', options.params);
  const machine = config.stepFunctions.stateMachines[name];
  if (machine === undefined) throw new Error(`serverless.yml has no state machine ${name}`);
  const files = folderRunFiles(options.runFolder, options.runId);
  const stateMachineName = machine.name ?? name;
  // Before the handlers are imported: their module-level logger reads its settings from the environment.
  const restoreEnv = applyEnv({
    ...lambdaEnvironment(config),
    ...options.env,
    RUN_FOLDER: options.runFolder,
  });
  resetClients();
  try {
    const local = await localDefinition(config, machine.definition, files, options);
    const execution = new StateMachine(local.definition as never, {
      validationOptions: { checkPaths: true, checkArn: true },
    }).run(input as never, {
      overrides: {
        taskResourceLocalHandlers: local.handlers as never,
        ...(options.waitMs !== undefined
          ? { waitTimeOverrides: everyState(local.waits, options.waitMs) }
          : {}),
        ...(options.retryMs !== undefined
          ? { retryIntervalOverrides: everyState(local.retries, options.retryMs) }
          : {}),
      },
      context: {
        Execution: {
          Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachineName}:${options.runId}`,
          Input: input,
          Name: options.runId,
          StartTime: new Date().toISOString(),
        },
        StateMachine: {
          Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachineName}`,
          Name: stateMachineName,
        },
      } as never,
    });
    try {
      return { status: 'SUCCEEDED', output: await execution.result };
    } catch (error) {
      if (error instanceof ExecutionError && error.cause instanceof Error) {
        return { status: 'FAILED', error: error.cause.name, cause: error.cause.message };
      }
      throw error;
    }
  } finally {
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

interface LocalDefinition {
  readonly definition: AslDefinition;
  readonly handlers: LocalHandlers;
  readonly waits: string[];
  readonly retries: string[];
}

async function localDefinition(
  config: ServerlessConfig,
  definition: AslDefinition,
  files: RunFiles,
  options: RunOptions,
): Promise<LocalDefinition> {
  const out: LocalDefinition = { definition, handlers: {}, waits: [], retries: [] };
  const modules = new Map<string, Handler>();
  const bind = async (functionKey: string): Promise<Handler> => {
    let handler = modules.get(functionKey);
    if (handler === undefined) {
      const spec = config.functions[functionKey]?.handler;
      if (spec === undefined) throw new Error(`serverless.yml has no function ${functionKey}`);
      const cut = spec.lastIndexOf('.');
      const module = (await import(`${projectRoot}/${spec.slice(0, cut)}.ts`)) as Record<string, unknown>;
      const exported = module[spec.slice(cut + 1)];
      if (typeof exported !== 'function') throw new Error(`${spec} is not an exported function`);
      handler = exported as Handler;
      modules.set(functionKey, handler);
    }
    return handler;
  };
  return { ...out, definition: await localize(definition, config.service, bind, files, options, out) };
}

/** Rewrites one level of States (recursing into Map processors), registering handlers by state name. */
async function localize(
  definition: AslDefinition,
  service: string,
  bind: (functionKey: string) => Promise<Handler>,
  files: RunFiles,
  options: RunOptions,
  out: LocalDefinition,
): Promise<AslDefinition> {
  const states: Record<string, AslState> = {};
  const looping = statesInLoops(definition.States);
  const register = (stateName: string, fn: (input: unknown) => Promise<unknown>): void => {
    if (stateName in out.handlers)
      throw new Error(`state name ${stateName} is used twice; the runner needs unique names`);
    out.handlers[stateName] = fn;
  };
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Retry !== undefined) out.retries.push(stateName);
    if (state.Type === 'Wait' && looping.has(stateName)) out.waits.push(stateName);
    if (state.Type === 'Task') {
      const functionKey = functionKeyOf(state.Resource);
      const handler = await bind(functionKey);
      register(stateName, async (input) => {
        const output = await handler(input);
        options.onTaskEnd?.({ state: stateName, output });
        return output;
      });
      states[stateName] = {
        ...state,
        Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${service}-local-${functionKey}`,
        // Without TimeoutSeconds a Task has no timeout on AWS; the library would cut it at 60 s.
        TimeoutSeconds: state.TimeoutSeconds ?? NO_TIMEOUT_SECONDS,
      };
    } else if (state.Type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition;
      const localProcessor = await localize(processor, service, bind, files, options, out);
      if (state.ItemReader === undefined) {
        states[stateName] = { ...state, ItemProcessor: localProcessor };
      } else {
        Object.assign(
          states,
          distributedMap(stateName, { ...state, ItemProcessor: localProcessor }, files, register),
        );
      }
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

function functionKeyOf(resource: unknown): string {
  const getAtt = (resource as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && getAtt[1] === 'Arn') return getAtt[0];
  throw new Error(
    `Task resource ${JSON.stringify(resource)} is not a function of serverless.yml (Fn::GetAtt [fn, Arn])`,
  );
}

/**
 * A JSONPath of the forms the runner's own emulation needs: `$.a.b` on the state input, `$$.Map.Item.Value`
 * (and below it) and `$$.Map.Item.Index` on the item being selected.
 */
function pathValue(path: string, input: unknown, item?: { value: unknown; index: number }): unknown {
  const walk = (root: unknown, rest: string) => {
    if (rest !== '' && !/^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(rest))
      throw new Error(`the local runner cannot evaluate ${path}`);
    return rest
      .split('.')
      .slice(1)
      .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], root);
  };
  if (item !== undefined && path === '$$.Map.Item.Index') return item.index;
  if (item !== undefined && path.startsWith('$$.Map.Item.Value'))
    return walk(item.value, path.slice('$$.Map.Item.Value'.length));
  if (path.startsWith('$') && !path.startsWith('$$')) return walk(input, path.slice(1));
  throw new Error(`the local runner cannot evaluate ${path}`);
}

/** Resolves a Parameters/ItemSelector template (`"key.$": path`, nested objects) as Step Functions does. */
function resolveTemplate(
  template: unknown,
  input: unknown,
  item?: { value: unknown; index: number },
): unknown {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template as Record<string, unknown>)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = pathValue(String(value), input, item);
    else out[key] = resolveTemplate(value, input, item);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.').slice(1);
  if (keys.length === 0) return value as Record<string, unknown>;
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = { ...((node[key] as Record<string, unknown> | undefined) ?? {}) };
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
  return target;
}

const ITEMS = '__itemReaderItems';
const RESULTS = '__mapResults';

/**
 * A Distributed Map becomes three states under the same entry name: the ItemReader (reads the items from
 * the run folder as AWS reads them from S3, and applies the ItemSelector to each, as AWS does before a
 * child starts), the Map itself over those child inputs, and the ResultWriter (writes AWS's manifest.json
 * and SUCCEEDED_0.json, and returns what AWS returns).
 */
function distributedMap(
  name: string,
  state: AslState,
  files: RunFiles,
  register: (stateName: string, fn: (input: unknown) => Promise<unknown>) => void,
): Record<string, AslState> {
  const reader = state.ItemReader as { Parameters?: unknown; ReaderConfig?: { InputType?: string } };
  const writer = state.ResultWriter as { Parameters?: unknown } | undefined;
  if (reader.ReaderConfig?.InputType !== 'JSON')
    throw new Error(`${name}: the local runner reads JSON items only`);
  const resultPath = typeof state.ResultPath === 'string' ? state.ResultPath : '$';
  const mapName = `${name} (items)`;
  const writerName = `${name} (ResultWriter)`;
  const {
    ItemReader: _reader,
    ResultWriter: _writer,
    ResultPath: _resultPath,
    ItemSelector: selector,
    Next,
    End,
    ...mapState
  } = state;
  const mapRunArn = `arn:aws:states:${REGION}:${ACCOUNT}:mapRun:local/${name}:${randomUUID()}`;

  register(name, async (input) => {
    const { Bucket, Key } = resolveTemplate(reader.Parameters, input) as { Bucket?: unknown; Key?: unknown };
    if (Bucket !== localBucket)
      throw new Error(`${name}: ItemReader bucket ${String(Bucket)} is not the local run store`);
    const key = runKeyOf(files.runId, String(Key));
    const items = await files.getJson<unknown>(key);
    if (!Array.isArray(items)) throw new Error(`${name}: ${files.where(key)} is not a JSON array`);
    return selector === undefined
      ? items
      : items.map((value: unknown, index) => resolveTemplate(selector, input, { value, index }));
  });
  register(writerName, async (input) => {
    const { [ITEMS]: childInputs, [RESULTS]: results, ...rest } = input as Record<string, unknown>;
    if (writer === undefined) return setPath(rest, resultPath, results);
    const { Bucket, Prefix } = resolveTemplate(writer.Parameters, input) as {
      Bucket?: unknown;
      Prefix?: unknown;
    };
    const base = `${String(Prefix).replace(/\/$/, '')}/${mapRunArn.split(':').at(-1)}`;
    const stopped = new Date().toISOString();
    const entries = (results as unknown[]).map((output, index) => ({
      ExecutionArn: `${mapRunArn.replace(':mapRun:', ':execution:')}:${index}`,
      Input: JSON.stringify((childInputs as unknown[])[index]),
      InputDetails: { Included: true },
      Name: String(index),
      Output: JSON.stringify(output),
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      StartDate: stopped,
      StateMachineArn: mapRunArn.replace(':mapRun:', ':stateMachine:'),
      Status: 'SUCCEEDED',
      StopDate: stopped,
    }));
    const succeeded = `${base}/SUCCEEDED_0.json`;
    const body = JSON.stringify(entries);
    await files.putText(runKeyOf(files.runId, succeeded), body, 'application/json');
    const manifest = `${base}/manifest.json`;
    await files.putJson(runKeyOf(files.runId, manifest), {
      DestinationBucket: Bucket,
      MapRunArn: mapRunArn,
      ResultFiles: {
        FAILED: [],
        PENDING: [],
        SUCCEEDED: [{ Key: succeeded, Size: Buffer.byteLength(body) }],
      },
    });
    return setPath(rest, resultPath, {
      MapRunArn: mapRunArn,
      ResultWriterDetails: { Bucket, Key: manifest },
    });
  });

  return {
    [name]: {
      Type: 'Task',
      Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:local-item-reader`,
      ResultPath: `$.${ITEMS}`,
      ...(state.Catch !== undefined ? { Catch: state.Catch } : {}),
      Next: mapName,
    },
    [mapName]: { ...mapState, ItemsPath: `$.${ITEMS}`, ResultPath: `$.${RESULTS}`, Next: writerName },
    [writerName]: {
      Type: 'Task',
      Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:local-result-writer`,
      ...(state.Catch !== undefined ? { Catch: state.Catch } : {}),
      ...(Next !== undefined ? { Next } : { End: End ?? true }),
    },
  };
}
