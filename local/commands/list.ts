import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normaliseBaseUrl, redact, registerSecret } from '../../clumio/index.js';
import type {
  AssetItem,
  CollectedRun,
  DiscoverResult,
  ListOutcome,
  ListRun,
  ListSummary,
} from '../../workflows/bulk-list/state.js';
import { causeText } from '../../workflows/errors.js';
import { runLayout } from '../../workflows/run-layout.js';
import { readMapResults } from '../../workflows/map-results.js';
import { folderRunFiles, type RunFiles } from '../../workflows/run-store.js';
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

const USAGE = 'usage: clumio-bulk-restore list --input FILE [--base-url URL] [--out FILE]\n';

export interface ListRunOptions {
  readonly inputFile: string;
  readonly baseUrl?: string;
  /** Where the restore input document goes; default `<run folder>/restore-input.json`. */
  readonly out?: string;
  /** The run folder (tests); default `runs/<run-id>/`. */
  readonly runFolder?: string;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
}

class UsageError extends Error {}

function parse(args: string[]): ListRunOptions {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      'base-url': { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.input === undefined) throw new UsageError('--input FILE is required');
  return {
    inputFile: values.input,
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}

/**
 * `list` (DESIGN §6): runs bulkList in-process and writes the bulkRestore input it discovers. Exit 0: the
 * document is ready to run; 1: it is written but has values to fill in (each printed with its path, and
 * `validate` reports the same); 2: invalid input or usage, no Clumio call made; 3: the discovery could not
 * proceed (token refused, Clumio unreachable, a region not connected).
 */
export const list: Command = async (args, io) => {
  let options: ListRunOptions;
  try {
    options = parse(args);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore list: ${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  return runList(options, io);
};

/** One line per milestone; on a terminal, one updating line while backups are looked up. */
class Progress {
  private assets = 0;
  private looked = 0;
  private scans: ListRun['scans'] = [];
  constructor(private readonly io: CommandIO) {}

  onTaskEnd(event: RunnerEvent): void {
    if (event.state === 'ListValidate') {
      const run = event.output as ListRun;
      this.scans = run.scans;
      const types = [...new Set(run.scans.map((s) => s.resourceType))];
      this.line(`account ${run.sourceAccount}: listing ${types.join(', ')} in ${run.regions.join(', ')}`);
      for (const warning of run.warnings) this.line(`warning: ${warning}`);
    }
    if (event.state === 'DiscoverAssets') {
      const found = event.output as DiscoverResult;
      const scan = this.scans[found.index];
      this.line(`  ${scan?.resourceType} in ${scan?.region}: ${found.assets} assets`);
    }
    if (event.state === 'CollectAssets') {
      this.assets = (event.output as CollectedRun).assetCount;
      this.line(`found ${this.assets} assets; finding the backup of each`);
    }
    if (event.state === 'FindBackup') {
      this.looked++;
      if (this.io.stdout.isTTY)
        this.io.stdout.write(`\r  ${this.looked}/${this.assets} backups looked up   `);
    }
  }

  line(text: string): void {
    this.io.stdout.write(`${this.io.stdout.isTTY ? '\r\x1b[K' : ''}${text}\n`);
  }
}

function table(summary: ListSummary): string {
  const header = ['account', 'region', 'type', 'assets', 'with backup', 'without backup'];
  const rows = summary.scopes.map((s) => [
    s.account,
    s.region,
    s.resourceType,
    String(s.assets),
    String(s.withBackup),
    String(s.withoutBackup),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (i: number): boolean => i >= 3;
  const format = (cells: string[]): string =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}

function describeSummary(summary: ListSummary): string {
  const lines = [table(summary)];
  if (summary.noBackup.length > 0) {
    lines.push('', `without a backup in the window (not written as groups):`);
    for (const n of summary.noBackup) {
      lines.push(`  ${n.resourceType} ${n.region} ${n.resourceNativeId} (${n.resourceId}): ${n.reason}`);
    }
  }
  if (summary.notes.length > 0) lines.push('', 'notes:', ...summary.notes.map((n) => `  ${n}`));
  if (summary.warnings.length > 0) {
    lines.push('', 'warnings:', ...summary.warnings.map((w) => `  ${w.path}: ${w.message}`));
  }
  if (summary.problems.length > 0) {
    lines.push(
      '',
      `to fill in before the document runs (${summary.problems.length}):`,
      ...summary.problems.map((p) => `  ${p.path}: ${p.message} — fill it in`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** How many failed lookups a failed run prints; the FindBackups map's FAILED results hold them all. */
const FAILED_LOOKUP_LINES = 5;

/** The lookups that failed the FindBackups map (its result files), one line each. */
async function failedLookups(files: RunFiles): Promise<string[]> {
  const manifests = (await files.list(`${runLayout.listResults}/`)).filter((k) =>
    k.endsWith('/manifest.json'),
  );
  const failed = [];
  for (const manifest of manifests) {
    for (const entry of await readMapResults(files, files.locate(manifest).key)) {
      if (entry.section !== 'FAILED') continue;
      const { asset } = JSON.parse(entry.input ?? '{}') as Partial<AssetItem>;
      failed.push(
        `  ${asset?.resourceType} ${asset?.nativeId}: ${entry.status} (${entry.error ?? 'no error'}: ${causeText(entry.cause)})`,
      );
    }
  }
  if (failed.length > FAILED_LOOKUP_LINES) {
    return [...failed.slice(0, FAILED_LOOKUP_LINES), `  … and ${failed.length - FAILED_LOOKUP_LINES} more`];
  }
  return failed;
}

/** Runs the bulkList definition in-process; returns the exit code (see `list`). */
export async function runList(options: ListRunOptions, io: CommandIO): Promise<number> {
  const file = await readInputFile('list', options.inputFile, io);
  if (file === undefined) return EXIT_USAGE;
  const document = (file.value ?? {}) as Record<string, unknown>;
  const fileToken = typeof document.clumio_token === 'string' ? document.clumio_token.trim() : '';
  const token = io.env.CLUMIO_TOKEN?.trim() || fileToken;
  if (!token) {
    io.stderr.write(
      'clumio-bulk-restore list: no Clumio API token: set CLUMIO_TOKEN (or clumio_token in the input)\n',
    );
    return EXIT_USAGE;
  }
  registerSecret(token);
  // Command-line options beat the file (DESIGN §6).
  const input: Record<string, unknown> = { ...document };
  if (options.baseUrl !== undefined) input.base_url = options.baseUrl;
  if (typeof input.base_url === 'string' && input.base_url.trim() !== '') {
    try {
      normaliseBaseUrl(input.base_url);
    } catch (error) {
      io.stderr.write(`clumio-bulk-restore list: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  const run = await prepareLocalRun('list', token, io, options.runFolder);
  if (run === undefined) return EXIT_USAGE;
  const { runId, runFolder } = run;
  io.stdout.write(`run ${runId}: ${runFolder}\n`);
  const progress = new Progress(io);
  const outcome = await runStateMachine('bulkList', input, {
    runId,
    runFolder,
    env: run.env,
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    onTaskEnd: (event) => progress.onTaskEnd(event),
  });
  if (outcome.status === 'FAILED') {
    io.stderr.write(`run ${runId} failed: ${outcome.error}\n${redact(causeText(outcome.cause))}\n`);
    for (const line of await failedLookups(folderRunFiles(runFolder, runId)))
      io.stderr.write(`${redact(line)}\n`);
    return outcome.error === 'InvalidInput' ? EXIT_USAGE : EXIT_CANNOT_PROCEED;
  }
  const result = outcome.output as ListOutcome;
  const files = folderRunFiles(runFolder, runId);
  const summary = await files.getJson<ListSummary>(runLayout.listSummary);
  let written = files.where(runLayout.restoreDocument);
  if (options.out !== undefined) {
    written = resolve(options.out);
    await mkdir(dirname(written), { recursive: true });
    await copyFile(files.where(runLayout.restoreDocument), written);
  }
  io.stdout.write(`\n${describeSummary(summary)}\n`);
  const { counts } = result;
  io.stdout.write(
    `${counts.groups} restore groups for ${counts.assets} assets (${counts.noBackup} without a backup): ${written}\n`,
  );
  if (counts.groups === 0) io.stdout.write('nothing to restore: no asset found has a backup in the window\n');
  else
    io.stdout.write(
      `restore them: clumio-bulk-restore restore --input ${written}, or start bulkRestore with {"input_key": "${result.inputKey}"} (the document by reference, whatever its size)\n`,
    );
  if (counts.problems > 0) {
    io.stdout.write(
      `run ${runId} succeeded; the document needs ${counts.problems} value${counts.problems === 1 ? '' : 's'} filled in before it runs\n`,
    );
    return EXIT_INCOMPLETE;
  }
  io.stdout.write(`run ${runId} succeeded\n`);
  return EXIT_OK;
}
