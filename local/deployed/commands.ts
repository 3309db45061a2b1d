import { dirname, join, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { isRecord } from '../../core/fields.js';
import type { ListOutcome, ListSummary } from '../../workflows/bulk-list/state.js';
import { chooseRerun } from '../../workflows/bulk-restore/rerun.js';
import { readingReport, readRun, readTasks, unfinishedTasks } from '../../workflows/bulk-restore/run-view.js';
import type { Report } from '../../workflows/report.js';
import { writeReportFiles } from '../../workflows/report-files.js';
import { runLayout } from '../../workflows/run-layout.js';
import { newRunId, RunFileError } from '../../workflows/run-store.js';
import { abortRun } from '../commands/abort.js';
import { describeSummary } from '../commands/list.js';
import { claimRunFolder, Output, readInputFile } from '../commands/local-run.js';
import { printChoice } from '../commands/rerun.js';
import { checkedRestoreInput } from '../commands/restore.js';
import { operatorClient } from '../commands/run-folder.js';
import { describeRun, version } from '../commands/status.js';
import {
  EXIT_CANNOT_PROCEED,
  EXIT_INCOMPLETE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
} from '../exit-codes.js';
import type { CommandIO } from '../commands/types.js';
import {
  describeExecution,
  downloadReports,
  executionExit,
  followRun,
  runIdOf,
  startDeployedRestore,
  watchExecution,
} from './run.js';
import {
  connect,
  deployedClumio,
  deployedRunFiles,
  DeploymentError,
  executionArn,
  targetArguments,
  type DeployedTarget,
  type Deployment,
} from './stack.js';

/**
 * The commands on a deployed stack (`--stage S [--region R]`): the run goes through the stack's own
 * state machines and run bucket; the CLI only starts, follows, reads and stops it.
 */

interface Common {
  readonly target: DeployedTarget;
  /** Between two looks at a running execution (tests). */
  readonly pollMs?: number;
  readonly out?: string;
}

/** A deployment that cannot be reached is exit 3 (cannot proceed), with the reason. */
async function deploymentOf(
  command: string,
  target: DeployedTarget,
  io: CommandIO,
): Promise<Deployment | undefined> {
  try {
    return await connect(target, io.env, io.awsClients);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore ${command}: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** The document without any token: an uploaded input is readable by whoever reads the bucket. */
function withoutToken(input: unknown, io: CommandIO): unknown {
  if (!isRecord(input) || !('clumio_token' in input)) return input;
  const { clumio_token: _token, ...rest } = input;
  io.stderr.write(
    'warning: clumio_token: not uploaded; the deployed service reads the token from its secret\n',
  );
  return rest;
}

export interface DeployedRestoreOptions extends Common {
  readonly inputFile: string;
  readonly baseUrl?: string;
  readonly dryRun?: boolean;
  readonly skipUnplannable?: boolean;
  /** Replace what --out holds (the reports are downloaded there). */
  readonly force?: boolean;
}

/** The folder the reports are downloaded to, refused when it holds an earlier run (unless --force). */
async function claimOut(command: string, out: string, force: boolean, io: CommandIO): Promise<boolean> {
  const refused = await claimRunFolder(out, force);
  if (refused !== undefined) io.stderr.write(`clumio-bulk-restore ${command}: ${refused}\n`);
  return refused === undefined;
}

/** `restore --stage S`: upload the input, start the execution named after the run id, follow it. */
export async function restoreDeployed(
  options: DeployedRestoreOptions,
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const checked = await checkedRestoreInput(options, io, new Output(io, 'text', false));
  if (checked === undefined) return EXIT_USAGE;
  const runId = newRunId(new Date());
  const out = resolve(options.out ?? join('runs', runId));
  if (!(await claimOut('restore', out, options.force === true, io))) return EXIT_USAGE;
  const deployment = await deploymentOf('restore', options.target, io);
  if (deployment === undefined) return EXIT_CANNOT_PROCEED;
  let arn: string;
  try {
    // The document itself, an input_key of the local run store resolved: the stack has its own bucket.
    arn = await startDeployedRestore(deployment, runId, withoutToken(checked.document, io));
  } catch (error) {
    io.stderr.write(
      `clumio-bulk-restore restore: could not start run ${runId}: ${(error as Error).name}: ${(error as Error).message}\n`,
    );
    return EXIT_CANNOT_PROCEED;
  }
  io.stdout.write(
    `run ${runId} started on ${deployment.stack.stackName} (${deployment.stack.region}): ${arn}\n`,
  );
  return followRun(deployment, runId, arn, io, { ...followOptions(options, signal), out });
}

function followOptions(options: Common, signal: AbortSignal | undefined) {
  return {
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.out !== undefined ? { out: options.out } : {}),
    ...(signal !== undefined ? { signal } : {}),
  };
}

export interface DeployedListOptions extends Common {
  readonly inputFile: string;
}

/**
 * `list --stage S`: bulkList on the stack (its input is small: passed as the execution input, without
 * any token); the restore input document it writes is downloaded to --out (default runs/<run-id>/).
 */
export async function listDeployed(
  options: DeployedListOptions,
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const file = await readInputFile('list', options.inputFile, io);
  if (file === undefined) return EXIT_USAGE;
  const deployment = await deploymentOf('list', options.target, io);
  if (deployment === undefined) return EXIT_CANNOT_PROCEED;
  const runId = newRunId(new Date());
  const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
  let arn: string;
  try {
    const started = await deployment.clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: deployment.stack.listMachineArn,
        name: runId,
        input: JSON.stringify(withoutToken(file.value, io)),
      }),
    );
    arn = started.executionArn ?? executionArn(deployment.stack.listMachineArn, runId);
  } catch (error) {
    io.stderr.write(
      `clumio-bulk-restore list: could not start run ${runId}: ${(error as Error).name}: ${(error as Error).message}\n`,
    );
    return EXIT_CANNOT_PROCEED;
  }
  io.stdout.write(
    `run ${runId} started on ${deployment.stack.stackName} (${deployment.stack.region}): ${arn}\n`,
  );
  const execution = await watchExecution(deployment, runId, arn, io, {
    ...followOptions(options, signal),
    progress: () => Promise.resolve('listing'),
  });
  if (execution === 'detached') return EXIT_INTERRUPTED;
  if (execution.status !== 'SUCCEEDED') {
    const code = executionExit(execution, runId, io);
    return code === EXIT_INCOMPLETE ? EXIT_CANNOT_PROCEED : code;
  }
  const files = deployedRunFiles(deployment, runId);
  const target = resolve(options.out ?? resolve('runs', runId, runLayout.restoreDocument));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, await files.getText(runLayout.restoreDocument));
  const summary = await files.getJson<ListSummary>(runLayout.listSummary);
  const result = JSON.parse(execution.output ?? '{}') as ListOutcome;
  io.stdout.write(`\n${describeSummary(summary)}\n`);
  io.stdout.write(
    `${result.counts.groups} restore groups for ${result.counts.assets} assets (${result.counts.noBackup} without a backup): ${target}\n` +
      `restore them: clumio-bulk-restore restore --input ${target} ${targetArguments(deployment.stack)}\n`,
  );
  return result.counts.problems > 0 ? EXIT_INCOMPLETE : EXIT_OK;
}

