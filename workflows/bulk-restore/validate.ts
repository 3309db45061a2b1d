import type { ClumioClient } from '../../clumio/index.js';
import { decodeRestoreInput } from '../../schemas/index.js';
import { describeProblems, InvalidInput } from '../errors.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles, StoreObjects } from '../run-store.js';
import { isInputReference, resolveInput } from './input-reference.js';
import { GROUPS_PER_CHUNK, type RunState } from './state.js';

/**
 * Validate: read the document (the input, or the run store object its `input_key` names), decode
 * everything (no Clumio call for an invalid input), then one request that proves Clumio can be reached
 * and accepts the token, and only then keep the normalised input (without any token) in the run store:
 * a run that cannot proceed leaves nothing behind but its report.
 */
export async function validateRun(
  input: unknown,
  run: { runId: string; startedAt: string; defaultMaxRestores: number; inLambda: boolean },
  files: RunFiles,
  clientFor: (baseUrl: string | null) => ClumioClient,
  objects: () => StoreObjects,
): Promise<RunState> {
  const decoded = decodeRestoreInput(
    isInputReference(input) ? await resolveInput(input, objects()) : input,
    new Date(run.startedAt),
  );
  if (!decoded.ok) throw new InvalidInput(describeProblems(decoded.problems));
  const { clumioToken, ...document } = decoded.value;
  const warnings = decoded.warnings.map((w) => `${w.path}: ${w.message}`);
  if (clumioToken !== undefined && run.inLambda) {
    // A token in an execution input is readable by anyone who can read the execution's history.
    warnings.push('clumio_token: ignored; the deployed service reads the token from its secret only');
  }
  await clientFor(document.baseUrl ?? null).checkAccess();
  await files.putJson(runLayout.input, document);
  const groupCount = document.groups.length;
  const chunks = [];
  for (let first = 0, index = 0; first < groupCount; first += GROUPS_PER_CHUNK, index++) {
    chunks.push({ index, firstGroup: first, groupCount: Math.min(GROUPS_PER_CHUNK, groupCount - first) });
  }
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    dryRun: document.dryRun,
    skipUnplannable: document.skipUnplannableGroups,
    maxRestores: document.maxRestores ?? run.defaultMaxRestores,
    baseUrl: document.baseUrl ?? null,
    groupCount,
    chunks,
    warnings,
  };
}
