import { parseArgs } from 'node:util';
import { redact, registerSecret } from '../../clumio/index.js';
import { folderStoreObjects, type StoreObjects } from '../../workflows/run-store.js';
import { INPUT_KEY, isInputReference, resolveInput } from '../../workflows/bulk-restore/input-reference.js';
import { InvalidInput } from '../../workflows/errors.js';
import { PAYLOAD_LIMIT_BYTES, payloadBytes } from '../runner/limits.js';
import { uploadedInput } from '../../workflows/run-layout.js';
import { isRecord } from '../../core/fields.js';
import { decodeRestoreInput, type Problem } from '../../schemas/index.js';
import { executeRestore, interruptOnSignals } from './restore-session.js';
import { optionalCount } from './options.js';
import { prepareLocalRun, readInputFile } from './local-run.js';
import { EXIT_USAGE, type Command, type CommandIO } from './types.js';

const USAGE =
  'usage: clumio-bulk-restore restore --input FILE [--base-url URL] [--dry-run] [--out DIR] [--poll-interval SECONDS] [--concurrency N]\n';

export interface RestoreRunOptions {
  readonly inputFile: string;
  readonly baseUrl?: string;
  readonly dryRun?: boolean;
  readonly out?: string;
  readonly pollIntervalSeconds?: number;
  /** At most this many restores in flight at once (default: the stage's restoreConcurrency). */
  readonly concurrency?: number;
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
      concurrency: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.input === undefined) throw new UsageError('--input FILE is required');
  const poll = values['poll-interval'];
  if (poll !== undefined && !(/^\d+(\.\d+)?$/.test(poll) && Number(poll) >= 0)) {
    throw new UsageError('--poll-interval must be a number of seconds, 0 or more');
  }
  const concurrency = optionalCount('concurrency', values.concurrency);
  return {
    ...(concurrency !== undefined ? { concurrency } : {}),
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
  const interrupt = interruptOnSignals(io);
  try {
    return await runRestore(options, io, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
};

/** What the Validate step will get, checked the same way first: the file, the command line applied. */
export interface CheckedInput {
  /** The execution input: the file with the options applied (it may name its document by input_key). */
  readonly input: unknown;
  /** The document itself, an input_key resolved. */
  readonly document: unknown;
  /** The file's own clumio_token, when it has one. */
  readonly fileToken?: string;
  /** The local run store an input_key is read from. */
  readonly storeRoot: string;
  readonly store: StoreObjects;
}

/**
 * Reads the input file, applies the command-line options and decodes it as Validate does, printing
 * every warning and problem: bad input ends here (undefined: exit 2), before a run or a Clumio request.
 */
export async function checkedRestoreInput(
  options: Pick<RestoreRunOptions, 'inputFile' | 'baseUrl' | 'dryRun' | 'storeRoot'>,
  io: CommandIO,
): Promise<CheckedInput | undefined> {
  const file = await readInputFile('restore', options.inputFile, io);
  if (file === undefined) return undefined;
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
    return undefined;
  }
  // The decoder the Validate step runs: bad input ends here, before a run folder or a Clumio request.
  const decoded = decodeRestoreInput(document);
  // The decoder hides the input's own token; a value that is the CLUMIO_TOKEN is hidden here.
  for (const warning of decoded.warnings) io.stderr.write(`${redact(problemLine('warning', warning))}\n`);
  if (!decoded.ok) {
    for (const problem of decoded.problems) io.stderr.write(`${redact(problemLine('error', problem))}\n`);
    const count = decoded.problems.length;
    io.stderr.write(`${options.inputFile}: ${count} problem${count === 1 ? '' : 's'}; nothing was run\n`);
    return undefined;
  }
  const fileToken = decoded.value.clumioToken?.trim();
  return { input, document, storeRoot, store, ...(fileToken ? { fileToken } : {}) };
}

/** Runs the bulkRestore definition in-process; returns the exit code of DESIGN §6. */
export async function runRestore(
  options: RestoreRunOptions,
  io: CommandIO,
  signal?: AbortSignal,
): Promise<number> {
  const checked = await checkedRestoreInput(options, io);
  if (checked === undefined) return EXIT_USAGE;
  const { input } = checked;
  const token = io.env.CLUMIO_TOKEN?.trim() || checked.fileToken;
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
    await checked.store.putText(key, JSON.stringify(upload), 'application/json');
    executionInput = { [INPUT_KEY]: key };
    io.stdout.write(
      `input: ${bytes.toLocaleString('en-US')} bytes, over Step Functions' ${PAYLOAD_LIMIT_BYTES.toLocaleString('en-US')}: ` +
        `passed by reference, input_key ${key} (${checked.store.where(key)})\n`,
    );
  }
  return executeRestore(
    executionInput,
    run,
    {
      storeRoot: checked.storeRoot,
      ...(options.pollIntervalSeconds !== undefined
        ? { pollIntervalSeconds: options.pollIntervalSeconds }
        : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
    },
    io,
  );
}

/** The file's document with the command-line options applied. */
function withOptions(
  document: Record<string, unknown>,
  options: Pick<RestoreRunOptions, 'baseUrl' | 'dryRun'>,
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...document };
  if (options.baseUrl !== undefined) input.base_url = options.baseUrl;
  if (options.dryRun === true) input.dry_run = true;
  return input;
}

function problemLine(kind: 'error' | 'warning', problem: Problem): string {
  return problem.path === '' ? `${kind}: ${problem.message}` : `${kind}: ${problem.path}: ${problem.message}`;
}
