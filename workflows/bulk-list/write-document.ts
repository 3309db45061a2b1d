import { readMapResults } from '../map-results.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import { compareAssets, restoreDocument } from './document.js';
import type {
  AssetResult,
  ListOutcome,
  ListSummary,
  ScopeCount,
  StoredDiscovery,
  WriteDocumentEvent,
} from './state.js';

/** How many problems the execution output lists; list-summary.json has them all. */
const FILL_IN_LINES = 20;

/**
 * What the FindBackups map wrote. Only successful children are there to read: the map tolerates no
 * failure, so one failed lookup fails the run before this step.
 */
async function readAssetResults(run: WriteDocumentEvent, files: RunFiles): Promise<AssetResult[]> {
  if (run.found === undefined) return [];
  const entries = await readMapResults(files, run.found.ResultWriterDetails.Key);
  return entries.flatMap((entry) =>
    entry.section === 'SUCCEEDED' && entry.output !== undefined
      ? [JSON.parse(entry.output) as AssetResult]
      : [],
  );
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
    files.getJson<StoredDiscovery>(runLayout.discovery),
  ]);
  const sorted = [...results].sort((a, b) => compareAssets(a.asset, b.asset));
  const groups = sorted.flatMap((r) => (r.group === null ? [] : [r.group]));
  const { document, problems, warnings } = restoreDocument(groups, event.baseUrl);
  // People review and edit this file: indented, one member per line.
  await files.putText(
    runLayout.restoreDocument,
    `${JSON.stringify(document, null, 2)}\n`,
    'application/json',
  );
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
    document: files.where(runLayout.restoreDocument),
    inputKey: files.locate(runLayout.restoreDocument).key,
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
  await files.putText(runLayout.listSummary, `${JSON.stringify(summary, null, 2)}\n`, 'application/json');
  const fillIn = problems.slice(0, FILL_IN_LINES).map((p) => `${p.path}: ${p.message} — fill it in`);
  if (problems.length > FILL_IN_LINES) {
    fillIn.push(`… and ${problems.length - FILL_IN_LINES} more in ${files.where(runLayout.listSummary)}`);
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
    inputKey: summary.inputKey,
    summary: files.where(runLayout.listSummary),
    fillIn,
  };
}
