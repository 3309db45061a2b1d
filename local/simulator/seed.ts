import type {
  AssetBase,
  AssetTag,
  AwsConnection,
  AwsEnvironment,
  AwsTag,
  BackupStatus,
  BackupTag,
  EnvironmentNetwork,
  OrganizationalUnit,
  Policy,
  ProtectionInfo,
} from './dataset-types.js';
import { link } from './envelopes.js';
import { hexFrom, intFrom, uuidFrom } from './random.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, rfc3339, startOfUtcDay } from './time.js';

const BACKUP_DAYS = 30;
const RETENTION_DAYS = 35;
export const GIB = 1024 ** 3;

export type Schedule = 'daily' | 'six-hourly' | 'none';

/** One environment being seeded, as the types see it. */
export interface EnvContext {
  readonly env: AwsEnvironment;
  readonly net: EnvironmentNetwork;
  /** e.g. prod-use1: prefixes every asset name of the environment. */
  readonly short: string;
  readonly label: string;
}

export function byStart<T extends { start_timestamp: string; id: string }>(a: T, b: T): number {
  return a.start_timestamp < b.start_timestamp
    ? -1
    : a.start_timestamp > b.start_timestamp
      ? 1
      : a.id < b.id
        ? -1
        : 1;
}

export function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : rfc3339(ms);
}

/** The last start of a schedule as a timestamp, null without backups. */
export function lastStart(starts: readonly number[]): string | null {
  return starts.length > 0 ? rfc3339(starts[starts.length - 1] ?? 0) : null;
}

export function backupTags(tags: readonly AssetTag[]): BackupTag[] {
  return tags.map(({ key, value }) => ({ key, value }));
}

/**
 * The shared part of the dataset being built (tenant, environments, tags) and the derived values every
 * type seeds from: each value derives from (seed, a stable key) and each timestamp from `now`.
 */
export class Seeder {
  readonly ou: OrganizationalUnit;
  readonly policies: Policy[];
  readonly environments: AwsEnvironment[] = [];
  readonly connections: AwsConnection[] = [];
  readonly networks: EnvironmentNetwork[] = [];
  readonly tags: Record<string, AwsTag[]> = {};
  private readonly tagMemo = new Map<string, AwsTag>();

  constructor(
    readonly seed: number,
    readonly nowMs: number,
  ) {
    const ouId = this.id('ou/root');
    this.ou = {
      _etag: this.hex('ou/etag', 16),
      _links: { _self: link(`/organizational-units/${ouId}`) },
      _embedded: {},
      id: ouId,
      name: 'Global Organizational Unit',
      parent_id: null,
      description: 'Root organizational unit of the simulated tenant',
      children_count: 0,
      user_count: 1,
      users: [{ user_id: this.id('user/admin'), assigned_role: this.id('role/super-admin') }],
      descendant_ids: [],
      configured_datasource_types: ['aws'],
      task_id: null,
    };
    this.policies = ['gold', 'silver'].map((name) => ({ id: this.id(`policy/${name}`), name }));
  }

  id(key: string): string {
    return uuidFrom(this.seed, key);
  }

  hex(key: string, length: number): string {
    return hexFrom(this.seed, key, length);
  }

  awsId(prefix: string, key: string): string {
    return `${prefix}-${this.hex(key, 17)}`;
  }

  int(key: string, min: number, max: number): number {
    return intFrom(this.seed, key, min, max);
  }

  ago(days: number): string {
    return rfc3339(this.nowMs - days * MS_PER_DAY);
  }

  expiration(at: number): string {
    return rfc3339(at + RETENTION_DAYS * MS_PER_DAY);
  }

