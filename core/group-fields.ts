import type { SearchDirection } from './window.js';
import { account, nonNegativeInt, oneOf, optional, region, required, tagMap, text } from './fields.js';

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
  search_tag_key: optional(text),
  search_tag_value: optional(text),
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
  /** Both or neither. */
  readonly search_tag_key?: string;
  readonly search_tag_value?: string;
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
