import type { ClumioClient } from '../../clumio/index.js';
import { connectedEnvironments } from '../../restorers/directory.js';
import { listingOf } from '../../restorers/index.js';
import type { FoundAsset, ListedAsset } from '../../restorers/types.js';
import { decodeListInput, type ListInput } from '../../schemas/index.js';
import { describeProblems, InvalidInput, ListFailed } from '../errors.js';
import type {
  AssetItem,
  AssetResult,
  CollectedRun,
  CollectEvent,
  DiscoverEvent,
  DiscoverResult,
  ListOutcome,
  ListRun,
  ListScan,
  ListSummary,
  ScopeCount,
  WriteDocumentEvent,
} from './state.js';
import { compareAssets, groupFor, resourceTypeOf, restoreDocument, statusFilter } from './document.js';
import { planContext } from '../planning.js';
import { runKeyOf, type RunFiles } from '../run-store.js';
import { searchWindow } from '../../core/window.js';

/**
 * The logic of each bulkList step, one function per Lambda; handlers only wire configuration in. Every
 * function only reads Clumio and writes its own run files, so Step Functions may retry any of them.
 */

const INPUT_KEY = 'list-input.json';
const ASSETS_KEY = 'assets.json';
const DISCOVERY_KEY = 'discovery.json';
/** The bulkRestore input bulkList writes. */
export const DOCUMENT_KEY = 'restore-input.json';
export const SUMMARY_KEY = 'list-summary.json';
const scanKey = (scan: ListScan): string => `assets/${scan.region}-${scan.resourceType}.json`;

/** How many problems the execution output lists; list-summary.json has them all. */
const FILL_IN_LINES = 20;

interface StoredScan {
  readonly assets: readonly FoundAsset[];
  readonly notes: readonly string[];
}

interface StoredDiscovery {
  readonly scans: readonly (ListScan & { readonly assets: number })[];
  readonly notes: readonly string[];
}

/**
 * ListValidate: decode everything (no Clumio call for an invalid input), keep the input without any
 * token in the run store, and find the connected regions of the source account: the Discover map's
 * region × type scans.
 */
export async function validateList(
  input: unknown,
  run: { runId: string; startedAt: string; inLambda: boolean },
  files: RunFiles,
  clientFor: (baseUrl: string | null) => ClumioClient,
): Promise<ListRun> {
  const decoded = decodeListInput(input);
  if (!decoded.ok) throw new InvalidInput(describeProblems(decoded.problems));
  const { clumioToken, ...listing } = decoded.value;
  const warnings = decoded.warnings.map((w) => `${w.path}: ${w.message}`);
  if (clumioToken !== undefined && run.inLambda) {
    // A token in an execution input is readable by anyone who can read the execution's history.
    warnings.push('clumio_token: ignored; the deployed service reads the token from its secret only');
  }
  const baseUrl = listing.baseUrl ?? null;
  const account = listing.sourceAccount;
  const environments = await connectedEnvironments(clientFor(baseUrl), account);
  if (environments.length === 0) {
    throw new ListFailed(`account ${account} has no connected Clumio environment`);
  }
  const connected = new Map(environments.map((env) => [env.aws_region, env.id]));
  const known = [...connected.keys()].sort();
  const missing = (listing.sourceRegions ?? []).filter((r) => !connected.has(r));
  if (missing.length > 0) {
    throw new ListFailed(
      `source_regions: ${missing.join(', ')} ${missing.length === 1 ? 'is not a connected region' : 'are not connected regions'} ` +
        `of account ${account} (connected: ${known.join(', ')})`,
    );
  }
  const regions = listing.sourceRegions ?? known;
  const scans = regions.flatMap((region) =>
    listing.assetTypes.map(({ resourceType }) => ({
      region,
      resourceType,
      environmentId: connected.get(region) ?? '',
    })),
  );
  await files.putJson(INPUT_KEY, listing);
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    baseUrl,
    sourceAccount: account,
    regions,
    scans: scans.map((scan, index) => ({ index, ...scan })),
    warnings,
  };
}

/** Discover, one region × type: every matching asset, written to the run store (no cap, every page). */
export async function discoverScan(
  event: DiscoverEvent,
  files: RunFiles,
  client: ClumioClient,
): Promise<DiscoverResult> {
  const input = await files.getJson<ListInput>(INPUT_KEY);
  const { scan } = event;
  const selection = input.assetTypes.find((t) => t.resourceType === scan.resourceType)?.selection ?? {};
  const found = await listingOf(scan.resourceType).discover(
    planContext(client, { now: new Date(event.startedAt) }),
    {
      account: input.sourceAccount,
      region: scan.region,
      environmentId: scan.environmentId,
      statusFilter: statusFilter(input.assetStatus),
    },
    selection,
  );
  const stored: StoredScan = found;
  await files.putJson(scanKey(scan), stored);
  return { index: scan.index, assets: found.assets.length, notes: found.notes.length };
}

