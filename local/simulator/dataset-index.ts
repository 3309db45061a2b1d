import type { AwsEnvironment, SharedDataset } from './dataset-types.js';

export function byId<T extends { id: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** Items by id, plus the items of each asset (backups) or environment (assets), in dataset order. */
export interface Table<T> {
  readonly all: readonly T[];
  readonly byId: ReadonlyMap<string, T>;
  readonly byOwner: ReadonlyMap<string, readonly T[]>;
}

/**
 * The items of one owner (an asset's backups, an environment's assets, a group's buckets) when the
 * filter pins it with $eq, else all: a pinned list costs O(the owner's items), not O(the dataset).
 */
export function ownedBy<T>(table: Table<T>, ownerId: string | undefined): readonly T[] {
  return ownerId === undefined ? table.all : (table.byOwner.get(ownerId) ?? []);
}

export function table<T extends { id: string }>(items: readonly T[], owner: (item: T) => string): Table<T> {
  return { all: items, byId: byId(items), byOwner: groupBy(items, owner) };
}

/** The owner of a datasource asset: its environment. */
export function environmentOwner(item: { environment_id: string }): string {
  return item.environment_id;
}

/** Lookups over the shared part of the dataset; each type indexes its own part (types/*.ts). */
export class DatasetIndex {
  readonly environments: ReadonlyMap<string, AwsEnvironment>;

  constructor(dataset: SharedDataset) {
    this.environments = byId(dataset.environments);
  }
}
