import { dynamodb } from './dynamodb.js';
import { ebs } from './ebs.js';
import { ec2 } from './ec2.js';
import { protectionGroup } from './protection-group.js';
import { rds } from './rds.js';
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

/** Plans one group with its type's restorer (the registry is the only place that picks by type). */
export function planGroup(group: RestoreGroup, ctx: LookupContext): Promise<GroupPlan> {
  // TypeScript cannot correlate a union group with the union of plan functions; the key guarantees it.
  const plan = restorers[group.ResourceType].plan as (
    group: RestoreGroup,
    ctx: LookupContext,
  ) => Promise<GroupPlan>;
  return plan(group, ctx);
}

/** How bulkList discovers a type and writes its groups. */
export function listingOf(type: ResourceType): AnyRestorerListing {
  return restorers[type].listing;
}
