import type { Dataset } from './dataset.js';
import type { DatasetScale } from './dataset-types.js';
import { ACCOUNTS, RESTORE_TARGET_ACCOUNT, seedEnvironment } from './environments.js';
import { Seeder } from './seed.js';
import { rfc3339 } from './time.js';
import { simulatedTypes, type TypeParts } from './types/index.js';

export interface BuildDatasetOptions {
  seed: number;
  now: Date;
  scale?: DatasetScale;
}

/** Build the seeded dataset; every value derives from (seed, a stable key) and timestamps from `now`. */
export function buildDataset(options: BuildDatasetOptions): Dataset {
  const s = new Seeder(options.seed, options.now.getTime());
  const { scale } = options;
  const types = Object.values(simulatedTypes);
  const services = types.map((type) => type.service);
  const contexts = ACCOUNTS.flatMap((account) =>
    account.regions.map((region) => seedEnvironment(s, account, region, services)),
  );
  for (let i = 1; i <= (scale?.environments ?? 0); i++) {
    seedEnvironment(s, { id: String(400_000_000_000 + i), name: `synthetic-${i}` }, 'us-east-1', services);
  }
  const seedings = types.map((type) => type.seed(s));
  for (const ctx of contexts) {
    const restoreTarget = ctx.label === RESTORE_TARGET_ACCOUNT;
    for (const seeding of seedings) {
      if (restoreTarget) seeding.restoreTarget?.(ctx);
      else seeding.environment?.(ctx);
    }
  }
  for (const seeding of seedings) seeding.finish?.(contexts, scale);
  const parts = seedings.map((seeding) => seeding.part());
  // Each type contributes its own keys, in registry order: together they make up TypeParts.
  const items = Object.assign({}, ...parts.map((p) => p.items)) as TypeParts['items'];
  const backups = Object.assign({}, ...parts.map((p) => p.backups)) as TypeParts['backups'];
  return {
    seed: s.seed,
    generatedAt: rfc3339(s.nowMs),
    organizationalUnits: [s.ou],
    policies: s.policies,
    environments: s.environments,
    connections: s.connections,
    networks: s.networks,
    tags: s.tags,
    ...items,
    backups,
  };
}

/** Tag id lookup for tests and clients of the dataset: the Clumio tag id of key=value in one environment. */
export function findTagId(
  dataset: Dataset,
  environmentId: string,
  key: string,
  value: string,
): string | undefined {
  return dataset.tags[environmentId]?.find((t) => t.key === key && t.value === value)?.id;
}
