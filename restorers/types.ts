import type { ClumioClient, Filter } from '../clumio/index.js';
import type { DecodedFields, FieldProps } from '../core/fields.js';
import type { CommonGroupFields, GroupLocation } from '../core/group-fields.js';
import type { PathSegment } from '../core/problems.js';
import type { NoBackupEntry, NoMatchEntry, RestoreRecord, TargetDetails } from '../core/records.js';

/**
 * The contract of a resource type: what its input is, how bulkRestore plans its groups and how bulkList
 * discovers its assets. The helpers beside this file implement parts of it; this file needs none of them.
 */

/** One problem of a group that cannot be planned; `field` names the group field it concerns. */
export interface PlanProblem {
  /** A group field or fields (`target_account/target_region`); unset: the group as a whole. */
  readonly field?: string;
  readonly message: string;
}

const asProblem = (p: string | PlanProblem): PlanProblem => (typeof p === 'string' ? { message: p } : p);

/** Problems found while planning a group (unknown environment, a target value nobody supplies, …). */
export class PlanError extends Error {
  override readonly name = 'PlanError';
  readonly problems: readonly PlanProblem[];

  constructor(problems: string | PlanProblem | readonly (string | PlanProblem)[]) {
    const list = (Array.isArray(problems) ? problems : [problems]).map(asProblem);
    super(list.map((p) => (p.field === undefined ? p.message : `${p.field}: ${p.message}`)).join('; '));
    this.problems = list;
  }

  /** The same problems, those that name no field placed at `field`. */
  static at(field: string, error: PlanError): PlanError {
    return new PlanError(error.problems.map((p) => ({ field: p.field ?? field, message: p.message })));
  }
}

/** `promise`, with a PlanError it rejects with placed at `field` (which group field led to it). */
export async function atField<T>(field: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw error instanceof PlanError ? PlanError.at(field, error) : error;
  }
}

/** A Clumio environment (clumio-api §6.1): one connected account + region. */
export interface Environment {
  readonly id: string;
  readonly account_native_id: string;
  readonly aws_region: string;
  readonly aws_az?: readonly string[];
}

/** Environments and tag ids by what a group names them with. */
export interface Directory {
  /** The Clumio environment of an account + region; PlanError when there is none. */
  environment(account: string, region: string): Promise<Environment>;
  /** Clumio ids of the tag `key=value` in an environment (exact key and value; usually one). */
  tagIds(environmentId: string, key: string, value: string): Promise<string[]>;
}

/** Where lookups report what an operator should know: list items dropped because they do not match. */
export interface LookupLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** What every Clumio lookup needs: bulkRestore's planning and bulkList's discovery alike. */
export interface LookupContext {
  readonly client: ClumioClient;
  readonly log: LookupLog;
  readonly now: Date;
  readonly directory: Directory;
  /** Backup lookups in flight at once (Clumio allows 100 requests/s per organization). */
  readonly lookupConcurrency: number;
  /** Set when a group is planned in pieces, one per invocation (DESIGN §4); unset: the group at once. */
  readonly piece?: PlanPiece;
}

/** A group's planning between two pieces: JSON that only its restorer reads. */
export type GroupProgress = Readonly<Record<string, unknown>>;

/**
 * One invocation's share of a group's planning, so that no invocation's work grows with a group: what
 * it may still do, where the group stands, and a place for what its later pieces read back.
 */
export interface PlanPiece {
  /** Where the piece before left the group; undefined in its first piece. */
  readonly resume: GroupProgress | undefined;
  /** Takes one unit of work (an asset page, a backup lookup); false, for good, once the piece is spent. */
  take(): boolean;
  /** Keeps a value for the group's later pieces, under a name of the group's own. */
  save(name: string, value: unknown): Promise<void>;
  load<T>(name: string): Promise<T>;
}

/** The backup list query of a window (core/window.ts): `start_timestamp` filter and sort. */
export interface BackupWindow {
  readonly sort: string;
  readonly filter: Filter;
}

