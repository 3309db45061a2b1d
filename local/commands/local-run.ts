import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readLambdaConfig } from '../../workflows/config.js';
import { newRunId } from '../../workflows/run-store.js';
import { parseJson } from '../../schemas/json.js';
import { projectRoot } from '../serverless-config.js';
import type { CommandIO } from './types.js';

/** What `restore` and `list` share: reading the input file, and the handlers' environment of a local run. */

/** The input file's JSON; on failure the reason is written to stderr and undefined returned (exit 2). */
export async function readInputFile(
  command: string,
  file: string,
  io: CommandIO,
): Promise<{ value: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(
      `clumio-bulk-restore ${command}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code}\n`,
    );
    return undefined;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    io.stderr.write(`${file}:${parsed.line}:${parsed.column}: invalid JSON: ${parsed.message}\n`);
    return undefined;
  }
  return { value: parsed.value };
}

/** The Clumio client settings of workflows/config.ts that the CLI's own environment passes on to the handlers. */
const CLIENT_SETTINGS = ['CLUMIO_RETRY_LIMIT', 'CLUMIO_RETRY_BASE_MS', 'CLUMIO_REQUESTS_PER_SECOND'] as const;

export interface LocalRun {
  readonly runId: string;
  readonly runFolder: string;
  /** The handlers' environment: the token, the release, quiet logs unless asked, the client settings. */
  readonly env: Record<string, string>;
}

/**
 * A new run: its id, its folder (`folder` or `runs/<run-id>/`) and the handlers' environment. A bad client
 * setting is a usage error: written to stderr, undefined returned, before anything runs.
 */
export async function prepareLocalRun(
  command: string,
  token: string,
  io: CommandIO,
  folder?: string,
): Promise<LocalRun | undefined> {
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
  const runId = newRunId(new Date());
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
