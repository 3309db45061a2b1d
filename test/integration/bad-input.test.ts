import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { runRestore } from '../../local/commands/restore.js';
import { runStateMachine } from '../../local/runner.js';
import { startSimulator, type RunningSimulator } from '../../local/simulator/index.js';
import { causeText } from '../../workflows/errors.js';
import type { Report } from '../../workflows/report.js';
import { captureIO, filesBelow, tempDir } from './helpers.js';
import { SecretScan } from './secrets.js';

/**
 * The bad input suite of issue 7: hundreds of malformed documents, generated from the valid examples by
 * a table of mutations (wrong types for every field kind, missing required fields, bad enums, oversized
 * strings, unknown types, conflicting fields) plus texts that are not JSON. Each must end with exit 2, a
 * message naming the field path, and not a single request to Clumio.
 *
 * The CLI decodes the input with the Validate step's own decoder before it starts the state machine
 * (DESIGN §6: exit 2 means no Clumio call made), so most cases run `restore` to that point; a sample
 * also goes through the whole state machine, where Validate fails the execution with InvalidInput.
 */

const TOKEN = 'bad-input-token-4b7d20c9e1f35a68';
const examples = join(import.meta.dirname, '..', '..', 'examples');
const BIG = 'x'.repeat(100 * 1024);
const tooLong = `expected at most 2048 characters, got ${BIG.length}`;

type Doc = Record<string, unknown>;
type Group = Record<string, unknown>;

function example(name: string): Doc {
  return JSON.parse(readFileSync(join(examples, name), 'utf8')) as Doc;
}

const bases: Readonly<Record<string, Doc>> = {
  'restore-ebs.json': example('restore-ebs.json'),
  'restore-ec2.json': example('restore-ec2.json'),
  'restore-rds.json': example('restore-rds.json'),
  'restore-dynamodb.json': example('restore-dynamodb.json'),
  'restore-protection-group.json': example('restore-protection-group.json'),
  'restore-input.json': example('restore-input.json'),
};

interface BadCase {
  readonly name: string;
  /** The document; or, with `text`, the file's raw text. */
  readonly doc?: unknown;
  readonly text?: string;
  /** The path the problem must be reported at (`RestoreGroups[0].target_az`; '' = the document). */
  readonly path: string;
  /** A piece of the message at that path. */
  readonly message: string;
}

/** A wrong value for a field, where it is reported below the field (`[0].key`) and what it says. */
type Wrong = readonly [value: unknown, below: string, message: string];

