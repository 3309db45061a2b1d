import { assetFilters, field, POLICY_EMBED, started, withPolicy } from '../asset-filters.js';
import { BodyChecker } from '../body-checker.js';
import { environmentOwner, ownedBy, table, type DatasetIndex } from '../dataset-index.js';
import type { AssetBase, BackupTag, Links } from '../dataset-types.js';
import { link } from '../envelopes.js';
import { notFound } from '../errors.js';
import { checkRestorable, environmentOf, known, restoreRoute, type ValidRestore } from '../restore-routes.js';
import { listRoute, readRoute } from '../routes.js';
import { backupTags, byStart, GIB, iso, type EnvContext, type Seeder } from '../seed.js';
import { MS_PER_DAY, MS_PER_MINUTE, rfc3339 } from '../time.js';
import type { SimulatedType, TypeSeeding } from './contract.js';

// ---- wire shapes (reference §5.4, §7.2) -------------------------------------------------------------

/** The SDK's RdsResource has no last_backup_timestamp (it has the snapshot timestamps below). */
export interface RdsResource extends Omit<AssetBase, 'last_backup_timestamp'> {
  resource_native_id: string;
  type: 'aws_rds_cluster' | 'aws_rds_instance';
  engine: string;
  engine_mode: string;
  engine_version: string;
  aws_azs: string[];
  size: number;
  is_encrypted: boolean;
  kms_key_native_id: string;
  security_group_native_ids: string[];
  subnet_group_name: string;
  earliest_aws_snapshot_restorable_timestamp: string | null;
  latest_aws_snapshot_restorable_timestamp: string | null;
  first_clumio_snapshot_timestamp: string | null;
  last_clumio_snapshot_timestamp: string | null;
  first_granular_backup_timestamp: string | null;
  last_granular_backup_timestamp: string | null;
}

/**
 * An RDS backup as the read by id returns it (the SDKs' ReadRdsDatabaseBackupResponse): shape (a) of
 * reference §5.4 with `parameter_group_name`. The list serves it as RdsBackupListItem or, with
 * `rdsBackupShape: 'legacy'`, without `parameter_group_name`.
 */
export interface RdsBackup {
  _links: Links;
  id: string;
  resource_id: string;
  resource_type: 'aws_rds_cluster' | 'aws_rds_instance';
  database_native_id: string;
  account_native_id: string;
  aws_region: string;
  aws_azs: string[];
  engine: string;
  engine_version: string;
  instances: { class: string; is_publicly_accessible: boolean; name: string }[];
  kms_key_native_id: string;
  option_group_name: string;
  parameter_group_name: string;
  security_group_native_ids: string[];
  subnet_group_name: string;
  size: number;
  start_timestamp: string;
  expiration_timestamp: string;
  migration_timestamp: string | null;
  tags: BackupTag[];
  type: 'clumio_snapshot' | 'aws_rds_resource_granular_backup';
}

/** An RDS backup list item of the Go SDK's current model (RdsDatabaseBackup). */
export interface RdsBackupListItem {
  _links: Links;
  id: string;
  database_id: string;
  database_type: 'aws_rds_cluster' | 'aws_rds_instance';
  database_native_id: string;
  account_native_id: string;
  aws_region: string;
  aws_azs: string[];
  engine: string;
  engine_version: string;
  instance_class: string[];
  public_access: boolean[];
  aws_kms_key_id: string;
  aws_security_group: string[];
  aws_subnet_group: string;
  size: number;
  start_timestamp: string;
  expiration_timestamp: string;
  tags: BackupTag[];
  type: RdsBackup['type'];
}

function currentListItem(b: RdsBackup): RdsBackupListItem {
  return {
    _links: b._links,
    id: b.id,
    database_id: b.resource_id,
    database_type: b.resource_type,
    database_native_id: b.database_native_id,
    account_native_id: b.account_native_id,
    aws_region: b.aws_region,
    aws_azs: b.aws_azs,
    engine: b.engine,
    engine_version: b.engine_version,
    instance_class: b.instances.map((i) => i.class),
    public_access: b.instances.map((i) => i.is_publicly_accessible),
    aws_kms_key_id: b.kms_key_native_id,
    aws_security_group: b.security_group_native_ids,
    aws_subnet_group: b.subnet_group_name,
    size: b.size,
    start_timestamp: b.start_timestamp,
    expiration_timestamp: b.expiration_timestamp,
    tags: b.tags,
    type: b.type,
  };
}

