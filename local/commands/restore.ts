import { readFileSync } from 'node:fs';
import { normaliseBaseUrl, redact, registerSecret, type RetryNotice } from '../../clumio/index.js';
import type { Report } from '../../workflows/report.js';
import { noMatchError, notPlannedError } from '../../workflows/report.js';
import type {
  PlannedRun,
  ReportSummary,
  RestoreProgress,
  RunState,
  UnplannedGroups,
} from '../../workflows/bulk-restore/state.js';
import { folderRunFiles, folderStoreObjects, type StoreObjects } from '../../workflows/run-store.js';
import { INPUT_KEY, isInputReference, resolveInput } from '../../workflows/bulk-restore/input-reference.js';
import { causeText, InvalidInput } from '../../workflows/errors.js';
import { PAYLOAD_LIMIT_BYTES, payloadBytes } from '../runner/limits.js';
import { runLayout, uploadedInput } from '../../workflows/run-layout.js';
import { onClumioRetry } from '../../workflows/runtime.js';
import { isRecord } from '../../core/fields.js';
import { decodeRestoreInput, type Problem, type RestoreInput } from '../../schemas/index.js';
import { EXIT_OK, EXIT_USAGE, exitCodeOfRunError } from '../exit-codes.js';
import { outputFormat, parseDuration, positiveSeconds, UsageError, type ParsedValues } from '../options.js';
import { countsLine, reportTable } from '../report-table.js';
import { runStateMachine, type RunnerEvent } from '../runner.js';
import { elapsed, plural, StatusLine } from '../terminal.js';
import {
  claimRunFolder,
  clientSettings,
  clumioLocation,
  commandLine,
  inputName,
  isLoopback,
  Output,
  prepareLocalRun,
  readInputFile,
  unreachableHint,
  baseUrlOverride,
  type BaseUrlOverride,
  type ClumioLocation,
  type LocalRun,
} from './local-run.js';
import { interrupted, interruptible } from './restore-session.js';
import { restoreSpec } from './specs.js';
import type { Command, CommandIO } from './types.js';
import { stagePolling, waitingFor, type Waiting } from './waiting.js';

export interface RestoreRunOptions extends FollowOptions {
  /** A file, or `-` for standard input. */
  readonly inputFile: string;
  readonly dryRun?: boolean;
  readonly skipUnplannable?: boolean;
  readonly out?: string;
  readonly force?: boolean;
  readonly output?: 'text' | 'json';
  readonly quiet?: boolean;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
  /** The folder that plays the run bucket (`inputs/`, `runs/`); default the current directory (tests). */
  readonly storeRoot?: string;
}

export const restore: Command = async (args, io) => {
  const options = commandLine(restoreSpec, args, io, ({ values }): RestoreRunOptions => {
    const { input, out } = values;
    return {
      inputFile: typeof input === 'string' ? input : '',
      ...(values['dry-run'] === true ? { dryRun: true } : {}),
      ...(values['skip-unplannable'] === true ? { skipUnplannable: true } : {}),
      ...(typeof out === 'string' ? { out } : {}),
      ...(values.force === true ? { force: true } : {}),
      ...followOptions(values),
      output: outputFormat(values.output),
      quiet: values.quiet === true,
    };
  });
  return typeof options === 'number'
    ? options
    : interruptible(io, (signal) => runRestore(options, io, signal));
};

/** How the commands that follow restores to their end are told where Clumio is, how long and how many. */
export interface FollowOptions {
  readonly baseUrl?: string;
  readonly maxWaitSeconds?: number;
  readonly pollIntervalSeconds?: number;
  readonly concurrency?: number;
}

/** `--base-url`, `--max-wait`, `--poll-interval` and `--concurrency N` (a whole number of restores ≥ 1). */
export function followOptions(values: ParsedValues): FollowOptions {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const [baseUrl, maxWait, interval, concurrency] = [
    'base-url',
    'max-wait',
    'poll-interval',
    'concurrency',
  ].map(text);
  if (concurrency !== undefined && (!/^\d+$/.test(concurrency) || Number(concurrency) < 1))
    throw new UsageError('--concurrency must be a whole number ≥ 1');
  return {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(maxWait !== undefined ? { maxWaitSeconds: parseDuration('max-wait', maxWait) } : {}),
    ...(interval !== undefined ? { pollIntervalSeconds: positiveSeconds('poll-interval', interval) } : {}),
    ...(concurrency !== undefined ? { concurrency: Number(concurrency) } : {}),
  };
}

/** Says what a retry waits for, at most once a second per reason (a storm of retries is one line). */
class RetryNotices {
  private readonly last = new Map<string, { at: number; held: number }>();
  constructor(private readonly print: (text: string) => void) {}

