import { ClumioClient, staticToken, type RetrySettings } from '../../../../clumio/index.js';
import type { PlanItem, RestoreItem } from '../../../../workflows/bulk-restore/state.js';
import type { EndLogger } from '../../../../workflows/bulk-restore/restore-log.js';
import type { PollingSettings } from '../../../../core/polling.js';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
import { folderRunFiles, type RunFiles } from '../../../../workflows/run-store.js';
import { tempDir } from '../../../integration/helpers.js';

/** A Restore child's input for the simulator's EBS backup number `index`, restored in place. */
export function ebsRestoreItem(
  sim: RunningSimulator,
  index: number,
  runId: string,
  polling: PollingSettings,
): RestoreItem {
  const backup = sim.dataset.backups.ebs[index];
  const env = sim.dataset.environments.find(
    (e) => e.account_native_id === backup?.account_native_id && e.aws_region === backup?.aws_region,
  );
  if (backup === undefined || env === undefined) throw new Error(`the dataset has no EBS backup ${index}`);
  const record: PlanItem = {
    groupIndex: 0,
    resourceType: 'EBS',
    source: {
      account: backup.account_native_id,
      region: backup.aws_region,
      resourceId: backup.volume_id,
      resourceNativeId: backup.volume_native_id,
      backupId: backup.id,
      backupTimestamp: backup.start_timestamp,
    },
    target: { account: env.account_native_id, region: env.aws_region, environmentId: env.id },
    request: {
      endpoint: 'restoreEbsVolume',
      body: { source: { backup_id: backup.id }, target: { environment_id: env.id, aws_az: env.aws_az[0] } },
    },
    startAfterSeconds: 0,
  };
  return { index, runId, baseUrl: null, polling, record };
}

/** What the tests of the bulk-restore states that call Clumio share; see simulatorBench. */
export interface SimulatorBench {
  readonly sim: RunningSimulator;
  /** One client for the whole describe(), retrying fast (and often) so transient faults cost no time. */
  readonly client: ClumioClient;
  /** A client of its own, retrying once by default: for tests that spend retries or get the token refused. */
  newClient(retry?: Partial<RetrySettings>): ClumioClient;
  /** The Restore child's input for EBS backup number `index` of the simulator's dataset. */
  item(index: number): RestoreItem;
}

/** The Restore child's side: an end log and a journal, both empty before each test. */
export interface RestoreBench extends SimulatorBench {
  readonly journal: RunFiles;
  readonly lines: Record<string, unknown>[];
  readonly log: EndLogger;
}

const polling: PollingSettings = { intervalSeconds: 60, maxIntervalSeconds: 900, maxAttempts: 6 };

/** Set by a hook: a test that reads it earlier (outside an it()) is told so rather than given undefined. */
function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is set by a before hook: read it inside a test`);
  return value;
}

/**
 * One simulator (tasks end at once, no rate limit) for the enclosing describe(), started and closed by
 * its hooks; its request log is cleared before each test. Read `sim` and `client` inside the tests.
 */
export function simulatorBench(runId: string): SimulatorBench {
  let sim: RunningSimulator | undefined;
  let client: ClumioClient | undefined;
  const newClient = (retry: Partial<RetrySettings> = { limit: 1, baseDelayMs: 1 }): ClumioClient => {
    const { url, token } = ready(sim, 'sim');
    return new ClumioClient({ baseUrl: url, token: staticToken(token), retry });
  };
  before(async () => {
    sim = await startSimulator({ taskSeconds: 0, rateLimitPerSecond: false });
    client = newClient({ baseDelayMs: 1, maxDelayMs: 2 });
  });
  after(() => sim?.close());
  beforeEach(() => ready(sim, 'sim').clearRequests());
  return {
    get sim() {
      return ready(sim, 'sim');
    },
    get client() {
      return ready(client, 'client');
    },
    newClient,
    item: (index) => ebsRestoreItem(ready(sim, 'sim'), index, runId, polling),
  };
}

/** simulatorBench, with an end log emptied and a journal in a new folder before each test. */
export function restoreBench(runId: string): RestoreBench {
  const bench = simulatorBench(runId);
  let journal: RunFiles | undefined;
  const lines: Record<string, unknown>[] = [];
  beforeEach(async () => {
    lines.length = 0;
    journal = folderRunFiles(await tempDir('journal'), runId);
  });
  return {
    get sim() {
      return bench.sim;
    },
    get client() {
      return bench.client;
    },
    newClient: bench.newClient,
    item: bench.item,
    get journal() {
      return ready(journal, 'journal');
    },
    lines,
    log: { info: (_message, attributes) => lines.push(attributes) },
  };
}
