import type * as t from 'io-ts';

import { optional, type FieldCodec, type FieldProps } from '../core/fields.js';
import { commonProps } from '../core/group-fields.js';

/**
 * A type's target fields are declared once, in its restore input; bulkList's `target_specs.<Type>` takes
 * the same fields with the same codecs, each optional, and writes them back into restore groups.
 */

type GroupProps<P extends FieldProps> = typeof commonProps & P;

/** The spec of the fields `K` of a restore group with the type's own fields `P`, plus `target_region`. */
type TargetSpec<P extends FieldProps, K extends keyof GroupProps<P>> = {
  readonly [N in 'target_region' | K]: FieldCodec<t.TypeOf<GroupProps<P>[N]> | undefined>;
};

/**
 * `target_specs.<Type>`: the region its groups restore to (default: the source's), then the named fields
 * of its restore group (its own or common ones such as `append_tags`), each optional: a spec gives
 * defaults, the backup or the validator does the rest.
 */
export function targetSpec<P extends FieldProps, const K extends keyof GroupProps<P>>(
  fields: P,
  names: readonly K[],
): TargetSpec<P, K> {
  const props: FieldProps = { ...commonProps, ...fields };
  const spec: Record<string, t.Mixed> = { target_region: commonProps.target_region };
  for (const name of names) spec[name as string] = optional(props[name as string] as FieldCodec<unknown>);
  // Each member is the optional form of the group field of the same name, as the type says.
  return spec as TargetSpec<P, K>;
}

/** The members of `fields` that have a value: the JSON a listing writes carries no null, "" or []. */
export function setFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([, value]) =>
        value !== undefined &&
        value !== null &&
        value !== '' &&
        !(Array.isArray(value) && value.length === 0),
    ),
  );
}