  hear(notice: RetryNotice): void {
    const now = Date.now();
    const seen = this.last.get(notice.reason);
    if (seen !== undefined && now - seen.at < 1000) {
      seen.held++;
      return;
    }
    const what = notice.reason.startsWith('HTTP 429')
      ? 'throttled the request (HTTP 429)'
      : notice.reason.startsWith('HTTP ')
        ? `answered ${notice.reason}`
        : `did not answer (${notice.reason})`;
    const others =
      seen !== undefined && seen.held > 0
        ? ` (and ${plural(seen.held, 'other retry', 'other retries')})`
        : '';
    this.print(
      `Clumio at ${notice.host} ${what}; retry ${notice.retry} of ${notice.limit} in ` +
        `${(notice.delayMs / 1000).toFixed(notice.delayMs < 10_000 ? 1 : 0)} s${others}`,
    );
    this.last.set(notice.reason, { at: now, held: 0 });
  }
}

const FAILED = new Set(['failed', 'timed_out', 'unknown']);

/**
 * Live progress: on a terminal one line redrawn in place (it fits the width); a line per milestone, and
 * each restore that fails named as it fails, with the time since the run began. Off a terminal, a line
 * per finished restore, never cut.
 */
class Progress {
  private planned = 0;
  private started = 0;
  private readonly ended = new Map<string, number>();
  private readonly began = Date.now();

  constructor(
    private readonly status: StatusLine,
    private readonly runFolder: string,
    private readonly runId: string,
  ) {}

  onTaskEnd(event: RunnerEvent): void {
    const output = event.output as Partial<RestoreProgress & PlannedRun & RunState>;
    if (event.state === 'Validate')
      this.status.line(`input valid: ${plural(output.groupCount ?? 0, 'group')}`);
    if (event.state === 'FinalizePlan') this.planFinished(output);
    if (event.state === 'StartRestore' && output.status === 'started') this.started++;
    if ((event.state === 'StartRestore' || event.state === 'CheckTask') && output.status !== 'started') {
      this.restoreEnded(output);
    }
    if (this.planned > 0) this.status.show((width) => this.bar(width));
  }

  /** A resumed run starts past FinalizePlan: its size comes from the plan it resumes. */
  resumes(planned: number): void {
    this.planned = planned;
  }

  private planFinished(run: Partial<PlannedRun>): void {
    this.planned = run.planned ?? 0;
    const without = run.noBackup ?? 0;
    this.status.line(
      `planned ${plural(this.planned, 'restore')}` +
        (without > 0 ? ` (${plural(without, 'matching resource')} without a backup)` : ''),
    );
    if ((run.noMatch ?? 0) + (run.notPlanned ?? 0) === 0) return;
    const files = folderRunFiles(this.runFolder, this.runId);
    const unplanned = JSON.parse(readFileSync(files.where(runLayout.unplanned), 'utf8')) as UnplannedGroups;
    for (const group of unplanned.noMatch) {
      this.status.line(`RestoreGroups[${group.groupIndex}] (${group.resourceType}): ${noMatchError(group)}`);
    }
    for (const group of unplanned.notPlanned) {
      this.status.line(
        `RestoreGroups[${group.groupIndex}] (${group.resourceType}) not planned: ${notPlannedError(group)}`,
      );
    }
  }

  private restoreEnded(progress: Partial<RestoreProgress>): void {
    const status = progress.status ?? 'unknown';
    this.ended.set(status, (this.ended.get(status) ?? 0) + 1);
    if (this.status.tty && !FAILED.has(status)) return;
    const source = progress.record?.source;
    const where = [source?.account, source?.region].filter((p) => p !== undefined).join('/');
    const what = `${progress.record?.resourceType} ${source?.resourceNativeId ?? source?.resourceId}${where ? ` (${where})` : ''}`;
    const error = progress.error ? `: ${progress.error}` : '';
    this.status.line(
      `restore ${(progress.index ?? 0) + 1} of ${this.planned} ${status} after ${elapsed(Date.now() - this.began)}: ${what}${error}`,
    );
  }

  /** The live line, fitted to `width`: the counts first, a bar when there is room. */
  private bar(width: number): string {
    const done = [...this.ended.values()].reduce((a, b) => a + b, 0);
    const counts = [
      `${done}/${this.planned} done`,
      `started ${this.started}`,
      ...['completed', 'failed', 'timed_out', 'unknown']
        .filter((s) => s === 'completed' || (this.ended.get(s) ?? 0) > 0)
        .map((s) => `${s.replace('_', ' ')} ${this.ended.get(s) ?? 0}`),
      elapsed(Date.now() - this.began),
    ];
    let text = counts.join(' · ');
    while (text.length > width && counts.length > 1) {
      counts.splice(counts.length - 2, 1);
      text = counts.join(' · ');
    }
    const room = width - text.length - 3;
    if (room < 10) return text;
    const size = Math.min(30, room);
    const filled = Math.round((done / this.planned) * size);
    return `[${'#'.repeat(filled)}${'.'.repeat(size - filled)}] ${text}`;
  }
}

