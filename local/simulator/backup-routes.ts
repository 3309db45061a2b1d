import { ownedBy } from './dataset-index.js';
import type {
  DynamoDbBackup,
  EbsBackup,
  Ec2Backup,
  PgBackup,
  PgS3AssetBackup,
  RdsBackup,
} from './dataset-types.js';
import type { FieldSpec } from './filters.js';
import { listRoute, readRoute, type Route } from './routes.js';

function started<T extends { start_timestamp: string }>(): FieldSpec<T> {
  return { ops: ['$lte', '$gt'], kind: 'timestamp', get: (b) => b.start_timestamp };
}

/** Endpoints 1–5b of reference §4 with the filters of §5.1. */
export function backupRoutes(): Route[] {
  return [
    listRoute<EbsBackup>({
      path: '/backups/aws/ebs-volumes',
      resource: 'backup-aws-ebs-volumes',
      versions: [2],
      style: 'page',
      filterApplied: true,
      sortable: true,
      filters: { volume_id: { ops: ['$eq'], get: (b) => b.volume_id }, start_timestamp: started() },
      items: (ctx, f) => ownedBy(ctx.state.index.ebsBackups, f.eq('volume_id')),
    }),
    readRoute({
      pattern: '/backups/aws/ebs-volumes/{backup_id}',
      resource: 'backup-aws-ebs-volumes',
      versions: [2],
      what: 'EBS backup',
      find: (id, ctx) => ctx.state.index.ebsBackups.byId.get(id),
    }),
    listRoute<Ec2Backup>({
      path: '/backups/aws/ec2-instances',
      resource: 'backup-aws-ec2-instances',
      style: 'page',
      filterApplied: true,
      sortable: true,
      filters: { instance_id: { ops: ['$eq'], get: (b) => b.instance_id }, start_timestamp: started() },
      items: (ctx, f) => ownedBy(ctx.state.index.ec2Backups, f.eq('instance_id')),
    }),
    readRoute({
      pattern: '/backups/aws/ec2-instances/{backup_id}',
      resource: 'backup-aws-ec2-instances',
      what: 'EC2 backup',
      find: (id, ctx) => ctx.state.index.ec2Backups.byId.get(id),
    }),
    listRoute<RdsBackup>({
      path: '/backups/aws/rds-resources',
      resource: 'backup-aws-rds-resources',
      style: 'page',
      filterApplied: true,
      sortable: true,
      filters: { resource_id: { ops: ['$eq'], get: (b) => b.resource_id }, start_timestamp: started() },
      items: (ctx, f) => ownedBy(ctx.state.index.rdsBackups, f.eq('resource_id')),
    }),
    readRoute({
      pattern: '/backups/aws/rds-resources/{backup_id}',
      resource: 'backup-aws-rds-resources',
      what: 'RDS backup',
      find: (id, ctx) => ctx.state.index.rdsBackups.byId.get(id),
    }),
    listRoute<DynamoDbBackup>({
      path: '/backups/aws/dynamodb-tables',
      resource: 'backup-aws-dynamodb-tables',
      style: 'page',
      filterApplied: true,
      sortable: true,
      filters: {
        table_id: { ops: ['$eq'], get: (b) => b.table_id },
        start_timestamp: started(),
        type: { ops: ['$all'], get: (b) => b.type },
      },
      items: (ctx, f) => ownedBy(ctx.state.index.dynamodbBackups, f.eq('table_id')),
    }),
    readRoute({
      pattern: '/backups/aws/dynamodb-tables/{backup_id}',
      resource: 'backup-aws-dynamodb-tables',
      what: 'DynamoDB backup',
      find: (id, ctx) => ctx.state.index.dynamodbBackups.byId.get(id),
    }),
    listRoute<PgBackup>({
      path: '/backups/protection-groups',
      resource: 'backup-protection-groups',
      style: 'page',
      filterApplied: true,
      sortable: true,
      filters: {
        protection_group_id: { ops: ['$eq'], get: (b) => b.protection_group_id },
        start_timestamp: started(),
      },
      items: (ctx, f) => ownedBy(ctx.state.index.pgBackups, f.eq('protection_group_id')),
    }),
    readRoute({
      pattern: '/backups/protection-groups/{backup_id}',
      resource: 'backup-protection-groups',
      what: 'protection group backup',
      find: (id, ctx) => ctx.state.index.pgBackups.byId.get(id),
    }),
    listRoute<PgS3AssetBackup>({
      path: '/backups/protection-groups/s3-assets',
      resource: 'backup-protection-groups',
      style: 'page',
      filterApplied: true,
      sortable: true,
      filters: {
        protection_group_s3_asset_id: { ops: ['$eq'], get: (b) => b.protection_group_s3_asset_id },
        parent_protection_group_backup_id: { ops: ['$eq'], get: (b) => b.parent_protection_group_backup_id },
        start_timestamp: started(),
        bucket_region: { ops: ['$eq'], get: (b) => b.aws_region },
      },
      items: (ctx, f) => ownedBy(ctx.state.index.pgS3AssetBackups, f.eq('protection_group_s3_asset_id')),
    }),
    readRoute({
      pattern: '/backups/protection-groups/s3-assets/{backup_id}',
      resource: 'backup-protection-groups',
      what: 'protection group S3 asset backup',
      find: (id, ctx) => ctx.state.index.pgS3AssetBackups.byId.get(id),
    }),
  ];
}
