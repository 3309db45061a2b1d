import * as t from 'io-ts';

import type { SearchDirection } from './window.js';
import {
  account,
  codec,
  nonNegativeInt,
  oneOf,
  optional,
  region,
  required,
  tagMap,
  text,
  timestamp,
  type FieldCodec,
} from './fields.js';
import { describeValue } from './problems.js';

/**
 * The fields every restore group has (DESIGN §3.1), whatever its ResourceType. A restorer adds its own
 * fields; the two together are decoded in `restore-input.ts`.
 */

const searchDirections: readonly SearchDirection[] = ['before', 'after'];

/** Search and tag fields of every group, in their wire names. */
export const commonProps = {
  search_direction: optional(oneOf(searchDirections)),
  start_search_day_offset: optional(nonNegativeInt),
  end_search_day_offset: optional(nonNegativeInt),
  /**
   * An absolute search time instead of the day offsets: RFC 3339 with a zone (`Z` or `±hh:mm`). `before`:
   * each resource's newest backup that started at or before it; `after`: its oldest backup after it.
   * With `restore_from: point_in_time` it is the moment restored.
   */
  search_time: optional(timestamp),
  /** With `search_direction: after` and `search_time`: the end of the window (default now). */
  search_time_end: optional(timestamp),
  search_tag_key: optional(text),
  search_tag_value: optional(text),
  /** Tags a resource must all carry, exact key and value; with search_tag_key/value, all of them. */
  search_tags: optional(tagMap),
  append_tags: optional(tagMap),
  target_account: optional(account),
  target_region: optional(region),
} as const;

/** Where the backups are, for types that find their resources by account and region. */
export const requiredSourceProps = {
  source_account: required(account),
  source_region: required(region),
} as const;

/** Where the backups are, for types that find their resources another way (a protection group by name). */
export const optionalSourceProps = {
  source_account: optional(account),
  source_region: optional(region),
} as const;

/** The normalised common fields of a decoded group. */
export interface CommonGroupFields {
  /** 0-based position in RestoreGroups. */
  readonly groupIndex: number;
  /** Unset in the input means `before` with offset 0 (DESIGN §3.2). */
  readonly search_direction: SearchDirection;
  readonly start_search_day_offset: number;
  readonly end_search_day_offset: number;
  /** UTC; when set, the day offsets are not (they are 0). */
  readonly search_time?: string;
  readonly search_time_end?: string;
  /** Both or neither. */
  readonly search_tag_key?: string;
  readonly search_tag_value?: string;
  readonly search_tags?: Readonly<Record<string, string>>;
  readonly append_tags?: Readonly<Record<string, string>>;
}

/**
 * Source and target location once defaults are applied: the target defaults to the source (a restore
 * back into the same place). With an optional source, the target account must still be known.
 */
export type GroupLocation<SourceRequired extends boolean> = SourceRequired extends true
  ? {
      readonly source_account: string;
      readonly source_region: string;
      readonly target_account: string;
      readonly target_region: string;
    }
  : {
      readonly source_account?: string;
      readonly source_region?: string;
      readonly target_account: string;
      readonly target_region?: string;
    };

/** What a group restores: a backup (the default), or the resource as it was at a moment. */
export type RestoreFrom = 'backup' | 'point_in_time';

const restoreFromChoices: readonly RestoreFrom[] = ['backup', 'point_in_time'];

/**
 * `restore_from` of a type with point-in-time sources: `backup` (unset) restores the chosen backup,
 * `point_in_time` the resource as it was at `search_time`.
 */
export const restoreFrom: FieldCodec<RestoreFrom | undefined> = optional(oneOf(restoreFromChoices));

/** `restore_from` of a type Clumio restores from backups only: `point_in_time` is refused, naming why. */
export function backupOnly(type: string): FieldCodec<'backup' | undefined> {
  const is = (u: unknown): u is 'backup' => u === 'backup';
  return optional(
    codec('"backup"', is, (u, c) =>
      is(u)
        ? t.success(u)
        : t.failure(
            u,
            c,
            u === 'point_in_time'
              ? `${type} has no point-in-time source in Clumio: only "backup" (a backup chosen by the search window)`
              : `expected "backup", got ${describeValue(u)}`,
          ),
    ),
  );
}
