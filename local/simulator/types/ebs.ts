import { assetFilters, field, POLICY_EMBED, started, withPolicy } from '../asset-filters.js';
import { BodyChecker } from '../body-checker.js';
import { environmentOwner, ownedBy, table, type DatasetIndex } from '../dataset-index.js';
import type { AssetBase, AssetTag, BackupStatus, BackupTag, DatasetScale, Links } from '../dataset-types.js';
import { link } from '../envelopes.js';
import { notFound } from '../errors.js';
import { checkAz, environmentOf, known, restoreRoute, type ValidRestore } from '../restore-routes.js';
import { listRoute, readRoute } from '../routes.js';
import { backupTags, byStart, GIB, lastStart, type EnvContext, type Schedule, type Seeder } from '../seed.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, rfc3339, startOfUtcDay } from '../time.js';
import type { SimulatedType, TypeSeeding } from './contract.js';

// ---- wire shapes (reference §5.2, §7.2) -------------------------------------------------------------

export interface EbsVolume extends AssetBase {
  volume_native_id: string;
  aws_az: string;
  type: string;
  size: number;
  iops: number;
  is_encrypted: boolean;
  kms_key_native_id: string | null;
  last_snapshot_timestamp: string | null;
}

export interface EbsBackup {
  _links: Links;
  id: string;
  volume_id: string;
  volume_native_id: string;
  account_native_id: string;
  aws_region: string;
  aws_az: string;
  start_timestamp: string;
  expiration_timestamp: string;
  migration_timestamp: string | null;
  type: 'clumio_backup' | 'aws_snapshot';
  volume_type: string;
  iops: number;
  size: number;
  utilized_size_in_bytes: number;
  is_encrypted: boolean;
  kms_key_native_id: string | null;
  tags: BackupTag[];
  is_browsable: boolean;
  browsing_failed_reason: string | null;
  backup_tier: string;
}

interface EbsPart {
  readonly items: { readonly volumes: readonly EbsVolume[] };
  readonly backups: { readonly ebs: readonly EbsBackup[] };
}

// ---- dataset ------------------------------------------------------------------------------------------

interface VolumeSpec {
  slug: string;
  type: string;
  sizeGb: number;
  iops?: number;
  encrypted: boolean;
  app: string;
  owner?: string;
  schedule?: Schedule;
  deletedDaysAgo?: number;
  status?: BackupStatus;
}

const VOLUMES: readonly VolumeSpec[] = [
  { slug: 'web-data', type: 'gp3', sizeGb: 100, encrypted: true, app: 'web', owner: 'alice' },
  { slug: 'db-data', type: 'io1', sizeGb: 500, iops: 4000, encrypted: true, app: 'db', owner: 'bob' },
  { slug: 'analytics-scratch', type: 'st1', sizeGb: 1000, encrypted: false, app: 'analytics' },
  { slug: 'web-logs', type: 'gp2', sizeGb: 50, encrypted: false, app: 'web' },
  { slug: 'db-wal', type: 'gp3', sizeGb: 200, encrypted: true, app: 'db', owner: 'bob' },
  {
    slug: 'analytics-cache',
    type: 'gp2',
    sizeGb: 20,
    encrypted: false,
    app: 'analytics',
    status: 'partial_success',
  },
];

/** Only in prod us-east-1: the edge cases clients must handle. */
const SPECIAL_VOLUMES: readonly VolumeSpec[] = [
  {
    slug: 'db-journal',
    type: 'gp3',
    sizeGb: 300,
    encrypted: true,
    app: 'db',
    owner: 'carol',
    schedule: 'six-hourly',
  },
  {
    slug: 'scratch-unprotected',
    type: 'gp2',
    sizeGb: 10,
    encrypted: false,
    app: 'analytics',
    schedule: 'none',
  },
  { slug: 'web-retired', type: 'gp2', sizeGb: 40, encrypted: false, app: 'web', deletedDaysAgo: 5 },
];

function volumeIops(type: string, sizeGb: number): number {
  if (type === 'gp3') return 3000;
  if (type === 'gp2') return Math.max(100, Math.min(16_000, sizeGb * 3));
  return 0;
}

interface NewVolume {
  id: string;
  name: string;
  nativeId: string;
  az: string;
  spec: VolumeSpec;
  tags: AssetTag[];
  starts: number[];
  deletedAt: number | undefined;
  kms: string | null;
}

class EbsSeeding implements TypeSeeding<EbsPart> {
  private readonly volumes: EbsVolume[] = [];
  private readonly backups: EbsBackup[] = [];

  constructor(private readonly s: Seeder) {}

