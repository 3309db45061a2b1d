import type { ClumioClient } from '../../clumio/index.js';
import { decodeRerunInput, decodeRestoreInput, isRerunDocument } from '../../schemas/index.js';
import { endpoints } from '../../clumio/index.js';
import type { RestoreRecord } from '../../core/records.js';
import { isRecord } from '../../core/fields.js';
import { describeProblems, InvalidInput } from '../errors.js';
import { runLayout } from '../run-layout.js';
import { RunFileError, type RunFiles, type StoreObjects } from '../run-store.js';
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
  const given = isInputReference(input) ? await resolveInput(input, objects()) : input;
  if (isRerunDocument(given)) return validateRerun(given, run, files, clientFor);
  const decoded = decodeRestoreInput(given, new Date(run.startedAt));
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

/**
 * A rerun (schemas/rerun-input.ts): its records were copied into the run store before it started; they
 * must be the ones it names, each a restore request, before anything is sent.
 */
async function validateRerun(
  input: unknown,
  run: { runId: string; startedAt: string; defaultMaxRestores: number; inLambda: boolean },
  files: RunFiles,
  clientFor: (baseUrl: string | null) => ClumioClient,
): Promise<RunState> {
  const decoded = decodeRerunInput(input);
  if (!decoded.ok) throw new InvalidInput(describeProblems(decoded.problems));
  const { clumioToken, ...document } = decoded.value;
  const warnings = decoded.warnings.map((w) => `${w.path}: ${w.message}`);
  if (clumioToken !== undefined && run.inLambda) {
    warnings.push('clumio_token: ignored; the deployed service reads the token from its secret only');
  }
  const records = await files.getJson<unknown>(runLayout.rerunRecords).catch((error: unknown) => {
    if (error instanceof RunFileError && error.reason === 'missing') {
      throw new InvalidInput(
        `rerun_of: ${files.where(runLayout.rerunRecords)} is missing: start a rerun with \`clumio-bulk-restore rerun\`, which copies the restores of run ${document.rerunOf.runId} there`,
      );
    }
    throw error;
  });
  const count = document.rerunOf.restores.length;
  if (!Array.isArray(records) || records.length !== count || !records.every(isRestoreRecord)) {
    throw new InvalidInput(
      `rerun_of: ${files.where(runLayout.rerunRecords)} does not hold the ${count} restore records the input names`,
    );
  }
  await clientFor(document.baseUrl ?? null).checkAccess();
  await files.putJson(runLayout.input, { ...document, groups: [] });
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    dryRun: document.dryRun,
    skipUnplannable: false,
    maxRestores: document.maxRestores ?? run.defaultMaxRestores,
    baseUrl: document.baseUrl ?? null,
    groupCount: 0,
    chunks: [],
    warnings,
    rerunOf: document.rerunOf,
  };
}

function isRestoreRecord(value: unknown): value is RestoreRecord {
  if (!isRecord(value) || !isRecord(value.request) || !isRecord(value.source) || !isRecord(value.target)) {
    return false;
  }
  const endpoint = endpoints[value.request.endpoint as keyof typeof endpoints];
  return endpoint?.method === 'POST' && typeof value.groupIndex === 'number';
}
