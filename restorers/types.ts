import type { DecodedFields, FieldProps } from '../schemas/fields.js';
import type { CommonGroupFields, GroupLocation } from '../schemas/group.js';
import type { PathSegment } from '../schemas/problems.js';
import type { NoBackupEntry, RestoreRecord } from '../lib/records.js';
import type { PlanContext } from './discovery.js';

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

/** What planning one group yields: one record per chosen backup, and the matches without one. */
export interface GroupPlan {
  readonly records: readonly RestoreRecord[];
  readonly noBackup: readonly NoBackupEntry[];
}

/**
 * A resource type: its input (above) and how it plans a group: finds the matching resources and their
 * chosen backups, and builds the exact Clumio restore request of each. Throws PlanError for a group that
 * cannot be planned (unknown environment, a target value the backup cannot supply, …).
 */
export interface Restorer<R extends string, P extends FieldProps, S extends boolean> extends RestorerInput<
  R,
  P,
  S
> {
  plan(group: InputGroup<R, P, S>, ctx: PlanContext): Promise<GroupPlan>;
}

export function defineRestorer<R extends string, P extends FieldProps, S extends boolean>(
  input: RestorerInput<R, P, S>,
  plan: (group: InputGroup<R, P, S>, ctx: PlanContext) => Promise<GroupPlan>,
): Restorer<R, P, S> {
  return { ...input, plan };
}
