import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { normaliseBaseUrl } from '../../clumio/index.js';
import { readLambdaConfig } from '../../workflows/config.js';
import { runLayout } from '../../workflows/run-layout.js';
import { newRunId } from '../../workflows/run-store.js';
import { parseJson } from '../../schemas/json.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import {
  helpText,
  parseCommandLine,
  UsageError,
  usageLine,
  type CommandSpec,
  type ParsedValues,
} from '../options.js';
import { loadServerlessConfig, projectRoot } from '../serverless-config.js';
import type { CommandIO } from './types.js';

/**
 * What the commands share: their command line, reading the input, where Clumio is and who said so, the
 * run folder, and the handlers' environment of a local run.
 */

/**
 * The command's options built from its command line (`build` may throw UsageError), or the exit code when
 * there is nothing to run (--help: 0, a usage error: 2, its message on stderr).
 */
export function commandLine<T extends object>(
  spec: CommandSpec,
  args: readonly string[],
  io: CommandIO,
  build: (parsed: { values: ParsedValues; positionals: readonly string[] }) => T,
): T | number {
  try {
    const parsed = parseCommandLine(spec, args);
    if (parsed.help) {
      io.stdout.write(helpText(spec));
      return EXIT_OK;
    }
    return build(parsed);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(
      `clumio-bulk-restore ${spec.name}: ${error.message}\nusage: ${usageLine(spec)}\n` +
        `(clumio-bulk-restore ${spec.name} --help lists every option)\n`,
    );
    return EXIT_USAGE;
  }
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/** What `name` is in messages: the file, or standard input for `-`. */
export function inputName(file: string): string {
  return file === '-' ? 'standard input' : file;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The text of the input file, or of standard input for `-`; on failure the reason is on stderr. */
export async function readInputText(
  command: string,
  file: string,
  io: CommandIO,
): Promise<string | undefined> {
  try {
    if (file === '-') {
      if (io.stdin === undefined) throw Object.assign(new Error('no standard input'), { code: 'ENOSTDIN' });
      return await readAll(io.stdin);
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    io.stderr.write(
      `clumio-bulk-restore ${command}: cannot read ${inputName(file)}: ${READ_ERRORS[code] ?? (code || String(error))}\n`,
    );
    return undefined;
  }
}

/** The input's JSON; on failure the reason is written to stderr and undefined returned (exit 2). */
export async function readInputFile(
  command: string,
  file: string,
  io: CommandIO,
): Promise<{ value: unknown } | undefined> {
  const text = await readInputText(command, file, io);
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  if (!parsed.ok) {
    io.stderr.write(`${inputName(file)}:${parsed.line}:${parsed.column}: invalid JSON: ${parsed.message}\n`);
    return undefined;
  }
  return { value: parsed.value };
}

/** Where Clumio is for a run, and who said so (named in every message about reaching it). */
export interface ClumioLocation {
  /** As written (the input keeps it so); normalised by the client. */
  readonly baseUrl: string;
  /** `--base-url`, `CLUMIO_BASE_URL`, `the input's base_url` or `the stage default (local)`. */
  readonly source: string;
}

/** A base URL that beats the input's: the flag, else CLUMIO_BASE_URL. */
export type BaseUrlOverride = ClumioLocation;

export function baseUrlOverride(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): BaseUrlOverride | undefined {
  if (flag !== undefined) return { baseUrl: flag, source: '--base-url' };
  const value = env.CLUMIO_BASE_URL?.trim();
  return value ? { baseUrl: value, source: 'CLUMIO_BASE_URL' } : undefined;
}

/** The Clumio API host of the `local` stage (serverless.yml params), where `simulate` listens by default. */
async function stageBaseUrl(): Promise<string> {
  const config = await loadServerlessConfig('local');
  return String(config.provider?.environment?.CLUMIO_BASE_URL ?? '');
}

/** Precedence: the flag, then CLUMIO_BASE_URL (the override), then the input's base_url, then the stage default. */
export async function clumioLocation(
  override: BaseUrlOverride | undefined,
  fromInput: unknown,
): Promise<ClumioLocation> {
  if (override !== undefined) return override;
  if (typeof fromInput === 'string' && fromInput.trim() !== '') {
    return { baseUrl: fromInput, source: "the input's base_url" };
  }
  return { baseUrl: await stageBaseUrl(), source: 'the stage default (local)' };
}

/** Whether a base URL is this machine (the simulator): the short polling schedule is for it only. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(normaliseBaseUrl(baseUrl)).hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** What to say after Clumio could not be reached: the host, who named it, and a hint for a missing http://. */
export function unreachableHint(location: ClumioLocation): string {
  const url = normaliseBaseUrl(location.baseUrl);
  const lines = [`Clumio base URL: ${url} (from ${location.source})`];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location.baseUrl.trim()) && isLoopback(location.baseUrl)) {
    lines.push(
      `hint: ${location.baseUrl} without a scheme means https://; the simulator speaks plain HTTP: ` +
        `use http://${location.baseUrl.trim().replace(/\/$/, '')}`,
    );
  }
  return lines.join('\n');
}

/** The entries a run puts in its folder: any of them there means the folder holds a run. */
const RUN_ENTRIES = [
  ...new Set(
    [
      ...(Object.values(runLayout) as unknown[]).filter((key): key is string => typeof key === 'string'),
      runLayout.planPiece(0, 0),
      runLayout.scan('region', 'type'),
    ].map((key) => key.split('/')[0] ?? key),
  ),
];

/**
 * Refuses a run folder that holds an earlier run (returns the message); with `force`, removes exactly
 * that run's entries so nothing of it is mistaken for the new one.
 */
export async function claimRunFolder(folder: string, force: boolean): Promise<string | undefined> {
  const present = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const earlier = present.filter((name) => RUN_ENTRIES.includes(name));
  if (earlier.length === 0) return undefined;
  if (!force) {
    return (
      `${folder} holds an earlier run (${earlier.sort().join(', ')}); choose another --out, ` +
      'or add --force to replace it'
    );
  }
  await Promise.all(earlier.map((name) => rm(join(folder, name), { recursive: true, force: true })));
  return undefined;
}

/** The Clumio client settings of workflows/config.ts that the CLI's own environment passes on to the handlers. */
const CLIENT_SETTINGS = ['CLUMIO_RETRY_LIMIT', 'CLUMIO_RETRY_BASE_MS', 'CLUMIO_REQUESTS_PER_SECOND'] as const;

export interface LocalRun {
  readonly runId: string;
  readonly runFolder: string;
  /** The handlers' environment: the token, the release, quiet logs unless asked, the client settings. */
  readonly env: Record<string, string>;
}

/** The client settings of the environment, checked; a bad one is a usage error (message on stderr). */
export function clientSettings(command: string, io: CommandIO): Record<string, string> | undefined {
  const settings: Record<string, string> = {};
  for (const name of CLIENT_SETTINGS) {
    const value = io.env[name];
    if (value !== undefined) settings[name] = value;
  }
  try {
    readLambdaConfig({ CLUMIO_BASE_URL: 'unused', ...settings });
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore ${command}: ${(error as Error).message}\n`);
    return undefined;
  }
  return settings;
}

/**
 * A new run: its id, its folder (`folder` or `runs/<run-id>/`) and the handlers' environment; with
 * `existingRunId`, the same for a run that goes on (resume).
 */
export async function prepareLocalRun(
  token: string,
  settings: Record<string, string>,
  io: CommandIO,
  folder?: string,
  existingRunId?: string,
): Promise<LocalRun> {
  const runId = existingRunId ?? newRunId(new Date());
  const version = (await readFile(join(projectRoot, 'VERSION'), 'utf8')).trim();
  return {
    runId,
    runFolder: resolve(folder ?? join('runs', runId)),
    env: {
      ...settings,
      CLUMIO_TOKEN: token,
      CODE_VERSION: version,
      POWERTOOLS_LOG_LEVEL: io.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    },
  };
}

/**
 * Where a command's words go. Text: everything on stdout. JSON: the document alone on stdout, the rest on
 * stderr. Quiet: only the final line (and errors, always on stderr).
 */
export class Output {
  constructor(
    private readonly io: CommandIO,
    readonly format: 'text' | 'json',
    readonly quiet: boolean,
  ) {}

  /** The stream progress and tables go to, or undefined when quiet. */
  get human(): CommandIO['stdout'] | undefined {
    if (this.quiet) return undefined;
    return this.format === 'json' ? this.io.stderr : this.io.stdout;
  }

  say(text: string): void {
    this.human?.write(text);
  }

  /** The summary line: printed even when quiet. */
  final(text: string): void {
    (this.format === 'json' ? this.io.stderr : this.io.stdout).write(text);
  }

  error(text: string): void {
    this.io.stderr.write(text);
  }

  json(document: unknown): void {
    if (this.format === 'json') this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
}
