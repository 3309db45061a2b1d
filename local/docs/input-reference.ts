import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import * as prettier from 'prettier';
import type * as t from 'io-ts';
import { listingOf, resourceTypes, restorerInput, type ResourceType } from '../../restorers/index.js';
import { groupProps, restoreTopLevelProps } from '../../schemas/restore-input.js';
import { listStatusProps, listTopLevelProps } from '../../schemas/list-input.js';
import { isRecord, isUnset, type FieldProps } from '../../core/fields.js';
import { projectRoot } from '../serverless-config.js';

/**
 * docs/input-reference.md, generated from the codecs the decoders run: every field of both inputs, its
 * value, whether it is required, its default and its other spellings, with a value from the examples.
 * What a codec cannot say (a field's meaning, a rule between fields) is in `notes` below.
 */

/** Meanings the codecs cannot carry, by field name (the same name means the same in both inputs). */
const notes: Readonly<Record<string, string>> = {
  base_url:
    "the Clumio API host of your portal; the CLI's `--base-url` and `CLUMIO_BASE_URL` beat it, and it beats the stage param `clumioBaseUrl`",
  clumio_token:
    'discouraged: anyone who can read the input can read it; locally `CLUMIO_TOKEN` beats it, deployed it is ignored (the token secret is used)',
  dry_run: 'plan only: find every backup and build every request, restore nothing',
  max_restores: 'a larger plan fails `PlanTooLarge`; default: the stage param `maxRestoresPerRun`',
  skip_unplannable_groups:
    'restore the groups that can be planned and report the others as `not_planned` (the run then exits 1), instead of starting nothing',
  source_account: 'the account whose backups are restored',
  source_region: 'the region of those backups',
  source_regions: 'default: every region of the account connected to Clumio',
  search_direction:
    '`before`: the newest backup at or before the end of day `end_search_day_offset` (or at or before `search_time`); `after`: the oldest backup after the start of the older offset day, up to the end of the newer one (or after `search_time`, up to `search_time_end`); unset: `before` with offset 0',
  search_time:
    'an exact moment instead of the day offsets (never with them), with its zone: `2026-06-28T14:05:00Z` or `…+02:00`; a time to come is an error with `after` and means now with `before`; with `restore_from: point_in_time` the moment restored (docs/point-in-time.md)',
  search_time_end: 'with `search_direction: after` and `search_time`: the end of the window; default now',
  search_tags:
    'only resources with all of these tags (exact keys and values), sent as one `tags.id $all` filter; with `search_tag_key`/`search_tag_value`, all of them',
  restore_from:
    '`backup`: the backup the search window chooses; `point_in_time` (RDS, DynamoDB, ProtectionGroup): the resource as it was at `search_time`, checked against its restorable window; EBS and EC2 take only `backup`',
  pitr_type:
    'with `restore_from: point_in_time`: `aws_pitr` (the AWS point-in-time recovery of the table) or `clumio_pitr`; sent as the `type` field of Clumio',
  search_time_start:
    'with `restore_from: point_in_time`: restore only objects modified since then (`restore_start_timestamp`); before `search_time`',
  target_restore_as:
    '`instance`: a new instance; `ami`: an AMI of the backup; `volumes`: its volumes only, attached to `target_instance_native_id` or unattached in `target_az`; a field of another mode is an error',
  target_ami_name:
    '`ami`: the AMI name; default `<source instance>-restored-<backup time>`; with several instances, `<target_ami_name>-<instance>` each',
  target_ami_description: '`ami`: the AMI description; default: the backup it was restored from',
  target_instance_native_id:
    '`volumes`: attach the restored volumes to this instance of the target account and region (instead of `target_az`)',
  target_device_names:
    '`volumes` attached to an instance: another device for a backed-up one (`{"/dev/xvda": "/dev/sdf"}`); the others keep their names',
  start_search_day_offset: 'whole days before today (UTC); used by `after`',
  end_search_day_offset: 'whole days before today (UTC)',
  search_tag_key:
    'with `search_tag_value`: only resources with this tag (exact key and value); both or neither',
  search_tag_value: 'see `search_tag_key`',
  append_tags: 'merged into the tags the restored resource gets: the same key takes this value',
  target_account: 'default: `source_account`; required when `source_account` is not given',
  target_region: 'default: `source_region`',
  search_volume_id: 'one volume: its Clumio id or `vol-…`',
  search_instance_id: 'one instance: its Clumio id or `i-…`',
  search_resource_id: 'one database: its Clumio id or DB identifier',
  search_table_id: 'one table: its Clumio id or table name',
  search_pg_name: 'the protection group, by name',
  search_bucket_names: 'buckets of the group to restore; default: all of them',
  target_storage_class: 'objects are restored in this class instead of their own',
  target_bucket: 'the bucket the objects are restored into',
  target_prefix: 'key prefix of the restored objects',
  target_overwrite: 'replace objects that exist in the target bucket',
  search_object_filters: 'which objects of the selected buckets are restored',
  change_set_name:
    'with no `target_table_name`, each table is restored as `<source table>-<change_set_name>`; one of the two is required',
  target_table_name: 'the restored table; with several matches, `<target_table_name>-<source table>` each',
  target_rds_name:
    'the restored instance or cluster; with several matches, `<target_rds_name>-<source>` each',
  target_az: 'the availability zone, which must be one Clumio knows in the target environment',
  target_kms_key_native_id:
    "the KMS key of the restored resource; unset: the backup's in place, else the target's default",
  target_volume_tags: "the restored volume's tags; unset: the backup's",
  target_instance_tags: "the restored instance's tags; unset: the backup's",
  target_resource_tags: "the restored database's tags; unset: the backup's",
  source_ddn_tags: "the restored table's tags; unset: the backup's",
  target_volume_append_tags: 'tags added to every restored volume of the instance',
  target_ami_native_id:
    'required when restoring into another account or region (the backup names its own AMI)',
  target_vpc_native_id: 'required when restoring into another account or region',
  target_subnet_native_id:
    'required when restoring into another account or region, or with `target_vpc_native_id`',
  target_eni_cfg_from_backup: "in place: restore each network interface's backed-up configuration",
  should_power_on: 'start the restored instance',
  protection_status_in: '`protected`, `unprotected`, `unsupported`; default: any',
  backup_status_in: '`success`, `partial_success`, `failure`, `no_backup`; default: any',
  deleted_status_in: 'default: `[true, false]`: a disaster may have deleted the assets to restore',
};

