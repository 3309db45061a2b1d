import { dynamodb } from './dynamodb.js';
import { ebs } from './ebs.js';
import { ec2 } from './ec2.js';
import { protectionGroup } from './protection-group.js';
import { rds } from './rds.js';
import type { RestoreRecord, TargetDetails } from '../core/records.js';
import type { AnyRestorerInput, AnyRestorerListing, GroupOf, GroupPlan, LookupContext } from './types.js';

/** The registry: one line per resource type, keyed by its ResourceType. Nothing else lists the types. */
export const restorers = {
  EBS: ebs,
  EC2: ec2,
  RDS: rds,
  DynamoDB: dynamodb,
  ProtectionGroup: protectionGroup,
} as const;

export type ResourceType = keyof typeof restorers;

/** The types in registry order (the order messages list them in). */
export const resourceTypes = Object.keys(restorers) as ResourceType[];

/** A decoded restore group: the union over every type, discriminated by `ResourceType`. */
export type RestoreGroup = { [K in ResourceType]: GroupOf<(typeof restorers)[K]> }[ResourceType];

export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && Object.hasOwn(restorers, value);
}

/** The input side of a type, without its field types (for code that walks every type alike). */
export function restorerInput(type: ResourceType): AnyRestorerInput {
  return restorers[type];
}

/**
 * Plans one group with its type's restorer (the registry is the only place that picks by type); each
 * record's target carries the restorer's description of it (zone, name, bucket, …).
 */
export async function planGroup(group: RestoreGroup, ctx: LookupContext): Promise<GroupPlan> {
  // TypeScript cannot correlate a union group with the union of restorers; the key guarantees it.
  const restorer = restorers[group.ResourceType] as unknown as {
    plan(group: RestoreGroup, ctx: LookupContext): Promise<GroupPlan>;
    describeTarget(group: RestoreGroup, request: RestoreRecord['request']): TargetDetails;
  };
  const plan = await restorer.plan(group, ctx);
  const records = plan.records.map((record) => {
    const details = restorer.describeTarget(group, record.request);
    return { ...record, target: { ...record.target, details } };
  });
  return { ...plan, records };
}

/** How bulkList discovers a type and writes its groups. */
export function listingOf(type: ResourceType): AnyRestorerListing {
  return restorers[type].listing;
}
