import { runKeyOf, type RunFiles } from './run-store.js';

/** Where a run file is, as ItemReader and ResultWriter parameters name it. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** A Distributed Map's output when it has a ResultWriter. */
export interface MapRunOutput {
  readonly MapRunArn: string;
  readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

/** One child execution's entry in a Distributed Map's result files (AWS ResultWriter layout). */
export interface MapResultEntry {
  /** The manifest's section the entry was listed in: SUCCEEDED, FAILED, … */
  readonly section: string;
  /** The child execution's own status (its section when the entry does not say). */
  readonly status: string;
  /** The child's input and output, as JSON text. */
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

interface ResultFileEntry {
  readonly Input?: string;
  readonly Output?: string;
  readonly Status?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

interface ResultManifest {
  readonly ResultFiles?: Readonly<Record<string, readonly { readonly Key: string }[]>>;
}

/**
 * Every entry a Distributed Map's ResultWriter wrote: `manifestKey` is the map output's
 * `ResultWriterDetails.Key` (a full bucket key), the manifest lists the SUCCEEDED/FAILED/PENDING files.
 */
export async function readMapResults(files: RunFiles, manifestKey: string): Promise<MapResultEntry[]> {
  const manifest = await files.getJson<ResultManifest>(runKeyOf(files.runId, manifestKey));
  const entries: MapResultEntry[] = [];
  for (const [section, resultFiles] of Object.entries(manifest.ResultFiles ?? {})) {
    for (const { Key } of resultFiles) {
      for (const entry of await files.getJson<readonly ResultFileEntry[]>(runKeyOf(files.runId, Key))) {
        entries.push({
          section,
          status: entry.Status ?? section,
          ...(entry.Input === undefined ? {} : { input: entry.Input }),
          ...(entry.Output === undefined ? {} : { output: entry.Output }),
          ...(entry.Error === undefined ? {} : { error: entry.Error }),
          ...(entry.Cause === undefined ? {} : { cause: entry.Cause }),
        });
      }
    }
  }
  return entries;
}
