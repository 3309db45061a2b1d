import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { redact } from '../../clumio/index.js';
import type { PlannedRun } from '../../workflows/bulk-restore/state.js';
import type { Report } from '../../workflows/report.js';
import { runLayout } from '../../workflows/run-layout.js';
import { folderRunFiles, RunFileError, type RunFiles } from '../../workflows/run-store.js';
import { printReport } from '../commands/restore-session.js';
import {
  EXIT_CANNOT_PROCEED,
  EXIT_INCOMPLETE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
} from '../exit-codes.js';
import type { CommandIO } from '../commands/types.js';
import {
  deployedRunFiles,
  DeploymentError,
  executionArn,
  targetArguments,
  type Deployment,
} from './stack.js';

/** Where an input is uploaded for a run: `inputs/<run id>.json` in the run bucket. */
export const inputKey = (runId: string): string => `inputs/${runId}.json`;

/**
 * Starts a deployed bulkRestore: the document goes to the run bucket and the execution, named after the
 * run id, takes it by reference (`{"input_key": …}`: any size, and never in the execution's history).
 */
export async function startDeployedRestore(
  deployment: Deployment,
  runId: string,
  document: unknown,
): Promise<string> {
  const [{ PutObjectCommand }, { StartExecutionCommand }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-sfn'),
  ]);
  const key = inputKey(runId);
  await deployment.clients.s3.send(
    new PutObjectCommand({
      Bucket: deployment.stack.bucket,
      Key: key,
      Body: JSON.stringify(document),
      ContentType: 'application/json',
    }),
  );
  const started = await deployment.clients.sfn.send(
    new StartExecutionCommand({
      stateMachineArn: deployment.stack.restoreMachineArn,
      name: runId,
      input: JSON.stringify({ input_key: key }),
    }),
  );
  return started.executionArn ?? executionArn(deployment.stack.restoreMachineArn, runId);
}

export async function describeExecution(
  deployment: Deployment,
  arn: string,
): Promise<DescribeExecutionCommandOutput> {
  const { DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
  return deployment.clients.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
}

export interface FollowOptions {
  /** Between two looks at the execution; default 15 s. */
  readonly pollMs?: number;
  /** Ctrl-C: stop following (the run goes on in AWS). */
  readonly signal?: AbortSignal;
  /** Where the reports are downloaded; default runs/<run id>/. */
  readonly out?: string;
}

/** The run's progress as its run store shows it while the execution runs: the plan and the journal. */
async function progressOf(files: RunFiles): Promise<string> {
  const planned = await files.getJson<PlannedRun>(runLayout.plannedRun).catch((error: unknown) => {
    if (error instanceof RunFileError && error.reason === 'missing') return undefined;
    throw error;
  });
  if (planned === undefined) return 'planning';
  const started = (await files.list(runLayout.tasks)).length;
  return `planned ${planned.planned} restores (${planned.noBackup} matching resources without a backup) · started ${started}`;
}

const exitByError: Readonly<Record<string, number>> = {
  InvalidInput: EXIT_USAGE,
  RestoresFailed: EXIT_INCOMPLETE,
};

/**
 * Watches an execution until it ends: its status (DescribeExecution) and the progress its run store
 * shows, one line each time they change. Ctrl-C detaches: the run goes on, and `status --follow`
 * re-attaches.
 */
export async function watchExecution(
  deployment: Deployment,
  runId: string,
  arn: string,
  io: CommandIO,
  options: FollowOptions & { readonly progress: () => Promise<string> },
): Promise<DescribeExecutionCommandOutput | 'detached'> {
  let shown = '';
  for (;;) {
    const execution = await describeExecution(deployment, arn);
    const line = `${execution.status ?? 'UNKNOWN'}: ${await options.progress()}`;
    if (line !== shown) io.stdout.write(`${line}\n`);
    shown = line;
    if (execution.status !== 'RUNNING') return execution;
    const detached = await sleep(options.pollMs ?? 15_000, false, { signal: options.signal }).catch(
      () => true,
    );
    if (detached || options.signal?.aborted === true) {
      io.stdout.write(
        `\ndetached: run ${runId} goes on in AWS (${deployment.stack.stackName})\n` +
          `  follow it again: clumio-bulk-restore status ${runId} ${targetArguments(deployment.stack)} --follow\n` +
          `  stop it:         clumio-bulk-restore abort ${runId} ${targetArguments(deployment.stack)}\n`,
      );
      return 'detached';
    }
  }
}

/** The exit code of an execution that ended (DESIGN §6), with its error on stderr. */
export function executionExit(
  execution: DescribeExecutionCommandOutput,
  runId: string,
  io: CommandIO,
): number {
  if (execution.status === 'SUCCEEDED') {
    io.stdout.write(`run ${runId} succeeded\n`);
    return EXIT_OK;
  }
  const error = execution.error ?? execution.status ?? 'UNKNOWN';
  io.stderr.write(
    `run ${runId} ${execution.status?.toLowerCase() ?? 'ended'}: ${error}\n${redact(execution.cause ?? '')}\n`,
  );
  return exitByError[error] ?? EXIT_CANNOT_PROCEED;
}

/** A deployed bulkRestore followed to its end, its reports downloaded into `out`, as a local run ends. */
export async function followRun(
  deployment: Deployment,
  runId: string,
  arn: string,
  io: CommandIO,
  options: FollowOptions = {},
): Promise<number> {
  const files = deployedRunFiles(deployment, runId);
  const execution = await watchExecution(deployment, runId, arn, io, {
    ...options,
    progress: () => progressOf(files),
  });
  if (execution === 'detached') return EXIT_INTERRUPTED;
  const local = await downloadReports(files, options.out ?? resolve('runs', runId), runId);
  if (local.report !== undefined) printReport(local.report, local.files, io);
  return executionExit(execution, runId, io);
}

/** report.json, report.csv and report.html of a run, copied into a local run folder (those that exist). */
export async function downloadReports(
  files: RunFiles,
  out: string,
  runId: string,
): Promise<{ files: RunFiles; report?: Report }> {
  const local = folderRunFiles(out, runId);
  let report: Report | undefined;
  for (const [key, type] of [
    [runLayout.report, 'application/json'],
    [runLayout.reportCsv, 'text/csv'],
    [runLayout.reportHtml, 'text/html; charset=utf-8'],
  ] as const) {
    const text = await files.getText(key).catch((error: unknown) => {
      if (error instanceof RunFileError && error.reason === 'missing') return undefined;
      throw error;
    });
    if (text === undefined) continue;
    await local.putText(key, text, type);
    if (key === runLayout.report) report = JSON.parse(text) as Report;
  }
  return { files: local, ...(report !== undefined ? { report } : {}) };
}

/** The run id a command was given: the id itself, or a local run folder (its report names the run). */
export async function runIdOf(argument: string): Promise<string> {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/.test(argument)) return argument;
  const probe = folderRunFiles(resolve(argument), 'probe');
  const report = await probe.getJson<Report>(runLayout.report).catch(() => undefined);
  if (report === undefined) {
    throw new DeploymentError(`${argument} is neither a run id nor a run folder with a report.json`);
  }
  return report.runId;
}