function legacyListItem(b: RdsBackup): Omit<RdsBackup, 'parameter_group_name'> {
  const { parameter_group_name: _, ...item } = b;
  return item;
}

interface RdsPart {
  readonly items: { readonly rdsResources: readonly RdsResource[] };
  readonly backups: { readonly rds: readonly RdsBackup[] };
}

// ---- dataset ------------------------------------------------------------------------------------------

interface RdsSpec {
  slug: string;
  type: 'aws_rds_cluster' | 'aws_rds_instance';
  engine: string;
  version: string;
  instanceClass: string;
  instances: number;
  app: string;
  sizeGb: number;
}

const RDS: readonly RdsSpec[] = [
  {
    slug: 'web-db',
    type: 'aws_rds_instance',
    engine: 'postgres',
    version: '15.4',
    instanceClass: 'db.t3.medium',
    instances: 1,
    app: 'web',
    sizeGb: 100,
  },
  {
    slug: 'analytics-db',
    type: 'aws_rds_instance',
    engine: 'mysql',
    version: '8.0.35',
    instanceClass: 'db.r5.large',
    instances: 1,
    app: 'analytics',
    sizeGb: 400,
  },
  {
    slug: 'orders-cluster',
    type: 'aws_rds_cluster',
    engine: 'aurora-postgresql',
    version: '15.4',
    instanceClass: 'db.r6g.large',
    instances: 2,
    app: 'db',
    sizeGb: 250,
  },
];

class RdsSeeding implements TypeSeeding<RdsPart> {
  private readonly resources: RdsResource[] = [];
  private readonly backups: RdsBackup[] = [];

  constructor(private readonly s: Seeder) {}

  environment(ctx: EnvContext): void {
    // prod-use1-web-db also has granular backups, which cannot be restored as a resource.
    RDS.forEach((spec) => this.rds(ctx, spec, ctx.short === 'prod-use1' && spec.slug === 'web-db'));
  }

  part(): RdsPart {
    return { items: { rdsResources: this.resources }, backups: { rds: this.backups.sort(byStart) } };
  }