const wrongByKind: Readonly<Record<string, readonly Wrong[]>> = {
  text: [
    [42, '', 'expected a non-empty string, got 42'],
    [true, '', 'expected a non-empty string, got true'],
    [{ a: 'b' }, '', 'expected a non-empty string, got an object'],
    [BIG, '', tooLong],
  ],
  textList: [
    [42, '', 'got 42'],
    [['sg-0d1a2b3c4d5e6f7a1', 7], '[1]', 'expected a non-empty string, got 7'],
    [{ id: 'sg-1' }, '', 'got an object'],
    [['sg-0d1a2b3c4d5e6f7a1', BIG], '[1]', tooLong],
  ],
  account: [
    ['11111111111', '', 'expected a 12-digit AWS account id, got "11111111111"'],
    ['abcdefghijkl', '', 'expected a 12-digit AWS account id, got "abcdefghijkl"'],
    [1.5, '', 'expected a 12-digit AWS account id, got 1.5'],
    [true, '', 'expected a 12-digit AWS account id, got true'],
  ],
  region: [
    ['us-east', '', 'expected an AWS region such as "us-east-1", got "us-east"'],
    ['US-EAST-1', '', 'expected an AWS region such as "us-east-1", got "US-EAST-1"'],
    [5, '', 'expected an AWS region such as "us-east-1", got 5'],
  ],
  zone: [
    ['us-east-1', '', 'expected an availability zone such as "us-east-1a", got "us-east-1"'],
    ['east-1a', '', 'expected an availability zone such as "us-east-1a", got "east-1a"'],
    [3, '', 'expected an availability zone such as "us-east-1a", got 3'],
  ],
  offset: [
    [-1, '', 'expected a whole number ≥ 0, got -1'],
    [1.5, '', 'expected a whole number ≥ 0, got 1.5'],
    ['two', '', 'expected a whole number ≥ 0, got "two"'],
    [true, '', 'expected a whole number ≥ 0, got true'],
  ],
  direction: [
    ['sideways', '', 'expected "before" or "after", got "sideways"'],
    ['Before', '', 'expected "before" or "after", got "Before"'],
    [1, '', 'expected "before" or "after", got 1'],
  ],
  flag: [
    ['yes', '', 'expected true or false, got "yes"'],
    [1, '', 'expected true or false, got 1'],
    [{}, '', 'expected true or false, got an object'],
  ],
  tagList: [
    ['Name=web', '', 'expected a list of {"key", "value"} tags, got "Name=web"'],
    [[{ key: 1, value: 'x' }], '[0].key', 'expected a non-empty string, got 1'],
    [[{ value: 'x' }], '[0].key', 'required, a non-empty string'],
    [[{ key: 'k' }], '[0].value', 'required, a string (may be empty)'],
    [[{ key: 'k', value: BIG }], '[0].value', tooLong],
  ],
  tagMap: [
    ['RestoredBy=me', '', 'expected an object of tags {"key": "value"}, got "RestoredBy=me"'],
    [{ k: 5 }, '.k', 'expected a string, got 5'],
    [{ '': 'x' }, '[""]', 'expected a non-empty tag key'],
    [{ k: BIG }, '.k', tooLong],
  ],
  // The SDK's names (ProtectionGroupRestoreTarget.storage_class), not the S3 API's.
  storageClass: [
    [
      'STANDARD_IA',
      '',
      'expected one of "S3 Standard", "S3 Standard-IA", "S3 Intelligent-Tiering", "S3 One Zone-IA", got "STANDARD_IA"',
    ],
    ['s3 standard', '', 'got "s3 standard"'],
    [4, '', 'got 4'],
  ],
  volumeType: [
    ['gp9', '', 'got "gp9"'],
    ['GP3', '', 'got "GP3"'],
    [3, '', 'got 3'],
  ],
  iops: [
    [-5, '', 'expected a whole number ≥ 1, got -5'],
    [2.5, '', 'expected a whole number ≥ 1, got 2.5'],
    ['fast', '', 'expected a whole number ≥ 1, got "fast"'],
  ],
  rdsName: [
    ['1orders', '', 'expected an RDS identifier'],
    ['orders--dr', '', 'expected an RDS identifier'],
    ['x'.repeat(64), '', 'expected an RDS identifier'],
    [BIG, '', `got "${'x'.repeat(80)}"… (${BIG.length} characters)`],
  ],
  tableName: [
    ['ab', '', 'expected a DynamoDB table name'],
    ['bad name!', '', 'expected a DynamoDB table name'],
    [BIG, '', `(${BIG.length} characters)`],
  ],
  changeSet: [
    ['dr set', '', 'got "dr set"'],
    [BIG, '', `(${BIG.length} characters)`],
  ],
  bucket: [
    ['DR-Bucket', '', 'expected an S3 bucket name'],
    ['ab', '', 'expected an S3 bucket name'],
    [BIG, '', `(${BIG.length} characters)`],
  ],
  bucketList: [
    [['finance-data', 'Bad_Bucket'], '[1]', 'expected an S3 bucket name'],
    [7, '', 'got 7'],
  ],
  objectFilters: [
    ['*.log', '', 'expected an object of S3 object filters, got "*.log"'],
    [{ suffix: '.log' }, '.suffix', 'unknown key, expected one of latest_version_only'],
    [{ min_object_size_bytes: -1 }, '.min_object_size_bytes', 'got -1'],
    [{ storage_classes: ['S3 Cold'] }, '.storage_classes[0]', 'got "S3 Cold"'],
    [{ object_key_prefix: BIG }, '.object_key_prefix', tooLong],
  ],
};

