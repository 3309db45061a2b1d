import type { SimulatedType } from './contract.js';
import { dynamodb } from './dynamodb.js';
import { ebs } from './ebs.js';
import { ec2 } from './ec2.js';
import { protectionGroup } from './protection-group.js';
import { rds } from './rds.js';

export type * from './dynamodb.js';
export type * from './ebs.js';
export type * from './ec2.js';
export type * from './protection-group.js';
export type * from './rds.js';

/**
 * The registry: one line per resource type, in the order the dataset is seeded and listed. The server,
 * the router and the dataset builder iterate it; nothing else lists the types.
 */
export const simulatedTypes = {
  EBS: ebs,
  EC2: ec2,
  RDS: rds,
  DynamoDB: dynamodb,
  ProtectionGroup: protectionGroup,
} as const;

type PartOf<T> = T extends SimulatedType<infer P> ? P : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every type's part of the dataset, merged: `items` and `backups` hold each type's lists. */
export type TypeParts = Intersection<PartOf<(typeof simulatedTypes)[keyof typeof simulatedTypes]>>;
