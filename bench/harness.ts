/**
 * What every benchmark shares: the bulk input of one tagged EBS group, a run of the real bulkRestore
 * definition through the local runner against a simulator, and the request log sorted by kind.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRecord, RunningSimulator } from '../local/simulator/index.js';
import { runStateMachine, type ExecutionOutcome, type RunnerEvent } from '../local/runner.js';
import { loadServerlessConfig, projectRoot, type AslDefinition } from '../local/serverless-config.js';
import type { PollingSettings } from '../core/polling.js';
import { newRunId } from '../workflows/run-store.js';

/** The tag and environment of the simulator's `scale.taggedVolumes` volumes (local/simulator/README.md). */
export const LOAD_SOURCE = { account: '111111111111', region: 'us-east-1', key: 'Bulk', value: 'load' };

/** The parts of `serverless print` the benchmarks read (more than the runner's ServerlessConfig). */
export interface PrintedConfig {
  readonly provider?: {
    readonly memorySize?: number;
    readonly architecture?: string;
    readonly environment?: Readonly<Record<string, unknown>>;
  };
  readonly functions: Readonly<Record<string, { readonly memorySize?: number }>>;
  readonly stepFunctions: {
    readonly stateMachines: Readonly<Record<string, { readonly definition: AslDefinition }>>;
  };
}

/** bulkRestore's Restore map (the Distributed Map) as a stage resolves it: its child, polling and concurrency. */
export async function restoreMap(
  stage: string,
  params: Readonly<Record<string, string>> = {},
): Promise<{
  config: PrintedConfig;
  parent: AslDefinition;
  child: AslDefinition;
  polling: PollingSettings;
  maxConcurrency: number;
}> {
  const config = (await loadServerlessConfig(stage, params)) as unknown as PrintedConfig;
  const parent = config.stepFunctions.stateMachines.bulkRestore?.definition;
  const map = Object.values(parent?.States ?? {}).find((s) => s.Type === 'Map' && s.ItemReader !== undefined);
  if (parent === undefined || map === undefined) throw new Error('bulkRestore has no Distributed Map');
  const polling = (map.ItemSelector as { polling?: PollingSettings } | undefined)?.polling;
  if (polling === undefined) throw new Error('the Restore map passes no polling settings');
  return {
    config,
    parent,
    child: map.ItemProcessor as AslDefinition,
    polling,
    maxConcurrency: Number(map.MaxConcurrency),
  };
}

/** One EBS group over every `Bulk=load` volume, restored into the dr account. */
export function loadInput(
  baseUrl: string,
  options: { readonly dryRun?: boolean; readonly maxRestores: number },
): Record<string, unknown> {
  return {
    base_url: baseUrl,
    dry_run: options.dryRun ?? false,
    max_restores: options.maxRestores,
    RestoreGroups: [
      {
        ResourceType: 'EBS',
        source_account: LOAD_SOURCE.account,
        source_region: LOAD_SOURCE.region,
        search_tag_key: LOAD_SOURCE.key,
        search_tag_value: LOAD_SOURCE.value,
        target_account: '222222222222',
        target_region: 'us-east-1',
        target_az: 'us-east-1a',
      },
    ],
  };
}

export interface BenchRun {
  readonly outcome: ExecutionOutcome;
  readonly runFolder: string;
  /** performance.now() when runStateMachine was called and when it returned. */
  readonly calledAt: number;
  readonly returnedAt: number;
}

export interface BenchRunOptions {
  /** serverless.yml stage whose definition and params run; default 'local'. */
  readonly stage?: string;
  /** Every Wait lasts this many milliseconds (the runner's override). */
  readonly waitMs?: number;
  readonly retryMs?: number;
  readonly onTaskEnd?: (event: RunnerEvent) => void;
  /** Stage params overridden as at deploy (restoreConcurrency, clumioRequestsPerSecond, …). */
  readonly params?: Readonly<Record<string, string>>;
  /** More handler environment (PLAN_PIECE_REQUESTS, …). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs bulkRestore in-process against `sim` as `clumio-bulk-restore restore` does, in a temporary run
 * folder (removed unless `keep`). `serverless print` is done before the clock starts: it is a local-only
 * cost that a deployed state machine does not have.
 */
export async function runBulkRestore(
  sim: Pick<RunningSimulator, 'token'>,
  input: Record<string, unknown>,
  options: BenchRunOptions = {},
  use?: (run: BenchRun) => Promise<void>,
): Promise<BenchRun> {
  const stage = options.stage ?? 'local';
  await loadServerlessConfig(stage, options.params);
  const version = (await readFile(join(projectRoot, 'VERSION'), 'utf8')).trim();
  const folder = await mkdtemp(join(tmpdir(), 'cbr-bench-'));
  const runId = newRunId(new Date());
  try {
    const calledAt = performance.now();
    const outcome = await runStateMachine('bulkRestore', input, {
      runId,
      runFolder: folder,
      stage,
      ...(options.params !== undefined ? { params: options.params } : {}),
      env: {
        CLUMIO_TOKEN: sim.token,
        CODE_VERSION: version,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        ...options.env,
      },
      ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      ...(options.onTaskEnd !== undefined ? { onTaskEnd: options.onTaskEnd } : {}),
    });
    const run: BenchRun = { outcome, runFolder: folder, calledAt, returnedAt: performance.now() };
    if (outcome.status !== 'SUCCEEDED') {
      throw new Error(`bench run ${runId} ended ${outcome.status}: ${outcome.error}: ${outcome.cause}`);
    }
    await use?.(run);
    return run;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** What a Clumio request was, for counting: the kinds of DESIGN §3.2 and §4. */
export type RequestKind = 'environments' | 'tags' | 'assets' | 'backups' | 'restore' | 'task' | 'other';

export function kindOf(record: RequestRecord): RequestKind {
  const { method, path } = record;
  if (method === 'POST' && path.startsWith('/restores/')) return 'restore';
  if (method !== 'GET') return 'other';
  if (path.startsWith('/tasks/')) return 'task';
  if (path.startsWith('/backups/')) return 'backups';
  if (/^\/datasources\/aws\/environments\/[^/]+\/tags$/.test(path)) return 'tags';
  if (path === '/datasources/aws/environments') return 'environments';
  if (path.startsWith('/datasources/')) return 'assets';
  return 'other';
}

export interface RequestCounts {
  /** Requests Clumio admitted (anything but a rate-limit 429), by kind. */
  readonly admitted: Readonly<Record<RequestKind, number>>;
  /** Requests refused by the rate limit (429, not processed), by kind. */
  readonly rateLimited: Readonly<Record<RequestKind, number>>;
}

const noKinds = (): Record<RequestKind, number> => ({
  environments: 0,
  tags: 0,
  assets: 0,
  backups: 0,
  restore: 0,
  task: 0,
  other: 0,
});

export function countRequests(records: readonly RequestRecord[]): RequestCounts {
  const admitted = noKinds();
  const rateLimited = noKinds();
  for (const record of records) {
    const kind = kindOf(record);
    if (record.fault === 'rate-limit') rateLimited[kind] += 1;
    else admitted[kind] += 1;
  }
  return { admitted, rateLimited };
}

export function sum(counts: Readonly<Record<RequestKind, number>>, kinds: readonly RequestKind[]): number {
  return kinds.reduce((total, kind) => total + counts[kind], 0);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The most requests that arrived within any one second (B7), over records in arrival order. */
export function busiestSecond(records: readonly RequestRecord[]): number {
  const times = records.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