/** Every group field of the examples, by the kind of value it takes. */
const kindOf: Readonly<Record<string, string>> = {
  source_account: 'account',
  target_account: 'account',
  source_region: 'region',
  target_region: 'region',
  search_direction: 'direction',
  start_search_day_offset: 'offset',
  end_search_day_offset: 'offset',
  search_tag_key: 'text',
  search_tag_value: 'text',
  append_tags: 'tagMap',
  search_volume_id: 'text',
  target_az: 'zone',
  target_volume_type: 'volumeType',
  target_iops: 'iops',
  target_kms_key_native_id: 'text',
  target_volume_tags: 'tagList',
  search_instance_id: 'text',
  target_ami_native_id: 'text',
  target_vpc_native_id: 'text',
  target_subnet_native_id: 'text',
  target_security_group_native_ids: 'textList',
  target_iam_instance_profile_name: 'text',
  target_key_pair_name: 'text',
  target_eni_cfg_from_backup: 'flag',
  target_instance_tags: 'tagList',
  target_volume_append_tags: 'tagList',
  should_power_on: 'flag',
  search_resource_id: 'text',
  target_rds_name: 'rdsName',
  target_subnet_group_name: 'text',
  target_resource_tags: 'tagList',
  target_instance_class: 'text',
  target_option_group_name: 'text',
  target_parameter_group_name: 'text',
  target_is_publicly_accessible: 'flag',
  search_table_id: 'text',
  change_set_name: 'changeSet',
  target_table_name: 'tableName',
  source_ddn_tags: 'tagList',
  search_pg_name: 'text',
  search_bucket_names: 'bucketList',
  search_object_filters: 'objectFilters',
  target_bucket: 'bucket',
  target_prefix: 'text',
  target_overwrite: 'flag',
  target_storage_class: 'storageClass',
};

function withGroup(doc: Doc, index: number, change: (group: Group) => Group): Doc {
  const groups = (doc.RestoreGroups as Group[]).map((g, i) => (i === index ? change({ ...g }) : g));
  return { ...doc, RestoreGroups: groups };
}

function without(group: Group, ...fields: string[]): Group {
  for (const field of fields) delete group[field];
  return group;
}

