import type { AssetBase, DatasetScale, ProtectionStatus, SharedDataset } from '../dataset-types.js';
import type { Route } from '../routes.js';
import type { EnvContext, Seeder } from '../seed.js';

/** A type's part of the dataset: its datasource lists and its backup lists, under their Dataset keys. */
export interface TypePart {
  readonly items: object;
  readonly backups: object;
}

/** Seeding one dataset: the builder calls these in registry order, then collects `part()`. */
export interface TypeSeeding<P extends TypePart> {
  /** One environment of an account with assets (prod, dev). */
  environment?(ctx: EnvContext): void;
  /** One environment of the account that holds only restore targets (dr). */
  restoreTarget?(ctx: EnvContext): void;
  /** After every environment: what spans environments (protection groups) and the scale options. */
  finish?(contexts: readonly EnvContext[], scale: DatasetScale | undefined): void;
  /** The type's items as seeded, backups oldest first. */
  part(): P;
}

/** An `embed` of the environment list (endpoint 8) counting the protection of the type's assets. */
export interface ProtectionStatsEmbed {
  readonly name: string;
  assets(environmentId: string): readonly { protection_status: ProtectionStatus | null }[];
}

/** What a type serves over one dataset. */
export interface TypeService {
  /** Its datasource lists and reads, backup lists and reads, and restore POSTs. */
  readonly routes: readonly Route[];
  readonly protectionStats: readonly ProtectionStatsEmbed[];
  /** The assets counted by the environment embed read-aws-environments-backup-status-stats. */
  backupStatusAssets?(environmentId: string): readonly Pick<AssetBase, 'backup_status_info'>[];
}

/** The simulator options that change what a type serves (SimulatorOptions documents each). */
export interface ServeOptions {
  readonly rdsBackupShape?: 'current' | 'legacy';
}

/** One resource type of the simulator: its dataset part, its routes and (in its module) its wire shapes. */
export interface SimulatedType<P extends TypePart> {
  /** The Clumio service it belongs to: listed in each environment's services_enabled and config. */
  readonly service: string;
  seed(s: Seeder): TypeSeeding<P>;
  /** Over the shared part and the type's own lists: a type never reads another type's part. */
  serve(
    dataset: SharedDataset & P['items'] & { readonly backups: P['backups'] },
    options: ServeOptions,
  ): TypeService;
}