/** Defaults the decoder applies after the codecs (the codec alone leaves these unset). */
const decoderDefaults: Readonly<Record<string, string>> = {
  dry_run: '`false`',
  skip_unplannable_groups: '`false`',
  start_search_day_offset: '`0`',
  end_search_day_offset: '`0`',
  search_direction: '`"before"`',
  target_account: '`source_account`',
  target_region: '`source_region`',
};

/** The sections that are not fields. */
const sectionNotes = {
  DefaultInput:
    '`{"<ResourceType>": {field: value}}`: fills each field that a group of that type leaves absent or `""`',
  RestoreGroups: 'the groups: each restores every resource it matches, one restore per resource',
};

type Presence = { kind: 'required' } | { kind: 'optional' } | { kind: 'default'; value: unknown };

/** What a codec does with an absent value: fail (required), nothing (optional), or give its default. */
function presenceOf(codec: t.Mixed): Presence {
  const result = codec.decode(undefined);
  if (!isRight(result)) return { kind: 'required' };
  return result.right === undefined ? { kind: 'optional' } : { kind: 'default', value: result.right };
}

const code = (value: unknown): string => `\`${JSON.stringify(value)}\``;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

interface Row {
  readonly field: string;
  readonly codec: t.Mixed;
  /** Other spellings accepted for it. */
  readonly aliases?: readonly string[];
  readonly example?: unknown;
  /** Overrides the codec's presence where a rule decides it (e.g. `required for EBS`). */
  readonly presence?: string;
  /** Overrides `notes` where the field means something else in this section. */
  readonly note?: string;
}

