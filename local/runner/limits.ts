import { StateMachine } from 'aws-local-stepfunctions';

/**
 * Step Functions' payload quota (aws-limits.md): the execution input, every state's input and output and
 * every task's parameters and result hold at most 256 KiB of UTF-8 JSON.
 */
export const PAYLOAD_LIMIT_BYTES = 262_144;

export function payloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}

/**
 * `States.DataLimitExceeded` is terminal in AWS: no Retry takes it and no Catch, States.ALL included.
 * aws-local-stepfunctions asks an error for `isRetryable` and `isCatchable` before it matches a Retry or a
 * Catch, so this error passes every one of them by.
 */
export class DataLimitExceeded extends Error {
  override readonly name = 'States.DataLimitExceeded';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

/** Throws DataLimitExceeded when `value` is over the quota; `what` names the payload ("the input of state X"). */
export function checkPayload(value: unknown, what: string): void {
  const bytes = payloadBytes(value);
  if (bytes > PAYLOAD_LIMIT_BYTES) {
    throw new DataLimitExceeded(
      `${what} is ${bytes.toLocaleString('en-US')} bytes, over the Step Functions limit of ${PAYLOAD_LIMIT_BYTES.toLocaleString('en-US')} bytes`,
    );
  }
}

interface EventLoggerHooks {
  dispatchStateEnteredEvent(stateName: string, stateType: string, input: unknown): void;
  dispatchStateExitedEvent(stateName: string, stateType: string, input: unknown, output: unknown): void;
}

interface ExecuteMethod {
  execute(input: unknown, options: { eventLogger: EventLoggerHooks }, cleanup: () => void): Promise<unknown>;
}

let installed = false;

/**
 * Makes every execution of aws-local-stepfunctions (the ones the runner starts and the ones its inline Map
 * states start) check each state's input as it enters and its output as it leaves. The library runs its
 * states in one loop that announces both moments to the execution's event logger, inside the loop's own
 * error handling: a check that throws there fails the execution the way AWS fails it. The library offers
 * no other hook on a state's input and output.
 */
export function enforceStateLimits(): void {
  if (installed) return;
  installed = true;
  const prototype = StateMachine.prototype as unknown as ExecuteMethod;
  const execute = prototype.execute;
  prototype.execute = function (this: unknown, input, options, cleanup) {
    const logger = options.eventLogger;
    const entered = logger.dispatchStateEnteredEvent.bind(logger);
    const exited = logger.dispatchStateExitedEvent.bind(logger);
    logger.dispatchStateEnteredEvent = (name, type, stateInput) => {
      checkPayload(stateInput, `the input of state ${name}`);
      entered(name, type, stateInput);
    };
    logger.dispatchStateExitedEvent = (name, type, stateInput, output) => {
      checkPayload(output, `the output of state ${name}`);
      exited(name, type, stateInput, output);
    };
    return execute.call(this, input, options, cleanup);
  };
}