  environment(ctx: EnvContext): void {
    VOLUMES.forEach((spec, i) => this.volume(ctx, spec, i));
    if (ctx.short === 'prod-use1')
      SPECIAL_VOLUMES.forEach((spec, i) => this.volume(ctx, spec, VOLUMES.length + i));
  }

  finish(contexts: readonly EnvContext[], scale: DatasetScale | undefined): void {
    if (scale?.taggedVolumes) this.scaleVolumes(scale, contexts);
  }

  part(): EbsPart {
    return { items: { volumes: this.volumes }, backups: { ebs: this.backups.sort(byStart) } };
  }

  private volume(ctx: EnvContext, spec: VolumeSpec, index: number): void {
    const s = this.s;
    const name = `${ctx.short}-${spec.slug}`;
    const deletedAt =
      spec.deletedDaysAgo === undefined ? undefined : s.nowMs - spec.deletedDaysAgo * MS_PER_DAY;
    const starts = s.schedule(`volume/${name}`, spec.schedule ?? 'daily', deletedAt);
    const tags = s.assetTags(ctx, spec.app, spec.owner);
    this.add(ctx, {
      id: s.id(`volume/${name}`),
      name,
      nativeId: s.awsId('vol', `volume/${name}`),
      az: ctx.env.aws_az[index % ctx.env.aws_az.length] ?? '',
      spec,
      tags,
      starts,
      deletedAt,
      kms: spec.encrypted ? s.kmsKey(ctx.env, `volume/${name}`) : null,
    });
  }

  private add(ctx: EnvContext, v: NewVolume): void {
    const s = this.s;
    const { spec } = v;
    const iops = spec.iops ?? volumeIops(spec.type, spec.sizeGb);
    this.volumes.push({
      ...s.assetBase(ctx, '/datasources/aws/ebs-volumes', v.id, v.name, spec.app, v.tags, v.starts, {
        status: spec.status,
        deletedAt: v.deletedAt,
      }),
      volume_native_id: v.nativeId,
      aws_az: v.az,
      type: spec.type,
      size: spec.sizeGb * GIB,
      iops,
      is_encrypted: v.kms !== null,
      kms_key_native_id: v.kms,
      last_snapshot_timestamp: lastStart(v.starts),
    });
    const tags = backupTags(v.tags);
    for (const at of v.starts) {
      const backupId = s.id(`ebs-backup/${v.id}/${at}`);
      const snapshot = Math.floor(at / MS_PER_DAY) % 5 === 0;
      this.backups.push({
        _links: {
          _self: link(`/backups/aws/ebs-volumes/${backupId}`),
          'restore-aws-ebs-volume': link('/restores/aws/ebs-volumes', 'post'),
        },
        id: backupId,
        volume_id: v.id,
        volume_native_id: v.nativeId,
        account_native_id: ctx.env.account_native_id,
        aws_region: ctx.env.aws_region,
        aws_az: v.az,
        start_timestamp: rfc3339(at),
        expiration_timestamp: s.expiration(at),
        migration_timestamp: null,
        type: snapshot ? 'aws_snapshot' : 'clumio_backup',
        volume_type: spec.type,
        iops,
        size: spec.sizeGb,
        utilized_size_in_bytes: Math.floor(spec.sizeGb * GIB * 0.4),
        is_encrypted: v.kms !== null,
        kms_key_native_id: v.kms,
        tags,
        is_browsable: !snapshot,
        browsing_failed_reason: snapshot ? 'browsing_unavailable' : null,
        backup_tier: 'standard',
      });
    }
  }

  private scaleVolumes(scale: DatasetScale, contexts: readonly EnvContext[]): void {
    const s = this.s;
    const account = scale.environment?.account ?? '111111111111';
    const region = scale.environment?.region ?? 'us-east-1';
    const ctx = contexts.find((c) => c.env.account_native_id === account && c.env.aws_region === region);
    if (ctx === undefined)
      throw new Error(`scale.environment ${account}/${region} is not a simulated environment`);
    const tags = [s.tag(ctx, 'Environment', ctx.label), s.tag(ctx, 'Bulk', 'load')];
    const spec: VolumeSpec = { slug: 'bulk', type: 'gp3', sizeGb: 8, encrypted: false, app: 'bulk' };
    const today = startOfUtcDay(s.nowMs);
    for (let i = 1; i <= (scale.taggedVolumes ?? 0); i++) {
      const name = `${ctx.short}-bulk-load-${String(i).padStart(5, '0')}`;
      const minutes = i % 60;
      this.add(ctx, {
        id: s.id(`volume/${name}`),
        name,
        nativeId: s.awsId('vol', `volume/${name}`),
        az: ctx.env.aws_az[i % ctx.env.aws_az.length] ?? '',
        spec,
        tags,
        starts: [3, 2, 1].map((d) => today - d * MS_PER_DAY + 2 * MS_PER_HOUR + minutes * MS_PER_MINUTE),
        deletedAt: undefined,
        kms: null,
      });
    }
  }
}