/** What Validate will get, checked the same way first: the file with the command line applied. */
export interface CheckedInput {
  /** The execution input: the file with the options applied (it may name its document by input_key). */
  readonly input: unknown;
  /** The document itself, an input_key resolved. */
  readonly document: unknown;
  readonly decoded: RestoreInput;
  /** The folder that plays the run bucket, where an input_key is read. */
  readonly storeRoot: string;
  readonly store: StoreObjects;
  readonly override: BaseUrlOverride | undefined;
}

/**
 * Reads the input, applies the command-line options (and CLUMIO_BASE_URL) and decodes it as Validate
 * does, printing every warning and problem: bad input ends here (undefined: exit 2), before a run
 * folder or a Clumio request.
 */
export async function checkedRestoreInput(
  options: RestoreRunOptions,
  io: CommandIO,
  out: Output,
): Promise<CheckedInput | undefined> {
  const file = await readInputFile('restore', options.inputFile, io);
  if (file === undefined) return undefined;
  const override = baseUrlOverride(options.baseUrl, io.env);
  if (override !== undefined) {
    try {
      normaliseBaseUrl(override.baseUrl);
    } catch (error) {
      out.error(`clumio-bulk-restore restore: ${override.source}: ${(error as Error).message}\n`);
      return undefined;
    }
  }
  // Command-line options (and CLUMIO_BASE_URL) beat the file (DESIGN §6).
  const input: unknown = isRecord(file.value) ? withOptions(file.value, options, override) : file.value;
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
    out.error(`${inputName(options.inputFile)}: ${redact(error.message)}\nnothing was run\n`);
    return undefined;
  }
  // The decoder the Validate step runs: bad input ends here, before a run folder or a Clumio request.
  const decoded = decodeRestoreInput(document);
  // The decoder hides the input's own token; a value that is the CLUMIO_TOKEN is hidden here.
  for (const warning of decoded.warnings) out.error(`${redact(problemLine('warning', warning))}\n`);
  if (!decoded.ok) {
    for (const problem of decoded.problems) out.error(`${redact(problemLine('error', problem))}\n`);
    out.error(
      `${inputName(options.inputFile)}: ${plural(decoded.problems.length, 'problem')}; nothing was run\n`,
    );
    return undefined;
  }
  return { input, document, decoded: decoded.value, storeRoot, store, override };
}

/** Runs the bulkRestore definition in-process; returns the exit code (local/exit-codes.ts). */
export async function runRestore(
  options: RestoreRunOptions,
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const out = new Output(io, options.output ?? 'text', options.quiet === true);
  const checked = await checkedRestoreInput(options, io, out);
  if (checked === undefined) return EXIT_USAGE;
  const { input, store, override } = checked;
  const token = io.env.CLUMIO_TOKEN?.trim() || checked.decoded.clumioToken?.trim();
  if (!token) {
    out.error(
      'clumio-bulk-restore restore: no Clumio API token: set CLUMIO_TOKEN (or clumio_token in the input)\n',
    );
    return EXIT_USAGE;
  }
  registerSecret(token);
  const settings = clientSettings('restore', io);
  if (settings === undefined) return EXIT_USAGE;
  const run = await prepareLocalRun(token, settings, io, options.out);
  const refused = await claimRunFolder(run.runFolder, options.force === true);
  if (refused !== undefined) {
    out.error(`clumio-bulk-restore restore: ${refused}\n`);
    return EXIT_USAGE;
  }
  const { runId, runFolder } = run;
  const location = await clumioLocation(override, checked.decoded.baseUrl);
  const waiting = waitingFor(await stagePolling(isLoopback(location.baseUrl)), options);
  out.say(`run ${runId}: ${runFolder}\n`);
  out.say(`Clumio at ${location.baseUrl} (from ${location.source})\n${waiting.text}\n`);
  let executionInput = input;
  const bytes = payloadBytes(input);
  if (!isInputReference(input) && bytes > PAYLOAD_LIMIT_BYTES) {
    // What a deployed run needs as well: Step Functions takes 256 KiB of input, so the document goes to
    // the run store and the execution gets its key. The token stays in the environment, not in the file.
    const { clumio_token: _token, ...upload } = input as Record<string, unknown>;
    const key = uploadedInput(runId);
    await store.putText(key, JSON.stringify(upload), 'application/json');
    executionInput = { [INPUT_KEY]: key };
    out.say(
      `input: ${bytes.toLocaleString('en-US')} bytes, over Step Functions' ${PAYLOAD_LIMIT_BYTES.toLocaleString('en-US')}: ` +
        `passed by reference, input_key ${key} (${store.where(key)})\n`,
    );
  }
  return executeRun(executionInput, {
    run,
    storeRoot: checked.storeRoot,
    location,
    waiting,
    out,
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(signal !== undefined ? { signal } : {}),
  });
}

