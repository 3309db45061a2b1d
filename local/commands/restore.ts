import { parseArgs } from 'node:util';
import { redact, registerSecret } from '../../clumio/index.js';
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
  readonly input: unknown;
  /** The file's own clumio_token, when it has one. */
  readonly fileToken?: string;
}

/**
 * Reads the input file, applies the command-line options and decodes it as Validate does, printing
 * every warning and problem: bad input ends here (undefined: exit 2), before a run or a Clumio request.
 */
export async function checkedRestoreInput(
  options: Pick<RestoreRunOptions, 'inputFile' | 'baseUrl' | 'dryRun'>,
  io: CommandIO,
): Promise<CheckedInput | undefined> {
  const file = await readInputFile('restore', options.inputFile, io);
  if (file === undefined) return undefined;
  // Command-line options beat the file (DESIGN §6).
  const input: unknown = isRecord(file.value) ? withOptions(file.value, options) : file.value;
  const envToken = io.env.CLUMIO_TOKEN?.trim();
  if (envToken) registerSecret(envToken);
  const decoded = decodeRestoreInput(input);
  // The decoder hides the input's own token; a value that is the CLUMIO_TOKEN is hidden here.
  for (const warning of decoded.warnings) io.stderr.write(`${redact(problemLine('warning', warning))}\n`);
  if (!decoded.ok) {
    for (const problem of decoded.problems) io.stderr.write(`${redact(problemLine('error', problem))}\n`);
    const count = decoded.problems.length;
    io.stderr.write(`${options.inputFile}: ${count} problem${count === 1 ? '' : 's'}; nothing was run\n`);
    return undefined;
  }
  const fileToken = decoded.value.clumioToken?.trim();
  return { input, ...(fileToken ? { fileToken } : {}) };
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
  io.stdout.write(`run ${run.runId}: ${run.runFolder}\n`);
  return executeRestore(
    input,
    run,
    {
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
