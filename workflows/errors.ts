/**
 * Errors that end a bulk run. Their `name` is the error Step Functions sees (a Lambda error's type), so
 * the state machines catch them by name and the CLI maps them to exit codes.
 */
export class RunError extends Error {
  override readonly name: string = 'RunError';
}

/** The input document has problems; nothing was asked of Clumio. */
export class InvalidInput extends RunError {
  override readonly name = 'InvalidInput';
}

/** Some groups could not be planned (unknown environment, missing target value, …); nothing restored. */
export class PlanFailed extends RunError {
  override readonly name = 'PlanFailed';
}

/** The plan holds more restores than the run allows (`max_restores`, stage `maxRestoresPerRun`). */
export class PlanTooLarge extends RunError {
  override readonly name = 'PlanTooLarge';
}

/** bulkList could not discover what it was asked for (a region not connected, no environment at all). */
export class ListFailed extends RunError {
  override readonly name = 'ListFailed';
}

/** Lists problems in an execution's failure cause: one per line, the first ones when there are many. */
export function describeProblems(problems: readonly { path: string; message: string }[], limit = 50): string {
  const lines = problems.slice(0, limit).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > limit) lines.push(`… and ${problems.length - limit} more`);
  return `${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

/**
 * The message of a Step Functions Cause: a Lambda error's Cause is the runtime's JSON envelope
 * (`errorType`, `errorMessage`, `trace`), never shown as it is; any other Cause is the message itself.
 */
export function causeText(cause: string | undefined): string {
  if (cause === undefined) return '';
  try {
    const parsed: unknown = JSON.parse(cause);
    const message = (parsed as { errorMessage?: unknown } | null)?.errorMessage;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the cause is the message itself (Fail states, the Lambda service's own errors).
  }
  return cause;
}
