import type { ListedAsset } from '../../restorers/types.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { CollectedRun, CollectEvent, StoredDiscovery, StoredScan } from './state.js';

/** CollectAssets: one assets.json for the FindBackups map, one item per asset. */
export async function collectAssets(event: CollectEvent, files: RunFiles): Promise<CollectedRun> {
  const { discovered: _counts, ...run } = event;
  const scans = await Promise.all(
    run.scans.map((scan) => files.getJson<StoredScan>(runLayout.scan(scan.region, scan.resourceType))),
  );
  const assets: ListedAsset[] = [];
  const discovery: StoredDiscovery = {
    scans: run.scans.map((scan, i) => ({ ...scan, assets: scans[i]?.assets.length ?? 0 })),
    notes: run.scans.flatMap((scan, i) =>
      (scans[i]?.notes ?? []).map((note) => `${scan.resourceType} in ${scan.region}: ${note}`),
    ),
  };
  run.scans.forEach((scan, i) => {
    for (const found of scans[i]?.assets ?? []) {
      assets.push({
        ...found,
        resourceType: scan.resourceType,
        account: run.sourceAccount,
        region: scan.region,
      });
    }
  });
  await files.putJson(runLayout.assets, assets);
  await files.putJson(runLayout.discovery, discovery);
  return {
    ...run,
    assetCount: assets.length,
    assets: files.locate(runLayout.assets),
    results: files.locate(runLayout.listResults),
  };
}
