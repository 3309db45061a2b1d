import type { ClumioClient } from '../../clumio/index.js';
import { connectedEnvironments } from '../../restorers/directory.js';
import type { LookupLog } from '../../restorers/types.js';
import { decodeListInput } from '../../schemas/index.js';
import { describeProblems, InvalidInput, ListFailed } from '../errors.js';
import { lookupContext } from '../planning.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { ListRun } from './state.js';

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
  log?: LookupLog,
): Promise<ListRun> {
  const decoded = decodeListInput(input, new Date(run.startedAt));
  if (!decoded.ok) throw new InvalidInput(describeProblems(decoded.problems));
  const { clumioToken, ...listing } = decoded.value;
  const warnings = decoded.warnings.map((w) => `${w.path}: ${w.message}`);
  if (clumioToken !== undefined && run.inLambda) {
    // A token in an execution input is readable by anyone who can read the execution's history.
    warnings.push('clumio_token: ignored; the deployed service reads the token from its secret only');
  }
  const baseUrl = listing.baseUrl ?? null;
  const account = listing.sourceAccount;
  const environments = await connectedEnvironments(lookupContext(clientFor(baseUrl), { log }), account);
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
  await files.putJson(runLayout.listInput, listing);
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