export interface DeployedRunOptions extends Common {
  /** The run id, or a local run folder whose report names it. */
  readonly run: string;
  readonly baseUrl?: string;
}

interface OpenedRun {
  readonly deployment: Deployment;
  readonly runId: string;
  readonly arn: string;
  readonly status: string;
}

async function openRun(
  command: string,
  options: DeployedRunOptions,
  io: CommandIO,
): Promise<OpenedRun | number> {
  const deployment = await deploymentOf(command, options.target, io);
  if (deployment === undefined) return EXIT_CANNOT_PROCEED;
  try {
    const runId = await runIdOf(options.run);
    const arn = executionArn(deployment.stack.restoreMachineArn, runId);
    const execution = await describeExecution(deployment, arn).catch((error: unknown) => {
      if ((error as Error).name === 'ExecutionDoesNotExist') {
        throw new DeploymentError(
          `no run ${runId} on ${deployment.stack.stackName} (${deployment.stack.region})`,
        );
      }
      throw error;
    });
    return { deployment, runId, arn, status: execution.status ?? 'UNKNOWN' };
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore ${command}: ${(error as Error).message}\n`);
    return error instanceof DeploymentError ? EXIT_USAGE : EXIT_CANNOT_PROCEED;
  }
}

/** The operator's Clumio client for a deployed run, or undefined with the reason on stderr. */
function clumioFor(
  opened: OpenedRun,
  runBaseUrl: string | null | undefined,
  options: DeployedRunOptions,
  io: CommandIO,
) {
  try {
    const { baseUrl, token } = deployedClumio(opened.deployment, io.env, options.baseUrl ?? runBaseUrl);
    return operatorClient(baseUrl, token, io);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return undefined;
  }
}

/**
 * `status RUN --stage S`: the execution's status and the run's table as of now, from the run bucket
 * (plan, journal, results) and Clumio's tasks not yet ended; `--follow` re-attaches until it ends.
 */
export async function statusDeployed(
  options: DeployedRunOptions & { readonly follow?: boolean },
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const opened = await openRun('status', options, io);
  if (typeof opened === 'number') return opened;
  const { deployment, runId } = opened;
  io.stdout.write(
    `run ${runId} on ${deployment.stack.stackName} (${deployment.stack.region}): execution ${opened.status}\n`,
  );
  if (options.follow === true)
    return followRun(deployment, runId, opened.arn, io, followOptions(options, signal));
  const reading = await readRun(deployedRunFiles(deployment, runId));
  const ids = unfinishedTasks(reading);
  const client = ids.length === 0 ? undefined : clumioFor(opened, reading.plannedRun?.baseUrl, options, io);
  if (ids.length > 0 && client === undefined) {
    io.stderr.write(
      `the ${ids.length} Clumio tasks not ended were not read (shown as the run store has them)\n`,
    );
  }
  const tasks = client === undefined ? undefined : await readTasks(client, ids);
  const report = readingReport(reading, runId, {
    version: await version(),
    at: new Date(),
    ...(tasks !== undefined ? { tasks } : {}),
    notStarted:
      opened.status === 'RUNNING' ? 'not started yet' : `not started: the execution is ${opened.status}`,
  });
  describeRun(
    report,
    reading,
    { target: `${runId} ${targetArguments(deployment.stack)}`, deployed: true },
    io,
  );
  return report.counts.completed === report.counts.planned && !report.dryRun ? EXIT_OK : EXIT_INCOMPLETE;
}

/**
 * `abort RUN --stage S`: the run's stop in the run bucket (no StartRestore starts after it), the
 * execution stopped (StopExecution), every started Clumio task not ended aborted; the report written
 * to the run bucket, as the stopped execution will not, and downloaded into --out.
 */
export async function abortDeployed(
  options: DeployedRunOptions & { readonly yes?: boolean; readonly inFlightMs?: number },
  io: CommandIO,
): Promise<number> {
  const opened = await openRun('abort', options, io);
  if (typeof opened === 'number') return opened;
  const { deployment, runId } = opened;
  const files = deployedRunFiles(deployment, runId);
  const before = await readRun(files);
  const client = clumioFor(opened, before.plannedRun?.baseUrl, options, io);
  if (client === undefined) return EXIT_USAGE;
  const { StopExecutionCommand } = await import('@aws-sdk/client-sfn');
  return abortRun(
    {
      runId,
      files,
      next: { target: `${runId} ${targetArguments(deployment.stack)}`, deployed: true },
      before,
      client,
      options: {
        ...(options.yes !== undefined ? { yes: options.yes } : {}),
        ...(options.inFlightMs !== undefined ? { inFlightMs: options.inFlightMs } : {}),
      },
      stopExecution: async () => {
        if (opened.status !== 'RUNNING') return;
        await deployment.clients.sfn.send(
          new StopExecutionCommand({
            executionArn: opened.arn,
            error: 'Aborted',
            cause: 'clumio-bulk-restore abort: its Clumio tasks were aborted',
          }),
        );
        io.stdout.write(`execution stopped: ${opened.arn}\n`);
      },
      writeReport: async (report: Report) => {
        await writeReportFiles(files, report, files.where(runLayout.input));
        const local = await downloadReports(files, options.out ?? resolve('runs', runId), runId);
        return `${files.where(runLayout.report)} (and ${local.files.where(runLayout.report)})`;
      },
    },
    io,
  );
}

/**
 * `rerun RUN --stage S`: the chosen restores' records go to the new run's folder in the run bucket,
 * its input (`rerun_of`) to inputs/, and the new execution is followed like `restore --stage`.
 */
export async function rerunDeployed(
  options: DeployedRunOptions & {
    readonly statuses: readonly string[];
    readonly dryRun?: boolean;
    readonly force?: boolean;
  },
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const opened = await openRun('rerun', options, io);
  if (typeof opened === 'number') return opened;
  const { deployment, runId } = opened;
  const reading = await readRun(deployedRunFiles(deployment, runId)).catch((error: unknown) => {
    if (error instanceof RunFileError) return undefined;
    throw error;
  });
  if (reading === undefined) {
    io.stderr.write(
      `clumio-bulk-restore rerun: run ${runId} cannot be read from ${deployment.stack.bucket}\n`,
    );
    return EXIT_CANNOT_PROCEED;
  }
  const client = clumioFor(opened, reading.plannedRun?.baseUrl, options, io);
  if (client === undefined) return EXIT_USAGE;
  const tasks = await readTasks(client, unfinishedTasks(reading));
  const choice = await chooseRerun(reading, { statuses: options.statuses, tasks, client });
  printChoice(choice, runId, options.statuses, io);
  if (choice.indexes.length === 0) return EXIT_OK;
  const newRun = newRunId(new Date());
  const out = resolve(options.out ?? join('runs', newRun));
  if (!(await claimOut('rerun', out, options.force === true, io))) return EXIT_USAGE;
  await deployedRunFiles(deployment, newRun).putJson(runLayout.rerunRecords, choice.records);
  const baseUrl = options.baseUrl ?? reading.plannedRun?.baseUrl;
  const document = {
    rerun_of: { run_id: runId, restores: choice.indexes },
    ...(baseUrl ? { base_url: baseUrl } : {}),
    ...(options.dryRun === true ? { dry_run: true } : {}),
  };
  const arn = await startDeployedRestore(deployment, newRun, document);
  io.stdout.write(
    `run ${newRun} started on ${deployment.stack.stackName} (${deployment.stack.region}): ${arn}\n`,
  );
  return followRun(deployment, newRun, arn, io, { ...followOptions(options, signal), out });
}