// ---- restore body (§8.1) ------------------------------------------------------------------------------

const VOLUME_TYPES = ['gp2', 'gp3', 'io1', 'io2', 'sc1', 'st1', 'standard'];
const IOPS_VOLUME_TYPES = ['gp3', 'io1', 'io2'];

function validateEbs(
  backups: ReadonlyMap<string, EbsBackup>,
  body: unknown,
  index: DatasetIndex,
): ValidRestore {
  const c = new BodyChecker();
  const root = c.root(body, ['source', 'target']);
  const source = c.object(root, 'source', ['backup_id'], true);
  const backupId = c.string(source, 'backup_id', true);
  const target = c.object(
    root,
    'target',
    ['environment_id', 'aws_az', 'type', 'iops', 'kms_key_native_id', 'tags', 'volume_initialization_rate'],
    true,
  );
  const envId = c.string(target, 'environment_id', true);
  const az = c.string(target, 'aws_az', true);
  const type = c.enumeration(target, 'type', VOLUME_TYPES, false);
  const iops = c.integer(target, 'iops', false, 1);
  c.string(target, 'kms_key_native_id', false);
  c.tags(target, 'tags');
  c.integer(target, 'volume_initialization_rate', false, 100, 300);
  c.check();

  const backup = backups.get(known(backupId));
  if (backup === undefined) throw notFound(`source.backup_id: EBS backup "${backupId}" not found`);
  const env = environmentOf(c, index, envId, 'target.environment_id');
  checkAz(c, env, az, 'target.aws_az');
  const volumeType = type ?? backup.volume_type;
  if (iops !== undefined && !IOPS_VOLUME_TYPES.includes(volumeType)) {
    c.problem(
      `target.iops: only allowed for volume types gp3, io1 and io2 (the volume type is ${volumeType})`,
    );
  }
  c.check();
  return {
    backupId: backup.id,
    taskType: 'aws_ebs_volume_restore',
    primary: { id: backup.volume_id, type: 'aws_ebs_volume', value: backup.volume_native_id },
    target: known(env),
    outcomeKeys: [backup.id, backup.volume_native_id, backup.volume_id],
  };
}

// ---- the type -----------------------------------------------------------------------------------------

export const ebs: SimulatedType<EbsPart> = {
  service: 'ebs',
  seed: (s) => new EbsSeeding(s),
  serve(dataset) {
    const volumes = table(dataset.volumes, environmentOwner);
    const backups = table(dataset.backups.ebs, (b) => b.volume_id);
    const inEnvironment = (id: string): readonly EbsVolume[] => volumes.byOwner.get(id) ?? [];
    return {
      routes: [
        listRoute<EbsVolume>({
          path: '/datasources/aws/ebs-volumes',
          resource: 'aws-ebs-volumes',
          style: 'page',
          filterApplied: false,
          lookback: true,
          embeds: [POLICY_EMBED],
          filters: {
            ...assetFilters(['$eq', '$in']),
            name: field(['$contains', '$eq'], (v) => v.name),
            volume_native_id: { ...field(['$eq', '$contains'], (v) => v.volume_native_id), exclusive: true },
          },
          items: (_ctx, f) => ownedBy(volumes, f.eq('environment_id')),
          embed: withPolicy,
        }),
        listRoute<EbsBackup>({
          path: '/backups/aws/ebs-volumes',
          resource: 'backup-aws-ebs-volumes',
          versions: [2],
          style: 'page',
          filterApplied: true,
          sortable: true,
          filters: { volume_id: { ops: ['$eq'], get: (b) => b.volume_id }, start_timestamp: started() },
          items: (_ctx, f) => ownedBy(backups, f.eq('volume_id')),
        }),
        readRoute({
          pattern: '/backups/aws/ebs-volumes/{backup_id}',
          resource: 'backup-aws-ebs-volumes',
          versions: [2],
          what: 'EBS backup',
          find: (id) => backups.byId.get(id),
        }),
        restoreRoute({
          path: '/restores/aws/ebs-volumes',
          resource: 'restored-aws-ebs-volumes',
          version: 2,
          validate: (body, index) => validateEbs(backups.byId, body, index),
        }),
      ],
      protectionStats: [{ name: 'read-aws-environment-ebs-volumes-protection-stats', assets: inEnvironment }],
      backupStatusAssets: inEnvironment,
    };
  },
};
