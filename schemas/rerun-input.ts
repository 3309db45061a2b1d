import { baseUrl, flag, isRecord, nonNegativeInt, optional, positiveInt } from '../core/fields.js';
import { sortInDocumentOrder, toProblem } from '../core/problems.js';
import { clumioToken, Findings, redact, UNKNOWN_FIELD, type DecodeResult } from './restore-input.js';

/**
 * A bulkRestore input that runs again restores of an earlier run, exactly as that run sent them:
 * `{"rerun_of": {"run_id": "…", "restores": [3, 7]}, "base_url"?, "dry_run"?, "max_restores"?}`. The
 * records themselves (`rerun-records.json` of the new run) are copied from the earlier run's plan by
 * whoever starts the rerun (`clumio-bulk-restore rerun`): the input names them, it does not carry them.
 */
export interface RerunInput {
  readonly rerunOf: { readonly runId: string; readonly restores: readonly number[] };
  readonly baseUrl?: string;
  readonly clumioToken?: string;
  readonly dryRun: boolean;
  readonly maxRestores?: number;
}

/** Run ids are Step Functions execution names (run-store.ts). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;
const FIELDS = ['rerun_of', 'base_url', 'clumio_token', 'dry_run', 'max_restores'];

/** True for a document in the rerun form: it is decoded by decodeRerunInput, not as restore groups. */
export function isRerunDocument(input: unknown): boolean {
  return isRecord(input) && 'rerun_of' in input;
}

export function decodeRerunInput(input: unknown): DecodeResult<RerunInput> {
  const findings = new Findings();
  const document = isRecord(input) ? input : {};
  const rerun = document.rerun_of;
  let rerunOf: RerunInput['rerunOf'] | undefined;
  if (!isRecord(rerun)) {
    findings.problem(['rerun_of'], 'expected {"run_id": "<run id>", "restores": [<plan index>, …]}');
  } else {
    const runId = rerun.run_id;
    if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
      findings.problem(['rerun_of', 'run_id'], "expected a run id: 1 to 80 letters, digits, '-' or '_'");
    }
    const restores = rerun.restores;
    if (!Array.isArray(restores) || restores.length === 0) {
      findings.problem(['rerun_of', 'restores'], 'expected a non-empty list of plan indexes');
    } else {
      restores.forEach((index, i) => findings.field(nonNegativeInt, index, ['rerun_of', 'restores', i]));
      if (new Set(restores).size !== restores.length) {
        findings.problem(['rerun_of', 'restores'], 'a plan index is listed twice');
      }
    }
    for (const key of Object.keys(rerun)) {
      if (key !== 'run_id' && key !== 'restores') findings.warning(['rerun_of', key], UNKNOWN_FIELD);
    }
    if (typeof runId === 'string' && Array.isArray(restores)) {
      rerunOf = { runId, restores: restores as number[] };
    }
  }
  for (const key of Object.keys(document)) {
    if (!FIELDS.includes(key)) findings.warning([key], UNKNOWN_FIELD);
  }
  const url = findings.field(optional(baseUrl), document.base_url, ['base_url']);
  const token = findings.field(clumioToken, document.clumio_token, ['clumio_token']);
  const dryRun = findings.field(optional(flag), document.dry_run, ['dry_run']);
  const max = findings.field(optional(positiveInt), document.max_restores, ['max_restores']);
  const secret = typeof document.clumio_token === 'string' ? document.clumio_token : '';
  const finish = (list: typeof findings.problems) =>
    sortInDocumentOrder(list, input).map((f) => redact(toProblem(f), secret));
  const warnings = finish(findings.warnings);
  if (
    findings.problems.length > 0 ||
    rerunOf === undefined ||
    !url.ok ||
    !token.ok ||
    !dryRun.ok ||
    !max.ok
  ) {
    return { ok: false, problems: finish(findings.problems), warnings };
  }
  return {
    ok: true,
    value: {
      rerunOf,
      ...(url.value !== undefined ? { baseUrl: url.value } : {}),
      ...(token.value !== undefined ? { clumioToken: token.value } : {}),
      dryRun: dryRun.value ?? false,
      ...(max.value !== undefined ? { maxRestores: max.value } : {}),
    },
    warnings,
  };
}
