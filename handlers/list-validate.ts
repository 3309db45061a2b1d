import { logger } from './logger.js';
import { clumioClient, readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { ListRun } from '../workflows/bulk-list/state.js';
import { validateList } from '../workflows/bulk-list/list-validate.js';

export interface ListValidateEvent {
  /** The execution input, as given. */
  readonly input: unknown;
  /** `$$.Execution.Name`: the run id. */
  readonly runId: string;
  readonly startedAt: string;
}

/** ListValidate: throws InvalidInput or ListFailed, or returns the region × type scans without any token. */
export async function handler(event: ListValidateEvent): Promise<ListRun> {
  const config = readLambdaConfig();
  return validateList(
    event.input,
    { runId: event.runId, startedAt: event.startedAt, inLambda: config.inLambda },
    runFiles(config, event.runId),
    (baseUrl) => clumioClient(config, baseUrl),
    logger,
  );
}
