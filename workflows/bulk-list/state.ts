import type { ResourceType } from '../../restorers/index.js';
import type { FoundAsset, ListedAsset } from '../../restorers/types.js';
import type { Problem } from '../../schemas/index.js';
import type { MapRunOutput, S3Location } from '../map-results.js';

/**
 * The documents the bulkList state machine passes between its steps. State carries ids and counts only;
 * assets, groups and the written document live in the run store (256 KiB state limit).
 */

/** One region × type to discover: one iteration of the Discover map. */
export interface ListScan {
  readonly index: number;
  readonly region: string;
  readonly environmentId: string;
  readonly resourceType: ResourceType;
}

/** ListValidate's output: the run, without any token. */
export interface ListRun {
  readonly runId: string;
  readonly startedAt: string;
  /** The input's base_url; null = the stage's. */
  readonly baseUrl: string | null;
  readonly sourceAccount: string;
  readonly regions: readonly string[];
  readonly scans: readonly ListScan[];
  readonly warnings: readonly string[];
}

/** One Discover iteration's input (the map's ItemSelector) and output. */
export interface DiscoverEvent {
  readonly runId: string;
  readonly startedAt: string;
  readonly baseUrl: string | null;
  readonly scan: ListScan;
}

export interface DiscoverResult {
  readonly index: number;
  readonly assets: number;
  readonly notes: number;
}

/** CollectAssets' input: the run and what each scan found (the Discover map's ResultPath). */
export interface CollectEvent extends ListRun {
  readonly discovered: readonly DiscoverResult[];
}

export interface CollectedRun extends ListRun {
  readonly assetCount: number;
  /** assets.json: the FindBackups map's items, one per asset. */
  readonly assets: S3Location;
  /** Prefix under which the FindBackups map writes its results. */
  readonly results: S3Location;
}

/** One FindBackup child's input (the map's ItemSelector applied to an assets.json item). */
export interface AssetItem {
  readonly index: number;
  readonly runId: string;
  readonly startedAt: string;
  readonly baseUrl: string | null;
  readonly asset: ListedAsset;
}

/** One FindBackup child's output: the asset's chosen backup and the group that restores it, or why not. */
export interface AssetResult {
  readonly index: number;
  readonly asset: ListedAsset;
  readonly backup: { readonly id: string; readonly timestamp: string } | null;
  readonly group: Readonly<Record<string, unknown>> | null;
  /** Why there is no group (no backup in the window). */
  readonly reason: string | null;
}

/** WriteDocument's input: the collected run and, unless nothing was found, the map's results location. */
export interface WriteDocumentEvent extends CollectedRun {
  readonly found?: MapRunOutput;
}

/** Assets found and restore groups written for one account, region and type. */
export interface ScopeCount {
  readonly account: string;
  readonly region: string;
  readonly resourceType: string;
  readonly assets: number;
  readonly withBackup: number;
  readonly withoutBackup: number;
}

/** list-summary.json: what the run found and what the written document still needs. */
export interface ListSummary {
  readonly version: string;
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Where restore-input.json is. */
  readonly document: string;
  /** Its key in the run store: bulkRestore runs it as it is with `{"input_key": <inputKey>}`. */
  readonly inputKey: string;
  readonly scopes: readonly ScopeCount[];
  readonly noBackup: readonly {
    readonly resourceType: string;
    readonly account: string;
    readonly region: string;
    readonly resourceId: string;
    readonly resourceNativeId: string;
    readonly reason: string;
  }[];
  /** What discovery noticed: tags or protection groups that do not exist, … */
  readonly notes: readonly string[];
  /** Validation problems of the written document: the values to fill in before it runs. */
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** The execution's output: counts and where the document is, never the document. */
export interface ListOutcome {
  readonly runId: string;
  readonly counts: {
    readonly assets: number;
    readonly groups: number;
    readonly noBackup: number;
    readonly problems: number;
  };
  readonly document: string;
  /** Start bulkRestore with `{"input_key": <inputKey>}` to run the document, whatever its size. */
  readonly inputKey: string;
  readonly summary: string;
  /** The first problems to fill in, one line each. */
  readonly fillIn: readonly string[];
}

/** What DiscoverAssets keeps in the run store for CollectAssets (runLayout.scan). */
export interface StoredScan {
  readonly assets: readonly FoundAsset[];
  readonly notes: readonly string[];
}

/** What CollectAssets keeps for WriteDocument (runLayout.discovery): each scan's count, and the notes. */
export interface StoredDiscovery {
  readonly scans: readonly (ListScan & { readonly assets: number })[];
  readonly notes: readonly string[];
}
