import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError } from 'aws-local-stepfunctions';
import { localBucket, runKeyOf, type RunFiles } from '../../workflows/run-store.js';
import type { AslDefinition, AslState } from '../serverless-config.js';
import { checkPayload } from './limits.js';

/** A child execution as the runner starts it: its result, and what stops it. */
export interface ChildExecution {
  readonly result: Promise<unknown>;
  abort(): void;
}

export interface DistributedMapSpec {
  /** The Map state's name. */
  readonly name: string;
  /** The Map state, its ItemProcessor already bound to the local handlers. */
  readonly state: AslState;
  readonly files: RunFiles;
  /** `arn:aws:states:<region>:<account>`: child and map run ARNs are built on it. */
  readonly arnPrefix: string;
  readonly stateMachineName: string;
  readonly start: (processor: AslDefinition, input: unknown, executionArn: string) => ChildExecution;
  /** How long an EXPRESS child may run: AWS's 5 minutes unless a test shortens it. */
  readonly expressTimeoutMs: number;
}

/** Child executions of a Distributed Map (ResultWriter statuses; FAILED files hold all but SUCCEEDED). */
type ChildStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface ChildResult {
  readonly index: number;
  readonly input: unknown;
  readonly status: ChildStatus;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: string;
  readonly stopDate: string;
}

/** A Map Run's own failures, as AWS names them; catchable, unlike a data limit. */
class MapRunError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export const EXPRESS_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * A Distributed Map, as AWS runs one: the ItemReader reads the items from the run store, the ItemSelector
 * builds each child's input, every child is an execution of its own (STANDARD or EXPRESS, the latter cut
 * at 5 minutes) with at most MaxConcurrency running, the tolerated failure threshold stops the map run
 * (running children aborted, no new ones started, `States.ExceedToleratedFailureThreshold`), and the
 * ResultWriter writes AWS's manifest.json with SUCCEEDED_0.json and FAILED_0.json (failed, timed out
 * and aborted children, with their Error and Cause) before the state returns or fails.
 * The returned function is the Task that takes the Map's place.
 */
