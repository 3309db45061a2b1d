import type { PlanItem, RestoreItem } from '../../../../workflows/bulk-restore/state.js';
import type { PollingSettings } from '../../../../core/polling.js';
import type { RunningSimulator } from '../../../../local/simulator/index.js';

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