  /**
   * Backup start times (oldest first) within the last BACKUP_DAYS days, up to `until`: daily around
   * `hourUtc` (an asset-specific offset of ±40 min plus a per-day jitter) or every six hours.
   */
  schedule(key: string, schedule: Schedule, until = this.nowMs, hourUtc = 2): number[] {
    if (schedule === 'none') return [];
    const hours = schedule === 'daily' ? [hourUtc] : [0, 6, 12, 18];
    const offsetMinutes =
      schedule === 'daily' ? this.int(`${key}/offset`, -40, 40) : this.int(`${key}/offset`, 5, 20);
    const from = this.nowMs - BACKUP_DAYS * MS_PER_DAY;
    const today = startOfUtcDay(this.nowMs);
    const out: number[] = [];
    for (let d = BACKUP_DAYS; d >= 0; d--) {
      const day = today - d * MS_PER_DAY;
      for (const hour of hours) {
        const jitterSeconds = this.int(`${key}/${day}/${hour}`, 0, 299);
        const at = day + hour * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE + jitterSeconds * 1000;
        if (at > from && at <= this.nowMs && at < until) out.push(at);
      }
    }
    return out;
  }

  /** The environment's tag key=value, created on first use so the tag list holds every tag used. */
  tag(ctx: EnvContext, key: string, value: string): AssetTag {
    const memoKey = `${ctx.env.id}|${key}|${value}`;
    let tag = this.tagMemo.get(memoKey);
    if (tag === undefined) {
      const id = this.id(`tag/${memoKey}`);
      const protectedTag = key === 'App' && value === 'db';
      tag = {
        _links: { _self: link(`/datasources/aws/environments/${ctx.env.id}/tags/${id}`) },
        _embedded: {},
        id,
        key,
        key_id: this.id(`tag-key/${ctx.env.id}|${key}`),
        value,
        organizational_unit_id: this.ou.id,
        protection_status: protectedTag ? 'protected' : 'unprotected',
        protection_info: protectedTag ? this.protectionInfo('db') : null,
      };
      this.tagMemo.set(memoKey, tag);
      (this.tags[ctx.env.id] ??= []).push(tag);
    }
    return { id: tag.id, key: tag.key, key_id: tag.key_id, value: tag.value };
  }

  assetTags(ctx: EnvContext, app: string, owner?: string): AssetTag[] {
    const tags = [this.tag(ctx, 'Environment', ctx.label), this.tag(ctx, 'App', app)];
    if (owner !== undefined) tags.push(this.tag(ctx, 'Owner', owner));
    return tags;
  }

  protectionInfo(app: string): ProtectionInfo {
    const policy = app === 'analytics' ? this.policies[1] : this.policies[0];
    return { policy_id: policy?.id ?? '', inheriting_entity_id: null, inheriting_entity_type: null };
  }

  /** The fields every datasource asset of endpoints 11–14 shares (reference §7.2). */
  assetBase(
    ctx: EnvContext,
    selfHref: string,
    id: string,
    name: string,
    app: string,
    tags: AssetTag[],
    starts: number[],
    extra: { status?: BackupStatus; deletedAt?: number } = {},
  ): AssetBase {
    const last = lastStart(starts);
    const deleted = extra.deletedAt !== undefined;
    const status: BackupStatus = starts.length === 0 ? 'no_backup' : (extra.status ?? 'success');
    const isProtected = !deleted && starts.length > 0;
    return {
      _links: { _self: link(`${selfHref}/${id}`) },
      _embedded: {},
      id,
      environment_id: ctx.env.id,
      account_native_id: ctx.env.account_native_id,
      aws_region: ctx.env.aws_region,
      name,
      organizational_unit_id: this.ou.id,
      protection_status: deleted ? null : isProtected ? 'protected' : 'unprotected',
      protection_info: isProtected ? this.protectionInfo(app) : null,
      backup_status_info: {
        backup_status: status,
        last_successful_policy_start_timestamp: last,
        last_failed_policy_start_timestamp: status === 'success' || status === 'no_backup' ? null : last,
        operation_info_list: [],
      },
      is_deleted: deleted,
      deletion_timestamp: deleted ? rfc3339(extra.deletedAt ?? 0) : null,
      is_supported: true,
      unsupported_reason: null,
      has_direct_assignment: false,
      direct_assignment_policy_id: null,
      last_backup_timestamp: last,
      tags,
    };
  }

  kmsKey(env: AwsEnvironment, key: string): string {
    return `arn:aws:kms:${env.aws_region}:${env.account_native_id}:key/${this.id(`kms/${key}`)}`;
  }
}
