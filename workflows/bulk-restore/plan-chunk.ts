import type { ClumioClient } from '../../clumio/index.js';
import type { LookupLog } from '../../restorers/types.js';
import type { RestoreInput } from '../../schemas/index.js';
import { lookupContext, PieceBudget, planPiece, type ChunkProgress } from '../planning.js';
import { runLayout } from '../run-layout.js';
import type { RunFiles } from '../run-store.js';
import type { PlanChunkEvent, PlanChunkOutput, StoredPiece } from './state.js';

export interface PieceLimits {
  /** Asset pages and backup lookups this invocation may do (config planPieceRequests). */
  readonly requests: number;
  /** Milliseconds the invocation has left (Lambda's context); unset: no deadline. */
  readonly remainingMs?: () => number;
}

/**
 * Plan, one piece of a chunk of groups: discovery and request building, as far as `limits` allow,
 * written to the run store with where the next piece resumes. The state machine calls it again until
 * the chunk is `done`, so no invocation's work grows with the size of a group (DESIGN §4). A piece run
 * twice (a retry) reads the same progress and writes the same files.
 */
export async function planChunk(
  event: PlanChunkEvent,
  files: RunFiles,
  client: ClumioClient,
  limits: PieceLimits,
  log?: LookupLog,
  now: Date = new Date(event.startedAt),
): Promise<PlanChunkOutput> {
  const input = await files.getJson<RestoreInput>(runLayout.input);
  const { index, firstGroup, groupCount } = event.chunk;
  const groups = input.groups.slice(firstGroup, firstGroup + groupCount);
  const piece = event.planned?.pieces ?? 0;
  const resume =
    piece === 0 ? undefined : await files.getJson<ChunkProgress>(runLayout.planProgress(index, piece));
  const result = await planPiece(groups, lookupContext(client, { now, log }), {
    ...(resume !== undefined ? { resume } : {}),
    budget: new PieceBudget(limits.requests, limits.remainingMs),
    store: {
      save: (group, name, value) => files.putJson(runLayout.planGroupFile(index, group, name), value),
      load: (group, name) => files.getJson(runLayout.planGroupFile(index, group, name)),
    },
  });
  const stored: StoredPiece = { parts: result.parts };
  await files.putJson(runLayout.planPiece(index, piece), stored);
  if (result.progress !== undefined) {
    await files.putJson(runLayout.planProgress(index, piece + 1), result.progress);
  }
  const count = (pick: (part: StoredPiece['parts'][number]) => number): number =>
    result.parts.reduce((total, part) => total + pick(part), 0);
  return {
    ...event,
    planned: {
      index,
      pieces: piece + 1,
      records: (event.planned?.records ?? 0) + count((p) => p.records.length),
      noBackup: (event.planned?.noBackup ?? 0) + count((p) => p.noBackup.length),
      noMatch: (event.planned?.noMatch ?? 0) + count((p) => (p.noMatch === undefined ? 0 : 1)),
      problems: (event.planned?.problems ?? 0) + count((p) => p.notPlanned?.problems.length ?? 0),
    },
    done: result.progress === undefined,
  };
}