  private rds(ctx: EnvContext, spec: RdsSpec, granular: boolean): void {
    const s = this.s;
    const name = `${ctx.short}-${spec.slug}`;
    const id = s.id(`rds/${name}`);
    const starts = s.schedule(`rds/${name}`, 'daily', s.nowMs, 3);
    const granularStarts = granular
      ? s.schedule(`rds-granular/${name}`, 'daily', s.nowMs, 14).filter((_, i) => i % 3 === 0)
      : [];
    const tags = s.assetTags(ctx, spec.app);
    const kms = s.kmsKey(ctx.env, `rds/${name}`);
    const sgs = [ctx.net.security_group_native_ids[1] ?? ''];
    const subnetGroup = `${ctx.short}-db-subnets`;
    const first = starts[0];
    const last = starts[starts.length - 1];
    const { last_backup_timestamp: _, ...base } = s.assetBase(
      ctx,
      '/datasources/aws/rds-resources',
      id,
      name,
      spec.app,
      tags,
      starts,
    );
    this.resources.push({
      ...base,
      _links: {
        ...base._links,
        'list-backup-aws-rds-resources': link(`/backups/aws/rds-resources`),
        'restore-aws-rds-resource': link('/restores/aws/rds-resources', 'post'),
      },
      resource_native_id: name,
      type: spec.type,
      engine: spec.engine,
      engine_mode: 'provisioned',
      engine_version: spec.version,
      aws_azs: ctx.env.aws_az.slice(0, spec.type === 'aws_rds_cluster' ? 3 : 1),
      size: spec.sizeGb * GIB,
      is_encrypted: true,
      kms_key_native_id: kms,
      security_group_native_ids: sgs,
      subnet_group_name: subnetGroup,
      earliest_aws_snapshot_restorable_timestamp: iso(s.nowMs - 7 * MS_PER_DAY),
      latest_aws_snapshot_restorable_timestamp: iso(s.nowMs - 5 * MS_PER_MINUTE),
      first_clumio_snapshot_timestamp: iso(first),
      last_clumio_snapshot_timestamp: iso(last),
      first_granular_backup_timestamp: iso(granularStarts[0]),
      last_granular_backup_timestamp: iso(granularStarts[granularStarts.length - 1]),
    });
    const tagsOfBackup = backupTags(tags);
    const family = spec.engine === 'mysql' ? 'mysql8.0' : `${spec.engine}${spec.version.split('.')[0] ?? ''}`;
    const add = (at: number, type: RdsBackup['type']): void => {
      const backupId = s.id(`rds-backup/${id}/${at}/${type}`);
      this.backups.push({
        _links: {
          _self: link(`/backups/aws/rds-resources/${backupId}`),
          'restore-aws-rds-resource': link('/restores/aws/rds-resources', 'post'),
          'restore-rds-record': link('/restores/aws/rds-resources/query', 'post'),
          'list-aws-rds-resources-option-groups': link(`/datasources/aws/rds-resources/${id}/option-groups`),
        },
        id: backupId,
        resource_id: id,
        resource_type: spec.type,
        database_native_id: name,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        aws_azs: ctx.env.aws_az.slice(0, spec.type === 'aws_rds_cluster' ? 3 : 1),
        engine: spec.engine,
        engine_version: spec.version,
        instances: Array.from({ length: spec.instances }, (_, i) => ({
          class: spec.instanceClass,
          is_publicly_accessible: false,
          name: spec.instances === 1 ? name : `${name}-${i + 1}`,
        })),
        kms_key_native_id: kms,
        option_group_name: `default:${spec.engine}-${spec.version.split('.')[0] ?? ''}`,
        parameter_group_name: `default.${family}`,
        security_group_native_ids: sgs,
        subnet_group_name: subnetGroup,
        size: spec.sizeGb * GIB,
        start_timestamp: rfc3339(at),
        expiration_timestamp: s.expiration(at),
        migration_timestamp: null,
        tags: tagsOfBackup,
        type,
      });
    };
    for (const at of starts) add(at, 'clumio_snapshot');
    for (const at of granularStarts) add(at, 'aws_rds_resource_granular_backup');
  }
}

// ---- restore body (§8.3) ------------------------------------------------------------------------------

const RDS_IDENTIFIER = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;

function validRdsIdentifier(name: string): boolean {
  return RDS_IDENTIFIER.test(name) && !name.includes('--') && !name.endsWith('-');
}

function validateRds(
  backups: ReadonlyMap<string, RdsBackup>,
  resources: ReadonlyMap<string, RdsResource>,
  body: unknown,
  index: DatasetIndex,
): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(root, 'source', ['backup', 'snapshot'], true);
  const form = c.exactlyOne(source, ['backup', 'snapshot']);
  const backupNode = c.object(source, 'backup', ['backup_id'], false);
  const backupId = c.string(backupNode, 'backup_id', true);
  const snapshot = c.object(source, 'snapshot', ['resource_id', 'timestamp'], false);
  const resourceId = c.string(snapshot, 'resource_id', true);
  const pointInTime = c.timestamp(snapshot, 'timestamp', true);
  const target = c.object(
    root,
    'target',
    [
      'environment_id',
      'name',
      'instance_class',
      'is_publicly_accessible',
      'kms_key_native_id',
      'security_group_native_ids',
      'subnet_group_name',
      'option_group_name',
      'parameter_group_name',
      'tags',
    ],
    true,
  );
  const envId = c.string(target, 'environment_id', true);
  const name = c.string(target, 'name', true);
  if (name !== undefined && !validRdsIdentifier(name)) {
    c.problem(
      `target.name: "${name}" is not a valid RDS identifier (1-63 letters, digits or hyphens; starts with a letter; no "--"; no trailing "-")`,
    );
  }
  c.string(target, 'instance_class', false);
  c.boolean(target, 'is_publicly_accessible', false);
  c.string(target, 'kms_key_native_id', false);
  c.strings(target, 'security_group_native_ids', false);
  c.string(target, 'subnet_group_name', false);
  c.string(target, 'option_group_name', false);
  c.string(target, 'parameter_group_name', false);
  c.tags(target, 'tags');
  c.check();

  let resolved: { backupId: string | null; resourceId: string; nativeId: string };
  if (form === 'backup') {
    const backup = backups.get(known(backupId));
    if (backup === undefined) throw notFound(`source.backup.backup_id: RDS backup "${backupId}" not found`);
    if (backup.type === 'aws_rds_resource_granular_backup') {
      c.problem(
        `source.backup.backup_id: backup ${backup.id} is a granular backup; it cannot be restored as a resource`,
      );
    }
    resolved = { backupId: backup.id, resourceId: backup.resource_id, nativeId: backup.database_native_id };
  } else {
    const resource = resources.get(known(resourceId));
    if (resource === undefined)
      throw notFound(`source.snapshot.resource_id: RDS resource "${resourceId}" not found`);
    resolved = { backupId: null, resourceId: resource.id, nativeId: resource.resource_native_id };
    checkRestorable(c, 'source.snapshot.timestamp', known(pointInTime), resource.resource_native_id, {
      earliest: resource.earliest_aws_snapshot_restorable_timestamp,
      latest: resource.latest_aws_snapshot_restorable_timestamp,
    });
  }
  const env = environmentOf(c, index, envId, 'target.environment_id');
  c.check();
  return {
    backupId: resolved.backupId,
    taskType: 'aws_rds_resource_restore',
    primary: { id: resolved.resourceId, type: 'aws_rds_resource', value: resolved.nativeId },
    target: known(env),
    outcomeKeys: [
      ...(resolved.backupId === null ? [] : [resolved.backupId]),
      resolved.nativeId,
      resolved.resourceId,
    ],
  };
}

