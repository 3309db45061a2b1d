import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { checkPayload } from './limits.js';

/** A function of serverless.yml, bound to its handler in-process. */
export interface LambdaFunction {
  /** Its key under `functions:` (startRestore). */
  readonly key: string;
  /** Its `timeout` (else the provider's): Lambda stops the handler after this long. */
  readonly timeoutSeconds: number;
  readonly handler: (event: unknown) => Promise<unknown>;
}

/**
 * Shares (0..1) of a function's invocations that fail as the Lambda service fails them. Each invocation
 * draws once: throttled, else timed out, else a service error.
 */
interface LambdaFaults {
  /** `Lambda.TooManyRequestsException`: the account's concurrency is used up; the handler does not run. */
  readonly throttled?: number;
  /** `Sandbox.Timedout`: the handler runs (everything it sends is sent), its result never comes back. */
  readonly timedOut?: number;
  /** `Lambda.ServiceException`: by default before the handler runs. */
  readonly serviceError?: number;
  /** The service error comes after the handler ran (its requests were sent, its result is lost). */
  readonly serviceErrorAfterRun?: boolean;
}

type InjectedFault = 'throttled' | 'timed_out' | 'service_error';

/** One invocation that failed because of an injected fault. */
export interface LambdaFaultEvent {
  readonly state: string;
  readonly function: string;
  readonly fault: InjectedFault;
  /** Whether the handler ran (and so sent whatever it sends) before the invocation failed. */
  readonly handlerRan: boolean;
}

export interface LambdaOptions {
  /** By function key. */
  readonly faults?: Readonly<Record<string, LambdaFaults>>;
  /** Seeds the fault draws; default 1. */
  readonly seed?: number;
  /** A function's timeout in milliseconds instead of its `timeout` (tests). */
  readonly timeoutMs?: Readonly<Record<string, number>>;
  readonly onFault?: (event: LambdaFaultEvent) => void;
}

const invocation = new AsyncLocalStorage<string>();

/** The function whose handler is running here (what it awaits included); undefined outside any handler. */
export function invokingFunction(): string | undefined {
  return invocation.getStore();
}

/**
 * An error as Step Functions receives it from Lambda: `Error` is its name, `Cause` its message (the
 * library turns them into a Catch's `{Error, Cause}` and an execution's failure).
 */
class LambdaError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/**
 * What the Node.js runtime sends when a handler throws, and Step Functions passes on as the Cause: the
 * JSON text of `{errorType, errorMessage, trace}`, the stack split into lines.
 */
export function runtimeEnvelope(error: unknown): { error: string; cause: string } {
  const thrown = error instanceof Error ? error : new Error(String(error));
  const errorType = thrown.name || 'Error';
  const trace = (thrown.stack ?? `${errorType}: ${thrown.message}`).split('\n');
  return { error: errorType, cause: JSON.stringify({ errorType, errorMessage: thrown.message, trace }) };
}

/** The Lambda service's own errors reach Step Functions with the AWS SDK's message as the Cause. */
function serviceError(name: 'TooManyRequestsException' | 'ServiceException', status: number): LambdaError {
  const message = name === 'TooManyRequestsException' ? 'Rate Exceeded.' : 'Lambda service error.';
  return new LambdaError(
    `Lambda.${name}`,
    `${message} (Service: AWSLambda; Status Code: ${status}; Error Code: ${name}; Request ID: ${randomUUID()}; Proxy: null)`,
  );
}

function timedOut(fn: LambdaFunction): LambdaError {
  const cause = {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${randomUUID()} Error: Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`,
  };
  return new LambdaError('Sandbox.Timedout', JSON.stringify(cause));
}

/**
 * Invokes functions as Lambda does for a Step Functions Task: the event and the result cross as JSON, a
 * handler that runs past its timeout fails with `Sandbox.Timedout`, a thrown error arrives as the
 * runtime's envelope, and the injected service faults fail the invocation before or after the handler.
 * Fault draws depend on the seed, the function, the event and how often that same event was sent, never
 * on timing: a run with the same inputs meets the same faults.
 */
export class LambdaEmulator {
  private readonly attempts = new Map<string, number>();

  constructor(private readonly options: LambdaOptions = {}) {}

  async invoke(state: string, fn: LambdaFunction, event: unknown): Promise<unknown> {
    checkPayload(event, `the parameters of task ${state}`);
    const text = JSON.stringify(event ?? null);
    const fault = this.draw(fn.key, text);
    const report = (handlerRan: boolean): void => {
      if (fault !== undefined) this.options.onFault?.({ state, function: fn.key, fault, handlerRan });
    };
    const serviceBefore =
      fault === 'service_error' && this.options.faults?.[fn.key]?.serviceErrorAfterRun !== true;
    if (fault === 'throttled' || serviceBefore) {
      report(false);
      throw fault === 'throttled'
        ? serviceError('TooManyRequestsException', 429)
        : serviceError('ServiceException', 500);
    }
    const result = await this.run(fn, JSON.parse(text));
    if (fault !== undefined) {
      report(true);
      throw fault === 'timed_out' ? timedOut(fn) : serviceError('ServiceException', 500);
    }
    const returned: unknown = JSON.parse(JSON.stringify(result ?? null));
    checkPayload(returned, `the result of task ${state}`);
    return returned;
  }

  /** The handler, cut at its timeout. On AWS Lambda stops a handler there; here it runs on unseen. */
  private async run(fn: LambdaFunction, event: unknown): Promise<unknown> {
    const ms = this.options.timeoutMs?.[fn.key] ?? fn.timeoutSeconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    const handling = invocation.run(fn.key, () => Promise.resolve().then(() => fn.handler(event)));
    const cut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(fn)), ms);
    });
    try {
      return await Promise.race([handling, cut]);
    } catch (error) {
      if (error instanceof LambdaError) {
        handling.catch(() => undefined);
        throw error;
      }
      const { error: name, cause } = runtimeEnvelope(error);
      throw new LambdaError(name, cause);
    } finally {
      clearTimeout(timer);
    }
  }

  private draw(key: string, event: string): InjectedFault | undefined {
    const faults = this.options.faults?.[key];
    if (faults === undefined) return undefined;
    const id = createHash('sha256')
      .update(`${this.options.seed ?? 1}\0${key}\0${event}`)
      .digest('hex');
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    const u = createHash('sha256').update(`${id}\0${attempt}`).digest().readUInt32BE(0) / 2 ** 32;
    const throttled = faults.throttled ?? 0;
    const timedOutShare = throttled + (faults.timedOut ?? 0);
    if (u < throttled) return 'throttled';
    if (u < timedOutShare) return 'timed_out';
    if (u < timedOutShare + (faults.serviceError ?? 0)) return 'service_error';
    return undefined;
  }
}