function table(rows: readonly Row[]): string {
  const lines = [
    '| field | value | required | default | example | notes |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const presence = presenceOf(row.codec);
    const required = row.presence ?? (presence.kind === 'required' ? 'required' : 'optional');
    const fallback = presence.kind === 'default' ? code(presence.value) : (decoderDefaults[row.field] ?? '');
    const aliases = row.aliases?.length ? ` (also ${row.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
    const example = row.example === undefined ? '' : code(row.example);
    lines.push(
      `| \`${row.field}\`${aliases} | ${cell(row.codec.name)} | ${required} | ${cell(fallback)} | ${cell(example)} | ${cell(row.note ?? notes[row.field] ?? '')} |`,
    );
  }
  return lines.join('\n');
}

/** Every group and section of the example inputs, to take a real value of each field from. */
interface Examples {
  readonly restore: readonly Record<string, unknown>[];
  readonly list: readonly Record<string, unknown>[];
  readonly files: ReadonlyMap<string, unknown>;
}

async function examples(): Promise<Examples> {
  const dir = join(projectRoot, 'examples');
  const names = [
    ...(await readdir(dir)).filter((n) => n.endsWith('.json')).sort(),
    ...(await readdir(join(dir, 'reference')))
      .filter((n) => n.endsWith('.json'))
      .map((n) => `reference/${n}`),
  ];
  const files = new Map<string, unknown>();
  for (const name of names) files.set(name, JSON.parse(await readFile(join(dir, name), 'utf8')));
  const documents = [...files.values()].filter(isRecord);
  return {
    restore: documents.filter((d) => Array.isArray(d.RestoreGroups)),
    list: documents.filter((d) => 'source_asset_types' in d),
    files,
  };
}

/** The first set value of `field` among `objects`. */
function exampleOf(objects: readonly unknown[], field: string): unknown {
  for (const object of objects) {
    if (isRecord(object) && !isUnset(object[field])) return object[field];
  }
  return undefined;
}

function rows(
  props: FieldProps,
  objects: readonly unknown[],
  aliases: Readonly<Record<string, string>> = {},
  own: Readonly<Record<string, string>> = {},
): Row[] {
  return Object.entries(props).map(([field, codec]) => ({
    field,
    codec,
    ...(own[field] !== undefined ? { note: own[field] } : {}),
    aliases: Object.entries(aliases)
      .filter(([, name]) => name === field)
      .map(([alias]) => alias),
    example: exampleOf(objects, field),
  }));
}

function json(value: unknown): string {
  return `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
}

function restoreSection(ex: Examples): string[] {
  const groups = ex.restore.flatMap((d) => d.RestoreGroups as unknown[]);
  const out = [
    '## bulkRestore input',
    '',
    'What `restore --input`, `validate` and a bulkRestore execution take: the top-level fields, then `DefaultInput` and `RestoreGroups`.',
    '',
    table(rows(restoreTopLevelProps, ex.restore)),
    '',
    ...Object.entries(sectionNotes).map(([name, text]) => `- \`${name}\`: ${text}.`),
    '',
    'A group that matches no resource at all is reported `no_match` and the run does not succeed (exit 1); a',
    'matching resource without a backup in the window is reported `no_backup` and does not change the exit code.',
    'Every problem is reported with its path, e.g. `RestoreGroups[3].target_az: required for EBS`; `groupIndex`',
    'in `report.json` is that 0-based position, while the CLI numbers rows from 1.',
  ];
  for (const type of resourceTypes) {
    const restorer = restorerInput(type);
    const ofType = groups.filter((g) => isRecord(g) && g.ResourceType === type);
    const defaults = ex.restore.map((d) => (isRecord(d.DefaultInput) ? d.DefaultInput[type] : undefined));
    const typeRows = rows(groupProps(restorer), [...ofType, ...defaults], restorer.aliases).map((row) =>
      presenceOf(row.codec).kind === 'required' ? { ...row, presence: `required for ${type}` } : row,
    );
    const deprecated = Object.entries(restorer.deprecated);
    out.push('', `### ${type}`, '', `\`"ResourceType": "${type}"\`, then:`, '', table(typeRows));
    if (deprecated.length > 0) {
      out.push(
        '',
        'Accepted, no longer used:',
        '',
        ...deprecated.map(([field, why]) => `- \`${field}\`: ${why}`),
      );
    }
    const file = `restore-${fileNameOf(type)}.json`;
    const sample = ex.files.get(file);
    const first =
      isRecord(sample) && Array.isArray(sample.RestoreGroups) ? sample.RestoreGroups[0] : undefined;
    if (first !== undefined) out.push('', `A group (\`examples/${file}\`):`, '', json(first));
  }
  return out;
}