// ---- the type -----------------------------------------------------------------------------------------

export const rds: SimulatedType<RdsPart> = {
  service: 'rds',
  seed: (s) => new RdsSeeding(s),
  serve(dataset, options) {
    const resources = table(dataset.rdsResources, environmentOwner);
    const backups = table(dataset.backups.rds, (b) => b.resource_id);
    const present = options.rdsBackupShape === 'legacy' ? legacyListItem : currentListItem;
    const listed = new Map(dataset.backups.rds.map((b) => [b, present(b)]));
    const inEnvironment = (id: string): readonly RdsResource[] => resources.byOwner.get(id) ?? [];
    return {
      routes: [
        listRoute<RdsResource>({
          path: '/datasources/aws/rds-resources',
          resource: 'aws-rds-resources',
          style: 'page',
          filterApplied: true,
          lookback: true,
          embeds: [POLICY_EMBED],
          filters: {
            ...assetFilters(['$in']),
            name: field(['$contains'], (r) => r.name),
            resource_native_id: field(['$eq'], (r) => r.resource_native_id),
            engine: field(['$eq'], (r) => r.engine),
            type: field(['$in'], (r) => r.type),
          },
          items: (_ctx, f) => ownedBy(resources, f.eq('environment_id')),
          embed: withPolicy,
        }),
        readRoute({
          pattern: '/datasources/aws/rds-resources/{resource_id}',
          resource: 'aws-rds-resources',
          lookback: true,
          what: 'RDS resource',
          find: (id) => resources.byId.get(id),
        }),
        listRoute<RdsBackup>({
          path: '/backups/aws/rds-resources',
          resource: 'backup-aws-rds-resources',
          style: 'page',
          filterApplied: true,
          sortable: true,
          filters: { resource_id: { ops: ['$eq'], get: (b) => b.resource_id }, start_timestamp: started() },
          items: (_ctx, f) => ownedBy(backups, f.eq('resource_id')),
          view: (b) => listed.get(b),
        }),
        readRoute({
          pattern: '/backups/aws/rds-resources/{backup_id}',
          resource: 'backup-aws-rds-resources',
          what: 'RDS backup',
          find: (id) => backups.byId.get(id),
        }),
        restoreRoute({
          path: '/restores/aws/rds-resources',
          resource: 'restored-aws-rds-resources',
          version: 1,
          validate: (body, index) => validateRds(backups.byId, resources.byId, body, index),
        }),
      ],
      protectionStats: [
        { name: 'read-aws-environment-rds-resources-protection-stats', assets: inEnvironment },
      ],
      backupStatusAssets: inEnvironment,
    };
  },
};
