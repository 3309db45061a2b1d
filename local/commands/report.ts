import { spawn } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { renderReportHtml } from '../../workflows/report-html.js';
import { reportCsv, type Report } from '../../workflows/report.js';
import { folderRunFiles } from '../../workflows/run-store.js';
import { isRecord } from '../../core/fields.js';
import { parseJson } from '../../schemas/json.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { UsageError } from '../options.js';
import { commandLine } from './local-run.js';
import { reportSpec } from './specs.js';
import type { Command, CommandIO } from './types.js';

/** The platform's "open with the default application" command, by process.platform. */
const openers: Readonly<Record<string, { readonly command: string; readonly args: readonly string[] }>> = {
  linux: { command: 'xdg-open', args: [] },
  darwin: { command: 'open', args: [] },
  // `start` is a cmd built-in; its first quoted argument is the window title.
  win32: { command: 'cmd', args: ['/c', 'start', '""'] },
};

async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      await access(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // Not in this directory: try the next one.
    }
  }
  return false;
}

/** Starts the opener and returns once it runs (or could not start); the browser it starts is not waited for. */
async function openFile(path: string, io: CommandIO, platform: string): Promise<boolean> {
  const opener = openers[platform];
  if (opener === undefined || (platform !== 'win32' && !(await onPath(opener.command, io.env)))) return false;
  return new Promise((done) => {
    const child = spawn(opener.command, [...opener.args, path], {
      detached: true,
      stdio: 'ignore',
      env: io.env,
    });
    child.once('error', () => done(false));
    child.once('spawn', () => {
      child.unref();
      done(true);
    });
  });
}

/**
 * `report RUN_FOLDER [--open]`: rewrites report.html and report.csv from the folder's report.json (after
 * an upgrade, or for a run copied down from S3); `--open` opens the page in the default browser.
 */
export const report: Command = async (args, io) => {
  const options = commandLine(reportSpec, args, io, ({ values, positionals }) => {
    const [given] = positionals;
    if (given === undefined) throw new UsageError('RUN_FOLDER is required');
    return { folder: resolve(given), open: values.open === true };
  });
  if (typeof options === 'number') return options;
  const { folder, open } = options;

  const jsonPath = join(folder, 'report.json');
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(
      code === 'ENOENT'
        ? `clumio-bulk-restore report: no report.json in ${folder}: is it a run folder (restore --out DIR, or runs/<run-id>/)?\n`
        : `clumio-bulk-restore report: cannot read ${jsonPath}: ${code ?? String(error)}\n`,
    );
    return EXIT_USAGE;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    io.stderr.write(`${jsonPath}:${parsed.line}:${parsed.column}: invalid JSON: ${parsed.message}\n`);
    return EXIT_USAGE;
  }
  const value = parsed.value;
  if (!isRecord(value) || typeof value.runId !== 'string' || !Array.isArray(value.restores)) {
    io.stderr.write(`clumio-bulk-restore report: ${jsonPath} is not a run report (no runId or restores)\n`);
    return EXIT_USAGE;
  }
  const run = value as unknown as Report;
  let files;
  try {
    files = folderRunFiles(folder, run.runId);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore report: ${jsonPath}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const inputKept = await access(join(folder, 'input.json')).then(
    () => true,
    () => false,
  );
  await files.putText('report.csv', reportCsv(run), 'text/csv');
  await files.putText(
    'report.html',
    renderReportHtml(run, inputKept ? { inputSource: files.where('input.json') } : {}),
    'text/html; charset=utf-8',
  );
  const htmlPath = files.where('report.html');
  io.stdout.write(`report: ${htmlPath}\n        ${files.where('report.csv')}\n`);
  if (open) {
    const opened = await openFile(htmlPath, io, process.platform);
    if (!opened) io.stdout.write(`no browser opener here (xdg-open, open or start): open ${htmlPath}\n`);
  }
  return EXIT_OK;
};
