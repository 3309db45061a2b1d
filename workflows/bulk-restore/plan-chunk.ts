import type { ClumioClient } from '../../clumio/index.js';
import type { LookupLog } from '../../restorers/types.js';
import type { RestoreInput } from '../../schemas/index.js';
import { lookupContext, planRun } from '../planning.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { PlanChunkEvent, PlanChunkResult, StoredChunk } from './state.js';

/** Plan, one chunk of groups: discovery and request building, written to the run store. */
export async function planChunk(
  event: PlanChunkEvent,
  files: RunFiles,
  client: ClumioClient,
  log?: LookupLog,
  now: Date = new Date(event.startedAt),
): Promise<PlanChunkResult> {
  const input = await files.getJson<RestoreInput>(runLayout.input);
  const { firstGroup, groupCount } = event.chunk;
  const groups = input.groups.slice(firstGroup, firstGroup + groupCount);
  const plan = await planRun({ ...input, groups }, lookupContext(client, { now, log }));
  const { records, noBackup, noMatch, notPlanned } = plan;
  const stored: StoredChunk = { records, noBackup, noMatch, notPlanned };
  await files.putJson(runLayout.planChunk(event.chunk.index), stored);
  return {
    index: event.chunk.index,
    records: records.length,
    noBackup: noBackup.length,
    noMatch: noMatch.length,
    notPlanned: notPlanned.length,
  };
}
