import { parseArgs } from 'node:util';
import { redact, registerSecret } from '../../clumio/index.js';
import type { Report } from '../../workflows/report.js';
import { countsLine, reportTable } from '../report-table.js';
import type {
  ReportSummary,
  RestoreProgress,
  PlannedRun,
  RunState,
} from '../../workflows/bulk-restore/state.js';
import { folderRunFiles, folderStoreObjects } from '../../workflows/run-store.js';
import { INPUT_KEY, isInputReference, resolveInput } from '../../workflows/bulk-restore/input-reference.js';
import { causeText, InvalidInput } from '../../workflows/errors.js';
import { PAYLOAD_LIMIT_BYTES, payloadBytes } from '../runner/limits.js';
import { runLayout, uploadedInput } from '../../workflows/run-layout.js';
import { isRecord } from '../../core/fields.js';
import { decodeRestoreInput, type Problem } from '../../schemas/index.js';
import { runStateMachine, type RunnerEvent } from '../runner.js';
import { prepareLocalRun, readInputFile } from './local-run.js';
import {
  EXIT_CANNOT_PROCEED,
  EXIT_INCOMPLETE,
  EXIT_OK,
  EXIT_USAGE,
  type Command,
  type CommandIO,
} from './types.js';

const USAGE =
  'usage: clumio-bulk-restore restore --input FILE [--base-url URL] [--dry-run] [--out DIR] [--poll-interval SECONDS]\n';

export interface RestoreRunOptions {
  readonly inputFile: string;
  readonly baseUrl?: string;
  readonly dryRun?: boolean;
  readonly out?: string;
  readonly pollIntervalSeconds?: number;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
  /** The folder that plays the run bucket (`inputs/`, `runs/`); default the current directory (tests). */
  readonly storeRoot?: string;
}

class UsageError extends Error {}