/** CollectAssets: one assets.json for the FindBackups map, one item per asset. */
export async function collectAssets(event: CollectEvent, files: RunFiles): Promise<CollectedRun> {
  const { discovered: _counts, ...run } = event;
  const scans = await Promise.all(run.scans.map((scan) => files.getJson<StoredScan>(scanKey(scan))));
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
  await files.putJson(ASSETS_KEY, assets);
  await files.putJson(DISCOVERY_KEY, discovery);
  return {
    ...run,
    assetCount: assets.length,
    assets: files.locate(ASSETS_KEY),
    results: files.locate('list-results'),
  };
}

/**
 * FindBackup, one asset: the backup the restore would choose with the same window (at the run's start),
 * and the group that restores it. The backup item never leaves this step; only its id and time do.
 */
export async function findBackup(
  item: AssetItem,
  files: RunFiles,
  client: ClumioClient,
): Promise<AssetResult> {
  const input = await files.getJson<ListInput>(INPUT_KEY);
  const now = new Date(item.startedAt);
  const window = searchWindow(input.window, now);
  const { asset } = item;
  const listing = listingOf(resourceTypeOf(asset));
  const backup = await listing.findBackup(planContext(client, { now }), asset, window);
  if (backup === undefined) {
    return { index: item.index, asset, backup: null, group: null, reason: `no backup: ${window.describe()}` };
  }
  return {
    index: item.index,
    asset,
    backup: { id: backup.id, timestamp: backup.start_timestamp },
    group: groupFor(asset, backup, input),
    reason: null,
  };
}

interface ResultManifest {
  readonly ResultFiles?: { readonly SUCCEEDED?: readonly { readonly Key: string }[] };
}

/**
 * What the FindBackups map wrote (AWS ResultWriter layout). Only successful children are there to read:
 * the map tolerates no failure, so one failed lookup fails the run before this step.
 */
async function readAssetResults(run: WriteDocumentEvent, files: RunFiles): Promise<AssetResult[]> {
  if (run.found === undefined) return [];
  const manifest = await files.getJson<ResultManifest>(
    runKeyOf(run.runId, run.found.ResultWriterDetails.Key),
  );
  const results: AssetResult[] = [];
  for (const { Key } of manifest.ResultFiles?.SUCCEEDED ?? []) {
    for (const entry of await files.getJson<readonly { Output: string }[]>(runKeyOf(run.runId, Key))) {
      results.push(JSON.parse(entry.Output) as AssetResult);
    }
  }
  return results;
}

/**
 * WriteDocument: restore-input.json (one group per asset with a backup, in a stable order, validated)
 * and list-summary.json (counts per account, region and type, the assets without a backup, the notes and
 * the values to fill in). The execution output is counts and locations, never the document.
 */
export async function writeDocument(
  event: WriteDocumentEvent,
  files: RunFiles,
  version: string,
  finishedAt: Date = new Date(),
): Promise<ListOutcome> {
  const [results, discovery] = await Promise.all([
    readAssetResults(event, files),
    files.getJson<StoredDiscovery>(DISCOVERY_KEY),
  ]);
  const sorted = [...results].sort((a, b) => compareAssets(a.asset, b.asset));
  const groups = sorted.flatMap((r) => (r.group === null ? [] : [r.group]));
  const { document, problems, warnings } = restoreDocument(groups, event.baseUrl);
  // People review and edit this file: indented, one member per line.
  await files.putText(DOCUMENT_KEY, `${JSON.stringify(document, null, 2)}\n`, 'application/json');
  const scopes: ScopeCount[] = discovery.scans.map((scan) => {
    const here = sorted.filter(
      (r) => r.asset.region === scan.region && r.asset.resourceType === scan.resourceType,
    );
    const withBackup = here.filter((r) => r.group !== null).length;
    return {
      account: event.sourceAccount,
      region: scan.region,
      resourceType: scan.resourceType,
      assets: scan.assets,
      withBackup,
      withoutBackup: scan.assets - withBackup,
    };
  });
  const summary: ListSummary = {
    version,
    runId: event.runId,
    startedAt: event.startedAt,
    finishedAt: finishedAt.toISOString(),
    document: files.where(DOCUMENT_KEY),
    scopes,
    noBackup: sorted.flatMap((r) =>
      r.group === null
        ? [
            {
              resourceType: r.asset.resourceType,
              account: r.asset.account,
              region: r.asset.region,
              resourceId: r.asset.assetId,
              resourceNativeId: r.asset.nativeId,
              reason: r.reason ?? 'no backup',
            },
          ]
        : [],
    ),
    notes: discovery.notes,
    problems,
    warnings,
  };
  await files.putText(SUMMARY_KEY, `${JSON.stringify(summary, null, 2)}\n`, 'application/json');
  const fillIn = problems.slice(0, FILL_IN_LINES).map((p) => `${p.path}: ${p.message} — fill it in`);
  if (problems.length > FILL_IN_LINES) {
    fillIn.push(`… and ${problems.length - FILL_IN_LINES} more in ${files.where(SUMMARY_KEY)}`);
  }
  return {
    runId: event.runId,
    counts: {
      assets: results.length,
      groups: groups.length,
      noBackup: summary.noBackup.length,
      problems: problems.length,
    },
    document: summary.document,
    summary: files.where(SUMMARY_KEY),
    fillIn,
  };
}