/** `examples/restore-<name>.json` of a type. */
function fileNameOf(type: ResourceType): string {
  return type === 'ProtectionGroup' ? 'protection-group' : type.toLowerCase();
}

function listSection(ex: Examples): string[] {
  const sections = (name: string): unknown[] => ex.list.map((d) => d[name]);
  const out = [
    '## bulkList input',
    '',
    'What `list --input`, `validate` and a bulkList execution take. It lists the assets of one account and writes',
    'a bulkRestore input with one group per asset that has a backup in the window.',
    '',
    table(
      rows(
        listTopLevelProps,
        ex.list,
        {},
        {
          source_account: 'the account whose assets are listed',
          search_direction: 'the window of every written group (see the bulkRestore field of the same name)',
        },
      ),
    ),
    '',
    '- `source_asset_types`: required, `{"<ResourceType>": {…}}`, one member per type to list (the fields below; `{}` lists every asset).',
    '- `asset_meta_status`: which assets are listed, by their Clumio status.',
    '- `target_specs`: where the written groups restore to: `target_account` (default: `source_account`) and, per type, defaults for the target fields of its groups.',
    '',
    '### asset_meta_status',
    '',
    table(rows(listStatusProps, sections('asset_meta_status'))),
  ];
  for (const type of resourceTypes) {
    const listing = listingOf(type);
    const selections = sections('source_asset_types').map((s) => (isRecord(s) ? s[type] : undefined));
    const specs = sections('target_specs').map((s) => (isRecord(s) ? s[type] : undefined));
    out.push('', `### ${type}`, '');
    const selection = rows(listing.selection, selections);
    out.push(
      selection.length === 0
        ? `\`source_asset_types.${type}\`: \`{}\` (no fields: every asset).`
        : `\`source_asset_types.${type}\`:\n\n${table(selection)}`,
    );
    out.push(
      '',
      `\`target_specs.${type}\`:`,
      '',
      table(rows(listing.spec, specs, restorerInput(type).aliases)),
    );
  }
  const sample = ex.files.get('list-input.json');
  if (sample !== undefined) out.push('', 'A bulkList input (`examples/list-input.json`):', '', json(sample));
  return out;
}

/** The whole page, formatted as prettier formats the repository's Markdown. */
export async function inputReference(): Promise<string> {
  const ex = await examples();
  const text = [
    '# Input reference',
    '',
    '<!-- Generated by `npm run docs` from the input codecs (schemas/, restorers/); do not edit: a test fails when it is stale. -->',
    '',
    'Both inputs are JSON. `""`, `null` and `[]` mean "not set" for every optional field, numbers may be digit',
    'strings (`"3"`) and booleans `"true"`/`"false"`; unknown fields are reported as warnings and ignored.',
    '`npx clumio-bulk-restore validate FILE` checks a document of either kind without contacting Clumio.',
    '',
    ...restoreSection(ex),
    '',
    ...listSection(ex),
    '',
  ].join('\n');
  const path = join(projectRoot, 'docs', 'input-reference.md');
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

export const inputReferencePath = join(projectRoot, 'docs', 'input-reference.md');
