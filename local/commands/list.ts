import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
import { isRecord } from '../../core/fields.js';
import { EXIT_CANNOT_PROCEED, EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { outputFormat } from '../options.js';
import { runStateMachine, type RunnerEvent } from '../runner.js';
import { plural, StatusLine } from '../terminal.js';
import {
  baseUrlOverride,
  clientSettings,
  clumioLocation,
  commandLine,
  Output,
  prepareLocalRun,
  readInputFile,
  unreachableHint,
} from './local-run.js';
import { listSpec } from './specs.js';
import type { Command, CommandIO } from './types.js';

export interface ListRunOptions {
  /** A file, or `-` for standard input. */
  readonly inputFile: string;
  readonly baseUrl?: string;
  /** Where the restore input document goes; default `<run folder>/restore-input.json`. */
  readonly out?: string;
  readonly force?: boolean;
  readonly output?: 'text' | 'json';
  readonly quiet?: boolean;
  /** The run folder (tests); default `runs/<run-id>/`. */
  readonly runFolder?: string;
  /** Retry pauses in milliseconds (tests). */
  readonly retryMs?: number;
}

/**
 * `list` (DESIGN §6): runs bulkList in-process and writes the bulkRestore input it discovers. Exit codes:
 * local/exit-codes.ts.
 */
export const list: Command = async (args, io) => {
  const options = commandLine(listSpec, args, io, ({ values }): ListRunOptions => {
    const text = (name: string): string | undefined => {
      const value = values[name];
      return typeof value === 'string' ? value : undefined;
    };
    return {
      inputFile: text('input') ?? '',
      ...(text('base-url') !== undefined ? { baseUrl: text('base-url') } : {}),
      ...(text('out') !== undefined ? { out: text('out') } : {}),
      ...(values.force === true ? { force: true } : {}),
      output: outputFormat(values.output),
      quiet: values.quiet === true,
    };
  });
  return typeof options === 'number' ? options : runList(options, io);
};

/** One line per milestone; on a terminal, one line redrawn in place while backups are looked up. */
class Progress {
  private assets = 0;
  private looked = 0;
  private scans: ListRun['scans'] = [];
  constructor(private readonly status: StatusLine) {}

  onTaskEnd(event: RunnerEvent): void {
    if (event.state === 'ListValidate') {
      const run = event.output as ListRun;
      this.scans = run.scans;
      const types = [...new Set(run.scans.map((s) => s.resourceType))];
      this.status.line(
        `account ${run.sourceAccount}: listing ${types.join(', ')} in ${run.regions.join(', ')}`,
      );
      for (const warning of run.warnings) this.status.line(`warning: ${warning}`);
    }
    if (event.state === 'DiscoverAssets') {
      const found = event.output as DiscoverResult;
      const scan = this.scans[found.index];
      this.status.line(`  ${scan?.resourceType} in ${scan?.region}: ${plural(found.assets, 'asset')}`);
    }
    if (event.state === 'CollectAssets') {
      this.assets = (event.output as CollectedRun).assetCount;
      this.status.line(`found ${plural(this.assets, 'asset')}; finding the backup of each`);
    }
    if (event.state === 'FindBackup') {
      this.looked++;
      this.status.show(() => `  ${this.looked}/${this.assets} backups looked up`);
    }
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
  const out = new Output(io, options.output ?? 'text', options.quiet === true);
  const file = await readInputFile('list', options.inputFile, io);
  if (file === undefined) return EXIT_USAGE;
  const document = isRecord(file.value) ? file.value : {};
  const fileToken = typeof document.clumio_token === 'string' ? document.clumio_token.trim() : '';
  const token = io.env.CLUMIO_TOKEN?.trim() || fileToken;
  if (!token) {
    out.error(
      'clumio-bulk-restore list: no Clumio API token: set CLUMIO_TOKEN (or clumio_token in the input)\n',
    );
    return EXIT_USAGE;
  }
  registerSecret(token);
  // Command-line options (and CLUMIO_BASE_URL) beat the file (DESIGN §6).
  const override = baseUrlOverride(options.baseUrl, io.env);
  const location = await clumioLocation(override, document.base_url);
  const input: Record<string, unknown> = { ...document };
  if (override !== undefined) input.base_url = override.baseUrl;
  if (typeof input.base_url === 'string' && input.base_url.trim() !== '') {
    try {
      normaliseBaseUrl(input.base_url);
    } catch (error) {
      const from = override !== undefined ? `${override.source}: ` : '';
      out.error(`clumio-bulk-restore list: ${from}${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  const written = options.out === undefined ? undefined : resolve(options.out);
  if (written !== undefined && options.force !== true && (await exists(written))) {
    out.error(
      `clumio-bulk-restore list: ${written} exists; choose another --out, or add --force to replace it\n`,
    );
    return EXIT_USAGE;
  }
  const settings = clientSettings('list', io);
  if (settings === undefined) return EXIT_USAGE;
  const run = await prepareLocalRun(token, settings, io, options.runFolder);
  const { runId, runFolder } = run;
  out.say(`run ${runId}: ${runFolder}\nClumio at ${location.baseUrl} (from ${location.source})\n`);
  const status = new StatusLine(out.human);
  const progress = new Progress(status);
  let outcome;
  try {
    outcome = await runStateMachine('bulkList', input, {
      runId,
      runFolder,
      env: run.env,
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      onTaskEnd: (event) => progress.onTaskEnd(event),
    });
  } finally {
    status.clear();
  }
  if (outcome.status === 'FAILED') {
    if (out.quiet) {
      out.final(`run ${runId} failed (${outcome.error})\n`);
    } else {
      out.error(`run ${runId} failed: ${outcome.error}\n${redact(causeText(outcome.cause))}\n`);
      for (const line of await failedLookups(folderRunFiles(runFolder, runId)))
        out.error(`${redact(line)}\n`);
      if (outcome.error === 'ClumioNetworkError') out.error(`${unreachableHint(location)}\n`);
    }
    return outcome.error === 'InvalidInput' ? EXIT_USAGE : EXIT_CANNOT_PROCEED;
  }
  const result = outcome.output as ListOutcome;
  const files = folderRunFiles(runFolder, runId);
  const summary = await files.getJson<ListSummary>(runLayout.listSummary);
  const document_ = written ?? files.where(runLayout.restoreDocument);
  if (written !== undefined) {
    await mkdir(dirname(written), { recursive: true });
    await copyFile(files.where(runLayout.restoreDocument), written);
  }
  out.json(summary);
  out.say(`\n${describeSummary(summary)}\n`);
  const { counts } = result;
  out.say(
    `${plural(counts.groups, 'restore group')} for ${plural(counts.assets, 'asset')} ` +
      `(${counts.noBackup} without a backup): ${document_}\n`,
  );
  if (counts.groups === 0) out.say('nothing to restore: no asset found has a backup in the window\n');
  else
    out.say(
      `restore them: clumio-bulk-restore restore --input ${document_}, or start bulkRestore with {"input_key": "${result.inputKey}"} (the document by reference, whatever its size)\n`,
    );
  if (counts.problems > 0) {
    out.final(
      `run ${runId} succeeded; the document needs ${plural(counts.problems, 'value')} filled in before it runs: ${document_}\n`,
    );
    return EXIT_INCOMPLETE;
  }
  out.final(`run ${runId} succeeded: ${plural(counts.groups, 'restore group')} in ${document_}\n`);
  return EXIT_OK;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}