/** Where a restorer's cross-field rules report; paths are relative to the group. */
export interface GroupReport {
  problem(path: string | readonly PathSegment[], message: string): void;
  warning(path: string | readonly PathSegment[], message: string): void;
  /** Whether `field` was given but failed to decode (so it is absent from the group, yet not unset). */
  failed(field: string): boolean;
}

/**
 * The input side of a resource type: its own group fields and their rules. The schema composes the
 * common fields with these, so adding a type is one restorer file plus one registry line.
 */
export interface RestorerInput<R extends string, P extends FieldProps, SourceRequired extends boolean> {
  readonly resourceType: R;
  /** Whether `source_account` and `source_region` are required to find this type's resources. */
  readonly sourceRequired: SourceRequired;
  /** This type's own fields (pins, search extras, target fields) in their wire names. */
  readonly fields: P;
  /** Other accepted spellings → wire name, e.g. `target_aws_az` → `target_az`. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Known fields that are accepted but no longer used → the warning that says so. */
  readonly deprecated: Readonly<Record<string, string>>;
  /**
   * Cross-field rules, run on the merged group after defaults. A field that failed to decode is absent
   * here (it has its own problem already, and problems reported at its path are dropped), hence the
   * Partial.
   */
  check?(group: Partial<InputGroup<R, P, SourceRequired>>, report: GroupReport): void;
}

/** A decoded, normalised group of one type: wire field names, defaults applied, aliases resolved. */
export type InputGroup<R extends string, P extends FieldProps, SourceRequired extends boolean> = {
  readonly ResourceType: R;
} & CommonGroupFields &
  GroupLocation<SourceRequired> &
  DecodedFields<P>;

/** The decoded group type of a restorer. */
export type GroupOf<X> = X extends RestorerInput<infer R, infer P, infer S> ? InputGroup<R, P, S> : never;

/** A restorer seen without its field types, as the schema walks the registry. */
export type AnyRestorerInput = RestorerInput<string, FieldProps, boolean>;

/** Declares a restorer's input with its field types inferred from `fields`. */
export function defineRestorerInput<const R extends string, P extends FieldProps, const S extends boolean>(
  input: RestorerInput<R, P, S>,
): RestorerInput<R, P, S> {
  return input;
}

/**
 * What planning one group yields: one record per chosen backup, the matches without one, and, when the
 * group matched nothing at all, what it searched.
 */
export interface GroupPlan {
  readonly records: readonly RestoreRecord[];
  readonly noBackup: readonly NoBackupEntry[];
  readonly noMatch?: NoMatchEntry;
  /**
   * Planned in pieces: the resources this piece could not build a request for (planned at once, they
   * are thrown as one PlanError instead). Any in any piece, and the group cannot be restored.
   */
  readonly problems?: readonly PlanProblem[];
  /** Planned in pieces: where the next piece resumes the group; absent once the group is planned. */
  readonly progress?: GroupProgress;
}

/**
 * A resource type: its input (above), how it plans a group (finds the matching resources and their
 * chosen backups, and builds the exact Clumio restore request of each; throws PlanError for a group that
 * cannot be planned: unknown environment, a target value the backup cannot supply, …) and how bulkList
 * discovers its assets and writes their groups.
 */
export interface Restorer<R extends string, P extends FieldProps, S extends boolean> extends RestorerInput<
  R,
  P,
  S
> {
  plan(group: InputGroup<R, P, S>, ctx: LookupContext): Promise<GroupPlan>;
  /** What a request this type built restores into beyond account and region (zone, name, bucket, …). */
  describeTarget(group: InputGroup<R, P, S>, request: RestoreRecord['request']): TargetDetails;
  readonly listing: AnyRestorerListing;
}