/** One bulkRestore execution in-process: what restore, resume and rerun share once the run is set up. */
export interface ExecutionContext {
  readonly run: LocalRun;
  readonly storeRoot?: string;
  readonly location: ClumioLocation;
  readonly waiting: Waiting;
  readonly out: Output;
  readonly retryMs?: number;
  readonly concurrency?: number;
  /** The first Ctrl-C: the run starts nothing more and writes the report of what started. */
  readonly signal?: AbortSignal;
  /** A resumed run starts at its Restore map, with the plan's size known. */
  readonly resume?: { readonly startAt: string; readonly planned: number };
}

/**
 * Runs the execution with its live progress, then the table, the report's place and the exit code;
 * interrupted, the report of what started and how to go on (restore-session.ts).
 */
export async function executeRun(executionInput: unknown, ctx: ExecutionContext): Promise<number> {
  const { run, out, waiting, location } = ctx;
  const { runId, runFolder } = run;
  const status = new StatusLine(out.human);
  const progress = new Progress(status, runFolder, runId);
  if (ctx.resume !== undefined) progress.resumes(ctx.resume.planned);
  const notices = new RetryNotices((text) => status.line(text));
  const stopNotices = onClumioRetry((notice) => notices.hear(notice));
  const settings = {
    runId,
    runFolder,
    ...(ctx.storeRoot !== undefined ? { storeRoot: ctx.storeRoot } : {}),
    env: run.env,
    polling: waiting.polling,
    ...(waiting.waitMs !== undefined ? { waitMs: waiting.waitMs } : {}),
    ...(ctx.retryMs !== undefined ? { retryMs: ctx.retryMs } : {}),
    ...(ctx.concurrency !== undefined ? { maxConcurrency: ctx.concurrency } : {}),
    ...(ctx.resume !== undefined ? { startAt: ctx.resume.startAt } : {}),
    onTaskEnd: (event: RunnerEvent) => progress.onTaskEnd(event),
  };
  let outcome;
  try {
    outcome =
      ctx.signal === undefined
        ? await runStateMachine('bulkRestore', executionInput, settings)
        : await runStateMachine('bulkRestore', executionInput, { ...settings, signal: ctx.signal });
  } finally {
    stopNotices();
    status.clear();
  }
  const files = folderRunFiles(runFolder, runId);
  if (outcome.status === 'ABORTED') return interrupted(files, run, out);
  const report = await files.getJson<Report>(runLayout.report).catch(() => undefined);
  if (report !== undefined) {
    out.json(report);
    // A run that could not proceed has no restores to show: its report holds the failure only.
    if (report.failure === undefined || report.restores.length > 0) {
      const width = out.human?.isTTY === true ? (out.human.columns ?? 80) : undefined;
      out.say(`\n${reportTable(report, width)}\n`);
    }
    out.say(
      `report: ${files.where(runLayout.report)}\n        ${files.where(runLayout.reportCsv)}\n` +
        `        ${files.where(runLayout.reportHtml)}\n`,
    );
  }
  // The last line alone is what --quiet prints: then it carries the counts too.
  const counts = report !== undefined && out.quiet ? `: ${countsLine(report)}` : '';
  if (outcome.status === 'SUCCEEDED') {
    const summary = outcome.output as ReportSummary;
    if (report === undefined) out.say(`${summary.summary}\n`);
    out.final(`run ${runId} succeeded${counts}\n`);
    return EXIT_OK;
  }
  if (out.quiet) {
    out.final(`run ${runId} failed (${outcome.error})${counts}\n`);
  } else {
    out.error(`run ${runId} failed: ${outcome.error}\n${redact(causeText(outcome.cause))}\n`);
    if (outcome.error === 'ClumioNetworkError') out.error(`${unreachableHint(location)}\n`);
    if (report !== undefined && report.restores.length > 0) out.error(`${countsLine(report)}\n`);
  }
  return exitCodeOfRunError(outcome.error);
}

/** The file's document (or its reference) with the command-line options and CLUMIO_BASE_URL applied. */
function withOptions(
  document: Record<string, unknown>,
  options: RestoreRunOptions,
  override: BaseUrlOverride | undefined,
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...document };
  if (override !== undefined) input.base_url = override.baseUrl;
  if (options.dryRun === true) input.dry_run = true;
  if (options.skipUnplannable === true) input.skip_unplannable_groups = true;
  return input;
}

function problemLine(kind: 'error' | 'warning', problem: Problem): string {
  return problem.path === '' ? `${kind}: ${problem.message}` : `${kind}: ${problem.path}: ${problem.message}`;
}