function generate(): BadCase[] {
  const cases: BadCase[] = [];
  const add = (c: BadCase): void => {
    cases.push(c);
  };

  // 1. A wrong value of every kind in every field the examples use, once per resource type and field.
  const seen = new Set<string>();
  for (const [file, doc] of Object.entries(bases)) {
    (doc.RestoreGroups as Group[]).forEach((group, index) => {
      for (const field of Object.keys(group)) {
        if (field === 'ResourceType') continue;
        const kind = kindOf[field];
        if (kind === undefined) throw new Error(`${file}: no kind for ${field}`);
        const key = `${String(group.ResourceType)}.${field}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const [value, below, message] of wrongByKind[kind] ?? []) {
          add({
            name: `${file} RestoreGroups[${index}].${field} = ${show(value)}`,
            doc: withGroup(doc, index, (g) => ({ ...g, [field]: value })),
            path: `RestoreGroups[${index}].${field}${below}`,
            message,
          });
        }
      }
    });
  }

  // 2. Required fields missing, empty or null, per type.
  const ebs = bases['restore-ebs.json'] as Doc;
  const ec2 = bases['restore-ec2.json'] as Doc;
  const rds = bases['restore-rds.json'] as Doc;
  const ddb = bases['restore-dynamodb.json'] as Doc;
  const pg = bases['restore-protection-group.json'] as Doc;
  const required: readonly [Doc, string, string, string][] = [
    [ebs, 'EBS', 'source_account', 'required for EBS'],
    [ebs, 'EBS', 'source_region', 'required for EBS'],
    [ebs, 'EBS', 'target_az', 'required for EBS'],
    [ec2, 'EC2', 'source_account', 'required for EC2'],
    [ec2, 'EC2', 'source_region', 'required for EC2'],
    [rds, 'RDS', 'source_account', 'required for RDS'],
    [rds, 'RDS', 'source_region', 'required for RDS'],
    [rds, 'RDS', 'target_rds_name', 'required for RDS'],
    [ddb, 'DynamoDB', 'source_account', 'required for DynamoDB'],
    [ddb, 'DynamoDB', 'source_region', 'required for DynamoDB'],
    [pg, 'ProtectionGroup', 'search_pg_name', 'required for ProtectionGroup'],
    [pg, 'ProtectionGroup', 'target_bucket', 'required for ProtectionGroup'],
  ];
  for (const [doc, type, field, message] of required) {
    for (const [how, change] of [
      ['missing', (g: Group) => without(g, field)],
      ['""', (g: Group) => ({ ...g, [field]: '' })],
      ['null', (g: Group) => ({ ...g, [field]: null })],
    ] as const) {
      add({
        name: `${type} ${field} ${how}`,
        doc: withGroup(doc, 0, change),
        path: `RestoreGroups[0].${field}`,
        message,
      });
    }
  }
  add({
    name: 'DynamoDB without target_table_name or change_set_name',
    doc: withGroup(ddb, 0, (g) => without(g, 'change_set_name', 'target_table_name')),
    path: 'RestoreGroups[0].target_table_name',
    message: 'required for DynamoDB unless change_set_name is given',
  });
  add({
    name: 'ProtectionGroup without source_account or target_account',
    doc: withGroup(pg, 0, (g) => without(g, 'target_account')),
    path: 'RestoreGroups[0].target_account',
    message: 'required for ProtectionGroup when source_account is not given',
  });

  // 3. ResourceType: missing, unknown, wrong case, wrong type.
  const allowed = 'one of EBS, EC2, RDS, DynamoDB, ProtectionGroup';
  for (const [value, message] of [
    [undefined, `required, ${allowed}`],
    ['', `required, ${allowed}`],
    ['Tape', `unknown ResourceType, expected ${allowed}, got "Tape"`],
    ['ebs', `unknown ResourceType, expected ${allowed}, got "ebs"`],
    ['S3', `unknown ResourceType, expected ${allowed}, got "S3"`],
    [5, `unknown ResourceType, expected ${allowed}, got 5`],
    [{ type: 'EBS' }, `unknown ResourceType, expected ${allowed}, got an object`],
  ] as const) {
    add({
      name: `ResourceType ${show(value)}`,
      doc: withGroup(ebs, 1, (g) =>
        value === undefined ? without(g, 'ResourceType') : { ...g, ResourceType: value },
      ),
      path: 'RestoreGroups[1].ResourceType',
      message,
    });
  }

  // 4. Conflicting fields: aliases with another value, half a tag, rules across fields.
  const conflicts: readonly [string, Doc, (g: Group) => Group, string, string][] = [
    [
      'target_aws_az and target_az differ',
      ebs,
      (g) => ({ ...g, target_aws_az: 'us-east-1b' }),
      'target_aws_az',
      'another name for target_az, which is also given with a different value',
    ],
    [
      'target_security_group_native_id and _ids differ',
      ec2,
      (g) => ({ ...g, target_security_group_native_id: 'sg-0ffffffffffffffff' }),
      'target_security_group_native_id',
      'another name for target_security_group_native_ids, which is also given with a different value',
    ],
    [
      'search_tag_key without search_tag_value',
      ebs,
      (g) => without(g, 'search_tag_value'),
      'search_tag_value',
      'required when search_tag_key is given',
    ],
    [
      'search_tag_value without search_tag_key',
      ebs,
      (g) => without(g, 'search_tag_key'),
      'search_tag_key',
      'required when search_tag_value is given',
    ],
    [
      'target_iops with a gp2 volume',
      ebs,
      (g) => ({ ...g, target_volume_type: 'gp2' }),
      'target_iops',
      'only for gp3, io1, io2 volumes (target_volume_type is gp2)',
    ],
    [
      'target_az outside target_region',
      ebs,
      (g) => ({ ...g, target_az: 'us-west-2a' }),
      'target_az',
      'us-west-2a is not in target_region us-east-1',
    ],
    [
      'EC2 to another account without its network',
      ec2,
      (g) => without(g, 'target_vpc_native_id'),
      'target_vpc_native_id',
      'required when restoring to another account or region',
    ],
    [
      'min object size above max',
      pg,
      (g) => ({ ...g, search_object_filters: { min_object_size_bytes: 10, max_object_size_bytes: 5 } }),
      'search_object_filters.min_object_size_bytes',
      'must not exceed max_object_size_bytes (10 > 5)',
    ],
  ];
  for (const [name, doc, change, field, message] of conflicts) {
    add({ name, doc: withGroup(doc, 0, change), path: `RestoreGroups[0].${field}`, message });
  }

  // 5. The document around the groups: top-level fields, RestoreGroups, DefaultInput.
  const top: readonly [string, Doc, string, string][] = [
    ['max_restores 0', { ...ebs, max_restores: 0 }, 'max_restores', 'expected a whole number ≥ 1, got 0'],
    ['max_restores -3', { ...ebs, max_restores: -3 }, 'max_restores', 'expected a whole number ≥ 1, got -3'],
    ['max_restores "many"', { ...ebs, max_restores: 'many' }, 'max_restores', 'got "many"'],
    ['max_restores 2.5', { ...ebs, max_restores: 2.5 }, 'max_restores', 'got 2.5'],
    ['dry_run "yes"', { ...ebs, dry_run: 'yes' }, 'dry_run', 'expected true or false, got "yes"'],
    ['dry_run 1', { ...ebs, dry_run: 1 }, 'dry_run', 'expected true or false, got 1'],
    ['base_url 42', { ...ebs, base_url: 42 }, 'base_url', 'expected a non-empty string, got 42'],
    ['base_url ftp', { ...ebs, base_url: 'ftp://api.clumio.com' }, 'base_url', 'unsupported scheme ftp:'],
    [
      'base_url http',
      { ...ebs, base_url: 'http://api.clumio.com' },
      'base_url',
      'http:// is allowed only for loopback hosts',
    ],
    [
      'base_url with a path',
      { ...ebs, base_url: 'us-west-2.api.clumio.com/v1' },
      'base_url',
      'must be a host without a path',
    ],
    ['base_url oversized', { ...ebs, base_url: BIG }, 'base_url', tooLong],
    ['clumio_token 42', { ...ebs, clumio_token: 42 }, 'clumio_token', 'expected a string'],
    ['RestoreGroups missing', { dry_run: false }, 'RestoreGroups', 'required, a list of restore groups'],
    [
      'RestoreGroups {}',
      { RestoreGroups: {} },
      'RestoreGroups',
      'expected a list of restore groups, got an object',
    ],
    [
      'RestoreGroups "EBS"',
      { RestoreGroups: 'EBS' },
      'RestoreGroups',
      'expected a list of restore groups, got "EBS"',
    ],
    [
      'RestoreGroups []',
      { RestoreGroups: [] },
      'RestoreGroups',
      'expected at least one restore group, got an empty list',
    ],
    [
      'RestoreGroups [5]',
      { RestoreGroups: [5] },
      'RestoreGroups[0]',
      'expected an object (a restore group), got 5',
    ],
    [
      'RestoreGroups [null]',
      { RestoreGroups: [null] },
      'RestoreGroups[0]',
      'expected an object (a restore group), got null',
    ],
    [
      'RestoreGroups [[]]',
      { RestoreGroups: [[]] },
      'RestoreGroups[0]',
      'expected an object (a restore group), got an empty list',
    ],
    [
      'DefaultInput "EBS"',
      { ...ebs, DefaultInput: 'EBS' },
      'DefaultInput',
      'expected an object {"<ResourceType>": {field: value}}',
    ],
    [
      'DefaultInput.Tape',
      { ...ebs, DefaultInput: { Tape: { target_az: 'us-east-1a' } } },
      'DefaultInput.Tape',
      'unknown ResourceType',
    ],
    [
      'DefaultInput.EBS 5',
      { ...ebs, DefaultInput: { EBS: 5 } },
      'DefaultInput.EBS',
      'expected an object of default field values, got 5',
    ],
    [
      'DefaultInput.EBS.target_az bad',
      { ...ebs, DefaultInput: { EBS: { target_az: 'nowhere' } } },
      'DefaultInput.EBS.target_az',
      'expected an availability zone such as "us-east-1a", got "nowhere"',
    ],
    [
      'DefaultInput.EBS.target_volume_type bad',
      { ...ebs, DefaultInput: { EBS: { target_volume_type: 'gp9' } } },
      'DefaultInput.EBS.target_volume_type',
      'got "gp9"',
    ],
    [
      'DefaultInput.ProtectionGroup.target_bucket oversized',
      { ...pg, DefaultInput: { ProtectionGroup: { target_bucket: BIG } } },
      'DefaultInput.ProtectionGroup.target_bucket',
      `(${BIG.length} characters)`,
    ],
  ];
  for (const [name, doc, path, message] of top) add({ name, doc, path, message });

  // 6. JSON that is not a document, and text that is not JSON.
  const notObject = 'expected a JSON object with RestoreGroups, got';
  for (const [name, value, got] of [
    ['a list', [], 'an empty list'],
    ['a list of groups', [{ ResourceType: 'EBS' }], 'a list'],
    ['a string', 'RestoreGroups', '"RestoreGroups"'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['true', true, 'true'],
  ] as const) {
    add({ name: `the document is ${name}`, doc: value, path: '', message: `${notObject} ${got}` });
  }
  return cases;
}

/** A value, short, for a test title. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Text that is not JSON: where the parser stops (line:column) and what it says there. */
const notJson: readonly { name: string; text: string; at: string; message: string }[] = [
  { name: 'an empty file', text: '', at: '1:1', message: 'the file is empty' },
  { name: 'blank lines', text: '\n  \n', at: '1:1', message: 'the file is empty' },
  { name: 'a lone brace', text: '{', at: '1:2', message: 'unexpected end of file' },
  {
    name: 'single quotes',
    text: "{'RestoreGroups': []}",
    at: '1:2',
    message: 'expected a double-quoted property name',
  },
  {
    name: 'a trailing comma',
    text: '{"RestoreGroups": [],\n}',
    at: '2:1',
    message: 'expected a double-quoted property name',
  },
  { name: 'a comment', text: '// restore\n{"RestoreGroups": []}', at: '1:1', message: 'expected a value' },
  { name: 'NaN', text: '{"max_restores": NaN}', at: '1:18', message: 'expected a value' },
  { name: 'an unquoted word', text: '{"dry_run": yes}', at: '1:13', message: 'unexpected word' },
  {
    name: 'YAML',
    text: 'RestoreGroups:\n  - ResourceType: EBS\n',
    at: '1:1',
    message: 'unexpected "R", expected a value',
  },
  {
    name: 'two documents',
    text: '{"RestoreGroups": []}\n{"RestoreGroups": []}',
    at: '2:1',
    message: 'unexpected text after the end',
  },
  {
    name: 'a cut-off file',
    text: '{"RestoreGroups": [{"ResourceType": "EBS", "source_acc',
    at: '1:44',
    message: 'unterminated string',
  },
  {
    name: 'a raw tab in a string',
    text: '{"RestoreGroups": "\t"}',
    at: '1:20',
    message: 'line break or control character',
  },
  { name: 'a bad escape', text: '{"RestoreGroups": "\\q"}', at: '1:20', message: 'invalid escape' },
  {
    name: 'a missing colon',
    text: '{"RestoreGroups" []}',
    at: '1:18',
    message: 'expected ":" after a property name',
  },
  {
    name: 'a missing comma',
    text: '{"dry_run": true "RestoreGroups": []}',
    at: '1:18',
    message: 'expected "," or "}"',
  },
  { name: 'a hex number', text: '{"max_restores": 0x10}', at: '1:19', message: 'expected "," or "}"' },
];

describe('reliability: bad input (generated malformed documents; exit 2, the field path, no Clumio request)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let dir: string;
  const scan = new SecretScan(TOKEN);
  const cases = generate();
  let seq = 0;
  /** A sample that also goes through the whole state machine. */
  const sample = [
    ...cases.filter((c) => c.path === '').slice(0, 3),
    ...[
      'RestoreGroups[0].target_az',
      'RestoreGroups[1].ResourceType',
      'RestoreGroups[0].target_rds_name',
      'RestoreGroups[0].target_aws_az',
      'RestoreGroups[0].search_object_filters.min_object_size_bytes',
      'base_url',
    ].map((path) => {
      const found = cases.find((c) => c.path === path);
      if (found === undefined) throw new Error(`no case at ${path}`);
      return found;
    }),
  ];

  before(async () => {
    sim = await startSimulator({ token: TOKEN, taskSeconds: 0, rateLimitPerSecond: false });
    dir = await tempDir('bad-input');
    // The inputs are the test's own (one holds the token on purpose); what the runs leave is under runs/.
    scan.folder(join(dir, 'runs'));
  });
  after(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(
    text: string,
    ownBaseUrl = false,
  ): Promise<{ code: number; out: string; err: string; file: string; folder: string }> {
    const n = ++seq;
    const file = join(dir, `input-${n}.json`);
    const folder = join(dir, 'runs', String(n));
    await writeFile(file, text);
    const io = captureIO({ CLUMIO_TOKEN: TOKEN, CLUMIO_RETRY_BASE_MS: '5' });
    // --base-url points at the simulator, so that a document the CLI wrongly accepted would show up as
    // requests; a document that sets its own base_url keeps it (--base-url would replace it).
    const code = await runRestore(
      { inputFile: file, out: folder, retryMs: 0, ...(ownBaseUrl ? {} : { baseUrl: sim.url }) },
      io,
    );
    scan.text(`stdout of ${file}`, io.out());
    scan.text(`stderr of ${file}`, io.err());
    return { code, out: io.out(), err: io.err(), file, folder };
  }

  it(`generates at least 200 malformed documents (${cases.length}), every one distinct`, () => {
    expect(cases.length + notJson.length).to.be.at.least(200);
    const texts = cases.map((c) => JSON.stringify(c.doc) ?? 'undefined');
    expect(new Set(texts).size).to.equal(texts.length);
  });

  for (const c of cases) {
    it(`${c.name}: exit 2 at ${c.path || 'the document'}`, async () => {
      const doc = c.doc;
      const ownBaseUrl = doc !== null && typeof doc === 'object' && 'base_url' in doc;
      const result = await run(JSON.stringify(doc), ownBaseUrl);
      expect(result.code, result.err).to.equal(2);
      const line = c.path === '' ? `error: ${c.message}` : `error: ${c.path}: `;
      const lines = result.err.split('\n');
      const at = lines.filter((l) => l.startsWith(line));
      expect(at, result.err.slice(0, 2000)).to.have.length.at.least(1);
      expect(
        at.some((l) => l.includes(c.message)),
        result.err.slice(0, 2000),
      ).to.equal(true);
      expect(result.err).to.match(/: \d+ problems?; nothing was run\n$/);
      expect(sim.count()).to.equal(0);
      expect((await filesBelow(result.folder)).size).to.equal(0);
      expect(result.out).to.equal('');
    });
  }

  for (const c of notJson) {
    it(`not JSON (${c.name}): exit 2 at ${c.at}`, async () => {
      const result = await run(c.text);
      expect(result.code).to.equal(2);
      expect(result.err).to.match(new RegExp(`^${escape(result.file)}:${c.at}: invalid JSON: `));
      expect(result.err).to.contain(c.message);
      expect(sim.count()).to.equal(0);
      expect((await filesBelow(result.folder)).size).to.equal(0);
    });
  }

  it('a value that is the token is never echoed: the input token (clumio_token) and CLUMIO_TOKEN alike', async () => {
    const fromFile = await run(
      JSON.stringify(
        withGroup({ ...(bases['restore-ebs.json'] as Doc), clumio_token: TOKEN }, 0, (g) => ({
          ...g,
          target_az: TOKEN,
        })),
      ),
    );
    expect(fromFile.code).to.equal(2);
    expect(fromFile.err).to.contain('error: RestoreGroups[0].target_az: expected an availability zone');
    expect(fromFile.err).not.to.contain(TOKEN);
    const fromEnv = await run(
      JSON.stringify(withGroup(bases['restore-ebs.json'] as Doc, 0, (g) => ({ ...g, source_region: TOKEN }))),
    );
    expect(fromEnv.code).to.equal(2);
    expect(fromEnv.err).to.contain('error: RestoreGroups[0].source_region: expected an AWS region');
    expect(fromEnv.err).not.to.contain(TOKEN);
    expect(sim.count()).to.equal(0);
  });

  it('a bad client setting in the environment is a usage error too: exit 2, naming it, no request', async () => {
    const file = join(dir, 'good-input.json');
    await writeFile(file, JSON.stringify(bases['restore-ebs.json']));
    for (const [name, value, min] of [
      ['CLUMIO_RETRY_LIMIT', 'lots', 0],
      ['CLUMIO_RETRY_BASE_MS', '0', 1],
    ] as const) {
      const io = captureIO({ CLUMIO_TOKEN: TOKEN, [name]: value });
      const folder = join(dir, 'runs', `env-${name}`);
      expect(await runRestore({ inputFile: file, baseUrl: sim.url, out: folder }, io)).to.equal(2);
      expect(io.err()).to.equal(
        `clumio-bulk-restore restore: ${name} must be a whole number ≥ ${min}, got "${value}"\n`,
      );
      expect((await filesBelow(folder)).size).to.equal(0);
      scan.text(`stderr of ${name}`, io.err());
    }
    expect(sim.count()).to.equal(0);
  });

  describe('through the whole state machine (Validate fails the execution with InvalidInput)', () => {
    for (const c of sample) {
      it(`${c.name}: InvalidInput naming ${c.path || 'the document'}; no request; only the report`, async () => {
        const folder = join(dir, 'runs', `machine-${++seq}`);
        const outcome = await runStateMachine('bulkRestore', c.doc, {
          runId: `bad-input-${seq}`,
          runFolder: folder,
          env: { CLUMIO_BASE_URL: sim.url, CLUMIO_TOKEN: TOKEN, POWERTOOLS_LOG_LEVEL: 'SILENT' },
          waitMs: 1,
          retryMs: 0,
        });
        expect(outcome.status).to.equal('FAILED');
        if (outcome.status !== 'FAILED') return;
        expect(outcome.error).to.equal('InvalidInput');
        // The execution's cause is what AWS gives: the Lambda runtime's envelope of the thrown error.
        const envelope = JSON.parse(outcome.cause) as Record<string, unknown>;
        expect(Object.keys(envelope)).to.deep.equal(['errorType', 'errorMessage', 'trace']);
        expect(envelope.errorType).to.equal('InvalidInput');
        const message = causeText(outcome.cause);
        expect(message).to.equal(envelope.errorMessage);
        const expected = c.path === '' ? c.message : `${c.path}: `;
        expect(message).to.contain(expected);
        expect(message).to.contain(c.message);
        expect(sim.count()).to.equal(0);
        const files = [...(await filesBelow(folder)).keys()].map((f) => f.slice(folder.length + 1)).sort();
        expect(files).to.deep.equal(['report.csv', 'report.html', 'report.json']);
        const report = JSON.parse(
          (await filesBelow(folder)).get(join(folder, 'report.json')) ?? '{}',
        ) as Report;
        expect(report.failure?.error).to.equal('InvalidInput');
        expect(report.failure?.cause).to.equal(message);
        expect(report.restores).to.deep.equal([]);
      });
    }
  });

  // After the nested suite above (mocha runs a describe's own tests before its nested describes).
  describe('after every case', () => {
    it('secret scan: the token is in no stdout, stderr or file of this suite', async () => {
      const searched = await scan.assertClean();
      expect(searched.texts).to.be.at.least(2 * 200);
      // The CLI wrote no run file for any bad input; each state machine run wrote its report (json, csv, html).
      expect(searched.files).to.equal(3 * sample.length);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