export function defineRestorer<R extends string, P extends FieldProps, S extends boolean>(
  input: RestorerInput<R, P, S>,
  plan: (group: InputGroup<R, P, S>, ctx: LookupContext) => Promise<GroupPlan>,
  listing: AnyRestorerListing,
  describeTarget: (group: InputGroup<R, P, S>, request: RestoreRecord['request']) => TargetDetails,
): Restorer<R, P, S> {
  return { ...input, plan, describeTarget, listing };
}

// ---------------------------------------------------------------------------------------------------
// bulkList: how a type is discovered and how its groups are written (DESIGN §3.4)
// ---------------------------------------------------------------------------------------------------

/** One asset a listing found in a region: ids and names only (assets.json holds one per asset). */
export interface FoundAsset {
  /** The Clumio id (ProtectionGroup: of the group). */
  readonly assetId: string;
  /** vol-…, i-…, the DB identifier, the table name; ProtectionGroup: the group's name. */
  readonly nativeId: string;
  /** ProtectionGroup: the group's buckets in the region, sorted. */
  readonly bucketNames?: readonly string[];
}

/** A found asset with where it was found: the item of bulkList's per-asset map. */
export interface ListedAsset extends FoundAsset {
  readonly resourceType: string;
  readonly account: string;
  readonly region: string;
}

/** Where a type's assets are listed: one connected environment of the source account. */
export interface ListScope {
  readonly account: string;
  readonly region: string;
  readonly environmentId: string;
  /** asset_meta_status as datasource filters (`protection_status`, `backup_status`, `is_deleted`, each `$in`). */
  readonly statusFilter: Readonly<Record<string, { readonly $in: readonly string[] }>>;
}

export interface Discovery {
  readonly assets: readonly FoundAsset[];
  /** What the user should know about an empty or partial result (a tag or a group that does not exist). */
  readonly notes: readonly string[];
}

/** The fields of a backup a listing reports; every backup item has them. */
export interface ChosenBackup {
  readonly id: string;
  readonly start_timestamp: string;
}

/** Where a listed group restores to. */
export interface ListTarget {
  readonly account: string;
  readonly region: string;
  /** The source's own account and region: the backup's network, keys and zone exist there. */
  readonly inPlace: boolean;
}

/**
 * The bulkList side of a resource type: what `source_asset_types.<Type>` and `target_specs.<Type>` may
 * hold, how its assets are found in one environment, which backup an asset's group would restore, and
 * the type's own fields of that group (the caller adds the common ones). Selections and specs are
 * decoded by the list input schema from `selection` and `spec`, so they arrive in wire names.
 */
export interface RestorerListing<S extends FieldProps, P extends FieldProps, B extends ChosenBackup> {
  readonly selection: S;
  /** Every member is optional: a spec gives defaults, the backup or the validator does the rest. */
  readonly spec: P;
  /** Cross-field rules of a decoded spec; paths are relative to it. */
  checkSpec?(spec: Partial<DecodedFields<P>>, report: GroupReport): void;
  discover(ctx: LookupContext, scope: ListScope, selection: DecodedFields<S>): Promise<Discovery>;
  findBackup(ctx: LookupContext, asset: ListedAsset, window: BackupWindow): Promise<B | undefined>;
  /**
   * The type's fields of the group that restores `asset` from `backup`: its pin and targets, in wire
   * names. A required value neither the spec nor the backup supplies is left out: the written document
   * then fails validation at exactly that field, for the user to fill in.
   */
  formatGroup(
    asset: ListedAsset,
    backup: B,
    spec: DecodedFields<P>,
    target: ListTarget,
  ): Record<string, unknown>;
}

/** A listing seen without its field types, as bulkList walks the registry. */
export type AnyRestorerListing = RestorerListing<FieldProps, FieldProps, ChosenBackup>;

/** Declares a listing with its selection, spec and backup types inferred. */
export function defineListing<S extends FieldProps, P extends FieldProps, B extends ChosenBackup>(
  listing: RestorerListing<S, P, B>,
): RestorerListing<S, P, B> {
  return listing;
}