export function distributedMap(spec: DistributedMapSpec): (input: unknown) => Promise<unknown> {
  const { name, state, files } = spec;
  const reader = state.ItemReader as { Parameters?: unknown; ReaderConfig?: { InputType?: string } };
  const writer = state.ResultWriter as { Parameters?: unknown } | undefined;
  if (reader.ReaderConfig?.InputType !== 'JSON')
    throw new Error(`${name}: the local runner reads JSON items only`);
  if (writer === undefined)
    throw new Error(`${name}: the local runner needs a ResultWriter on a Distributed Map`);
  const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition & {
    ProcessorConfig?: { ExecutionType?: string };
  };
  const express = processor.ProcessorConfig?.ExecutionType === 'EXPRESS';
  const selector = state.ItemSelector;
  const concurrency =
    typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : 10_000;
  const exceedsTolerance = toleranceOf(state);

  return async (input) => {
    const label = randomUUID();
    const mapRunArn = `${spec.arnPrefix}:mapRun:${spec.stateMachineName}/${name}:${label}`;
    const childArn = (index: number): string =>
      `${spec.arnPrefix}:execution:${spec.stateMachineName}/${name}:${label}-${index}`;
    const childInputs = await readItems(input);
    const results: ChildResult[] = [];
    const running = new Set<ChildExecution>();
    let failed = 0;
    let stopped = false;

    const runChild = async (index: number): Promise<void> => {
      const childInput = childInputs[index];
      const startDate = new Date().toISOString();
      const end = (outcome: Omit<ChildResult, 'index' | 'input' | 'startDate' | 'stopDate'>): void => {
        results.push({ index, input: childInput, startDate, stopDate: new Date().toISOString(), ...outcome });
        if (outcome.status !== 'SUCCEEDED' && exceedsTolerance(++failed, childInputs.length)) {
          stopped = true;
          for (const child of running) child.abort();
        }
      };
      try {
        checkPayload(childInput, `the input of child execution ${index} of ${name}`);
      } catch (error) {
        end({ status: 'FAILED', error: (error as Error).name, cause: (error as Error).message });
        return;
      }
      const child = spec.start(processor, childInput, childArn(index));
      running.add(child);
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      if (express) {
        timer = setTimeout(() => {
          timedOut = true;
          child.abort();
        }, spec.expressTimeoutMs);
      }
      try {
        end({ status: 'SUCCEEDED', output: await child.result });
      } catch (error) {
        if (error instanceof ExecutionAbortedError) {
          end(
            timedOut
              ? {
                  status: 'TIMED_OUT',
                  error: 'States.Timeout',
                  cause: 'The Express execution ran longer than its limit of 5 minutes',
                }
              : { status: 'ABORTED' },
          );
        } else if (error instanceof ExecutionError && error.cause instanceof Error) {
          end({ status: 'FAILED', error: error.cause.name, cause: error.cause.message });
        } else {
          throw error;
        }
      } finally {
        clearTimeout(timer);
        running.delete(child);
      }
    };

    let next = 0;
    const worker = async (): Promise<void> => {
      while (!stopped && next < childInputs.length) await runChild(next++);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, childInputs.length) }, worker));
    const output = await writeResults(input, mapRunArn, results, childArn);
    if (stopped) {
      throw new MapRunError(
        'States.ExceedToleratedFailureThreshold',
        `The specified tolerated failure threshold was exceeded: ${failed} of ${childInputs.length} child executions did not succeed (map run ${mapRunArn})`,
      );
    }
    return output;
  };

  async function readItems(input: unknown): Promise<unknown[]> {
    const { Bucket, Key } = resolveTemplate(reader.Parameters, input) as { Bucket?: unknown; Key?: unknown };
    let items: unknown;
    try {
      if (Bucket !== localBucket) throw new Error(`bucket ${String(Bucket)} is not the local run store`);
      items = await files.getJson<unknown>(runKeyOf(files.runId, String(Key)));
    } catch (error) {
      throw new MapRunError('States.ItemReaderFailed', `${name}: ${(error as Error).message}`);
    }
    if (!Array.isArray(items))
      throw new MapRunError('States.ItemReaderFailed', `${name}: ${String(Key)} is not a JSON array`);
    return selector === undefined
      ? items
      : items.map((value: unknown, index) => resolveTemplate(selector, input, { value, index }));
  }

  async function writeResults(
    input: unknown,
    mapRunArn: string,
    results: readonly ChildResult[],
    childArn: (index: number) => string,
  ): Promise<unknown> {
    const { Bucket, Prefix } = resolveTemplate(writer?.Parameters, input) as {
      Bucket?: unknown;
      Prefix?: unknown;
    };
    const base = `${String(Prefix).replace(/\/$/, '')}/${mapRunArn.split(':').at(-1)}`;
    const stateMachineArn = `${spec.arnPrefix}:stateMachine:${spec.stateMachineName}/${name}`;
    const entry = (r: ChildResult) => ({
      ExecutionArn: childArn(r.index),
      Input: JSON.stringify(r.input),
      InputDetails: { Included: true },
      Name: childArn(r.index).split(':').at(-1),
      ...(r.status === 'SUCCEEDED'
        ? { Output: JSON.stringify(r.output), OutputDetails: { Included: true } }
        : {
            ...(r.error !== undefined ? { Error: r.error } : {}),
            ...(r.cause !== undefined ? { Cause: r.cause } : {}),
          }),
      RedriveCount: 0,
      RedriveStatus: r.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
      StartDate: r.startDate,
      StateMachineArn: stateMachineArn,
      Status: r.status,
      StopDate: r.stopDate,
    });
    const inOrder = [...results].sort((a, b) => a.index - b.index);
    const sections = {
      FAILED: inOrder.filter((r) => r.status !== 'SUCCEEDED'),
      PENDING: [] as ChildResult[],
      SUCCEEDED: inOrder.filter((r) => r.status === 'SUCCEEDED'),
    };
    const resultFiles: Record<string, { Key: string; Size: number }[]> = {};
    try {
      for (const [section, entries] of Object.entries(sections)) {
        resultFiles[section] = [];
        if (entries.length === 0) continue;
        const key = `${base}/${section}_0.json`;
        const body = JSON.stringify(entries.map(entry));
        await files.putText(runKeyOf(files.runId, key), body, 'application/json');
        resultFiles[section].push({ Key: key, Size: Buffer.byteLength(body) });
      }
      const manifest = `${base}/manifest.json`;
      await files.putJson(runKeyOf(files.runId, manifest), {
        DestinationBucket: Bucket,
        MapRunArn: mapRunArn,
        ResultFiles: resultFiles,
      });
      return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket, Key: manifest } };
    } catch (error) {
      throw new MapRunError('States.ResultWriterFailed', `${name}: ${(error as Error).message}`);
    }
  }
}

/**
 * Whether `failed` of `total` children exceed the Map's tolerance: ToleratedFailurePercentage and
 * ToleratedFailureCount (either one exceeded is enough); neither set tolerates none.
 */
function toleranceOf(state: AslState): (failed: number, total: number) => boolean {
  const percentage =
    typeof state.ToleratedFailurePercentage === 'number' ? state.ToleratedFailurePercentage : undefined;
  const count = typeof state.ToleratedFailureCount === 'number' ? state.ToleratedFailureCount : undefined;
  return (failed, total) =>
    (percentage === undefined && count === undefined) ||
    (percentage !== undefined && (failed / total) * 100 > percentage) ||
    (count !== undefined && failed > count);
}

/**
 * A JSONPath of the forms the emulation needs: `$.a.b` on the state input, `$$.Map.Item.Value` (and below
 * it) and `$$.Map.Item.Index` on the item being selected.
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
