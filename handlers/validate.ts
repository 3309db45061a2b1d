import { clumioClient, readLambdaConfig, runFiles, storeObjects } from '../workflows/runtime.js';
import type { RunState } from '../workflows/bulk-restore/state.js';
import { validateRun } from '../workflows/bulk-restore/validate.js';

export interface ValidateEvent {
  /** The execution input, as given: the document, or `{"input_key": …}` naming it in the run bucket. */
  readonly input: unknown;
  /** `$$.Execution.Name`: the run id. */
  readonly runId: string;
  readonly startedAt: string;
}

/**
 * Validate: throws InvalidInput (every problem listed, no Clumio call), or the Clumio error of its one
 * access check, or returns the run without any token.
 */
export async function handler(event: ValidateEvent): Promise<RunState> {
  const config = readLambdaConfig();
  return validateRun(
    event.input,
    {
      runId: event.runId,
      startedAt: event.startedAt,
      defaultMaxRestores: config.maxRestoresPerRun,
      inLambda: config.inLambda,
    },
    runFiles(config, event.runId),
    (baseUrl) => clumioClient(config, baseUrl),
    () => storeObjects(config),
  );
}
