import { zoneInRegion, zoneOutsideRegion } from '../core/fields.js';
import { PlanError, type Environment, type GroupReport } from './types.js';

/** Availability zones: a target zone must lie in the target region and be one Clumio knows there. */

/** The rule of a group or a spec with `target_az`: the zone lies in `target_region` (when both are set). */
export function checkZoneInRegion(
  fields: { readonly target_az?: string; readonly target_region?: string },
  report: GroupReport,
): void {
  const outside = zoneOutsideRegion(fields.target_az, fields.target_region);
  if (outside !== undefined) report.problem('target_az', outside);
}

/** The AZ must be one Clumio knows in the target environment (when it lists them). */
export function checkZone(target: Environment, zone: string | undefined, field: string): void {
  if (zone === undefined || target.aws_az === undefined || target.aws_az.length === 0) return;
  if (!target.aws_az.includes(zone)) {
    throw new PlanError({
      field,
      message:
        `${zone} is not an availability zone of account ${target.account_native_id} in ` +
        `${target.aws_region} (Clumio knows ${target.aws_az.join(', ')})`,
    });
  }
}

/**
 * The availability zone a listed group restores into: the spec's when it lies in the target region (a
 * spec serves every region listed), else `fallback` (the backup's) when that does; else none, and the
 * validator asks for one where the type needs it.
 */
export function zoneFor(
  region: string,
  specZone: string | undefined,
  fallback: string | null | undefined,
): string | undefined {
  if (specZone !== undefined && zoneInRegion(specZone, region)) return specZone;
  if (fallback !== undefined && fallback !== null && zoneInRegion(fallback, region)) return fallback;
  return undefined;
}
