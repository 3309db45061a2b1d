import { resolve } from 'node:path';
import {
  ClumioClient,
  normaliseBaseUrl,
  registerSecret,
  staticToken,
  type TokenProvider,
} from '../../clumio/index.js';
import type { PlannedRun } from '../../workflows/bulk-restore/state.js';
import { readLambdaConfig } from '../../workflows/config.js';
import type { Report } from '../../workflows/report.js';
import { runLayout } from '../../workflows/run-layout.js';
import { folderRunFiles, RunFileError, type RunFiles } from '../../workflows/run-store.js';
import { loadServerlessConfig } from '../serverless-config.js';
import { UsageError } from '../options.js';
import type { CommandIO } from './types.js';

/** What `status`, `resume`, `abort` and `rerun` open: a run folder of a local run (restore --out DIR or runs/<run-id>/). */
export interface RunFolder {
  readonly folder: string;
  readonly runId: string;
  readonly files: RunFiles;
}

/**
 * The run in `dir`: its id from run.json (written once its plan is complete) or its report. A folder
 * with neither never got as far as starting a restore.
 */
export async function openRunFolder(dir: string): Promise<RunFolder> {
  const folder = resolve(dir);
  const probe = folderRunFiles(folder, 'probe');
  const missing = (error: unknown): undefined => {
    if (error instanceof RunFileError && error.reason === 'missing') return undefined;
    throw error;
  };
  const planned = await probe.getJson<PlannedRun>(runLayout.plannedRun).catch(missing);
  const runId = planned?.runId ?? (await probe.getJson<Report>(runLayout.report).catch(missing))?.runId;
  if (runId === undefined) {
    throw new UsageError(
      `${folder} holds no run.json or report.json: not a run folder (restore --out DIR, or runs/<run-id>/), ` +
        'or a run stopped before its plan was complete (nothing was started)',
    );
  }
  return { folder, runId, files: folderRunFiles(folder, runId) };
}

/** The Clumio a local run talked to: --base-url, else the input's base_url, else the local stage's. */
export async function localBaseUrl(
  option: string | undefined,
  planned: PlannedRun | undefined,
): Promise<string> {
  const chosen = option ?? planned?.baseUrl ?? undefined;
  if (chosen !== undefined && chosen !== null) return normaliseBaseUrl(chosen);
  const config = await loadServerlessConfig('local');
  return normaliseBaseUrl(String(config.provider?.environment?.CLUMIO_BASE_URL));
}

/** The Clumio token of the operator's environment; undefined when CLUMIO_TOKEN is not set. */
export function operatorToken(io: CommandIO): string | undefined {
  const token = io.env.CLUMIO_TOKEN?.trim();
  if (token) registerSecret(token);
  return token || undefined;
}

/** A client with the operator's token and the client settings of the CLI's environment. */
export function operatorClient(baseUrl: string, token: string | TokenProvider, io: CommandIO): ClumioClient {
  const config = readLambdaConfig({
    CLUMIO_BASE_URL: baseUrl,
    ...(io.env.CLUMIO_RETRY_LIMIT !== undefined ? { CLUMIO_RETRY_LIMIT: io.env.CLUMIO_RETRY_LIMIT } : {}),
    ...(io.env.CLUMIO_RETRY_BASE_MS !== undefined
      ? { CLUMIO_RETRY_BASE_MS: io.env.CLUMIO_RETRY_BASE_MS }
      : {}),
  });
  return new ClumioClient({
    baseUrl,
    token: typeof token === 'string' ? staticToken(token) : token,
    retry: config.clumioRetry,
  });
}

/** The one RUN_FOLDER (or run id) argument of the commands that operate a run. */
export function onePositional(positionals: readonly string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`${what} is required`);
  return positionals[0] as string;
}