function parse(args: string[]): RestoreRunOptions {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      'base-url': { type: 'string' },
      'dry-run': { type: 'boolean' },
      out: { type: 'string' },
      'poll-interval': { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.input === undefined) throw new UsageError('--input FILE is required');
  const poll = values['poll-interval'];
  if (poll !== undefined && !(/^\d+(\.\d+)?$/.test(poll) && Number(poll) >= 0)) {
    throw new UsageError('--poll-interval must be a number of seconds, 0 or more');
  }
  return {
    inputFile: values.input,
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(values['dry-run'] === true ? { dryRun: true } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(poll !== undefined ? { pollIntervalSeconds: Number(poll) } : {}),
  };
}

export const restore: Command = async (args, io) => {
  let options: RestoreRunOptions;
  try {
    options = parse(args);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore restore: ${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  return runRestore(options, io);
};

/** Live progress: one updating line on a terminal, a line per milestone otherwise. */
class Progress {
  private planned = 0;
  private started = 0;
  private readonly ended = new Map<string, number>();
  constructor(private readonly io: CommandIO) {}

  onTaskEnd(event: RunnerEvent): void {
    const output = event.output as Partial<RestoreProgress & PlannedRun & RunState>;
    if (event.state === 'Validate') this.line(`input valid: ${output.groupCount} groups`);
    if (event.state === 'FinalizePlan') {
      this.planned = output.planned ?? 0;
      this.line(
        `planned ${this.planned} restores (${output.noBackup ?? 0} matching resources without a backup)`,
      );
    }
    if (event.state === 'StartRestore' && output.status === 'started') this.started++;
    if ((event.state === 'StartRestore' || event.state === 'CheckTask') && output.status !== 'started') {
      this.ended.set(output.status ?? 'unknown', (this.ended.get(output.status ?? 'unknown') ?? 0) + 1);
      if (!this.io.stdout.isTTY) {
        const source = output.record?.source;
        this.line(
          `restore ${output.index} ${output.status}: ${output.record?.resourceType} ${source?.resourceNativeId ?? source?.resourceId}`,
        );
      }
    }
    if (this.io.stdout.isTTY && this.planned > 0) this.bar();
  }

  private bar(): void {
    const done = [...this.ended.values()].reduce((a, b) => a + b, 0);
    const parts = ['completed', 'failed', 'timed_out', 'unknown'].map(
      (s) => `${s} ${this.ended.get(s) ?? 0}`,
    );
    const width = 24;
    const filled = Math.round((done / this.planned) * width);
    this.io.stdout.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.planned} · started ${this.started} · ${parts.join(' · ')}   `,
    );
  }

  line(text: string): void {
    this.io.stdout.write(`${this.io.stdout.isTTY ? '\r\x1b[K' : ''}${text}\n`);
  }

  finish(): void {
    if (this.io.stdout.isTTY && this.planned > 0) this.io.stdout.write('\n');
  }
}

const exitByError: Readonly<Record<string, number>> = {
  InvalidInput: EXIT_USAGE,
  RestoresFailed: EXIT_INCOMPLETE,
};

/** Runs the bulkRestore definition in-process; returns the exit code of DESIGN §6. */
export async function runRestore(options: RestoreRunOptions, io: CommandIO): Promise<number> {
  const file = await readInputFile('restore', options.inputFile, io);
  if (file === undefined) return EXIT_USAGE;
  // Command-line options beat the file (DESIGN §6).
  const input: unknown = isRecord(file.value) ? withOptions(file.value, options) : file.value;
  const envToken = io.env.CLUMIO_TOKEN?.trim();
  if (envToken) registerSecret(envToken);
  // A file that names its document by input_key is read from the local run store, as Validate reads it.
  const storeRoot = options.storeRoot ?? process.cwd();
  const store = folderStoreObjects(storeRoot);
  let document: unknown;
  try {
    document = await resolveInput(input, store);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    io.stderr.write(`${options.inputFile}: ${redact(error.message)}\nnothing was run\n`);
    return EXIT_USAGE;
  }
  // The decoder the Validate step runs: bad input ends here, before a run folder or a Clumio request.
  const decoded = decodeRestoreInput(document);
  // The decoder hides the input's own token; a value that is the CLUMIO_TOKEN is hidden here.
  for (const warning of decoded.warnings) io.stderr.write(`${redact(problemLine('warning', warning))}\n`);
  if (!decoded.ok) {
    for (const problem of decoded.problems) io.stderr.write(`${redact(problemLine('error', problem))}\n`);
    const count = decoded.problems.length;
    io.stderr.write(`${options.inputFile}: ${count} problem${count === 1 ? '' : 's'}; nothing was run\n`);
    return EXIT_USAGE;
  }
  const token = envToken || decoded.value.clumioToken?.trim();
  if (!token) {
    io.stderr.write(
      'clumio-bulk-restore restore: no Clumio API token: set CLUMIO_TOKEN (or clumio_token in the input)\n',
    );
    return EXIT_USAGE;
  }
  registerSecret(token);
  const run = await prepareLocalRun('restore', token, io, options.out);
  if (run === undefined) return EXIT_USAGE;
  const { runId, runFolder } = run;
  io.stdout.write(`run ${runId}: ${runFolder}\n`);
  let executionInput = input;
  const bytes = payloadBytes(input);
  if (!isInputReference(input) && bytes > PAYLOAD_LIMIT_BYTES) {
    // What a deployed run needs as well: Step Functions takes 256 KiB of input, so the document goes to
    // the run store and the execution gets its key. The token stays in the environment, not in the file.
    const { clumio_token: _token, ...upload } = input as Record<string, unknown>;
    const key = uploadedInput(runId);
    await store.putText(key, JSON.stringify(upload), 'application/json');
    executionInput = { [INPUT_KEY]: key };
    io.stdout.write(
      `input: ${bytes.toLocaleString('en-US')} bytes, over Step Functions' ${PAYLOAD_LIMIT_BYTES.toLocaleString('en-US')}: ` +
        `passed by reference, input_key ${key} (${store.where(key)})\n`,
    );
  }
  const progress = new Progress(io);
  const outcome = await runStateMachine('bulkRestore', executionInput, {
    runId,
    runFolder,
    storeRoot,
    env: run.env,
    ...(options.pollIntervalSeconds !== undefined ? { waitMs: options.pollIntervalSeconds * 1000 } : {}),
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    onTaskEnd: (event) => progress.onTaskEnd(event),
  });
  progress.finish();
  const files = folderRunFiles(runFolder, runId);
  const report = await files.getJson<Report>(runLayout.report).catch(() => undefined);
  if (report !== undefined) {
    // A run that could not proceed has no restores to show: its report holds the failure only.
    if (report.failure === undefined || report.restores.length > 0) {
      io.stdout.write(`\n${reportTable(report, io.stdout.isTTY ? (process.stdout.columns ?? 160) : 160)}\n`);
    }
    io.stdout.write(
      `report: ${files.where(runLayout.report)}
        ${files.where(runLayout.reportCsv)}
        ${files.where(runLayout.reportHtml)}
`,
    );
  }
  if (outcome.status === 'SUCCEEDED') {
    const summary = outcome.output as ReportSummary;
    io.stdout.write(`${report ? '' : `${summary.summary}\n`}run ${runId} succeeded\n`);
    return EXIT_OK;
  }
  const cause = redact(causeText(outcome.cause));
  io.stderr.write(`run ${runId} failed: ${outcome.error}\n${cause}\n`);
  if (report !== undefined && report.restores.length > 0) io.stderr.write(`${countsLine(report)}\n`);
  return exitByError[outcome.error] ?? EXIT_CANNOT_PROCEED;
}

/** The file's document with the command-line options applied. */
function withOptions(document: Record<string, unknown>, options: RestoreRunOptions): Record<string, unknown> {
  const input: Record<string, unknown> = { ...document };
  if (options.baseUrl !== undefined) input.base_url = options.baseUrl;
  if (options.dryRun === true) input.dry_run = true;
  return input;
}

function problemLine(kind: 'error' | 'warning', problem: Problem): string {
  return problem.path === '' ? `${kind}: ${problem.message}` : `${kind}: ${problem.path}: ${problem.message}`;
}
