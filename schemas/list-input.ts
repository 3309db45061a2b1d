import {
  isResourceType,
  listingOf,
  resourceTypes,
  restorerInput,
  type ResourceType,
} from '../restorers/index.js';
import type { GroupReport } from '../restorers/types.js';
import type { SearchDirection } from '../core/window.js';
import {
  account,
  baseUrl,
  flag,
  isRecord,
  isUnset,
  listOf,
  oneOf,
  optional,
  region,
  required,
  type FieldProps,
} from '../core/fields.js';
import { commonProps } from '../core/group-fields.js';
import {
  describeChoices,
  describeValue,
  sortInDocumentOrder,
  toProblem,
  type Finding,
  type PathSegment,
  type Problem,
} from '../core/problems.js';
import {
  checkSearchTime,
  clumioToken,
  Findings,
  redact,
  resourceTypeMessage,
  UNKNOWN_FIELD,
  type DecodeResult,
} from './restore-input.js';

const protectionStatuses = ['protected', 'unprotected', 'unsupported'] as const;
const backupStatuses = ['success', 'partial_success', 'failure', 'no_backup'] as const;

/** asset_meta_status: which assets are listed, by the datasource statuses Clumio filters on. */
export interface AssetStatus {
  readonly protectionStatusIn?: readonly string[];
  readonly backupStatusIn?: readonly string[];
  /** Default both: a disaster may have deleted the assets to restore. */
  readonly deletedStatusIn: readonly boolean[];
}

/** One type to discover, with its decoded `source_asset_types.<Type>` (wire names). */
export interface AssetTypeRequest {
  readonly resourceType: ResourceType;
  readonly selection: Readonly<Record<string, unknown>>;
}

/** The search window every listed group carries (DESIGN §3.2), normalised. */
export interface ListWindow {
  readonly direction: SearchDirection;
  readonly startOffset: number;
  readonly endOffset: number;
  /** search_time (UTC), instead of the offsets. */
  readonly time?: string;
  /** search_time_end (UTC), with `after` and `time`. */
  readonly timeEnd?: string;
}

/** The bulkList input (DESIGN §3.4), decoded and normalised. */
export interface ListInput {
  readonly baseUrl?: string;
  /** Kept apart so later steps can drop it from every state, log and document (DESIGN §7). */
  readonly clumioToken?: string;
  readonly sourceAccount: string;
  /** Unset: every connected region of the account. */
  readonly sourceRegions?: readonly string[];
  /** In registry order; a type without a key in source_asset_types is not listed. */
  readonly assetTypes: readonly AssetTypeRequest[];
  readonly assetStatus: AssetStatus;
  /** Unset: the source account (a restore next to the original). */
  readonly targetAccount?: string;
  /** `target_specs.<Type>`, decoded (wire names); a type without one gets its targets from its backups. */
  readonly specs: Readonly<Partial<Record<ResourceType, Readonly<Record<string, unknown>>>>>;
  readonly window: ListWindow;
}

/** The top-level fields of a bulkList input besides its sections (the docs list them). */
export const listTopLevelProps = {
  base_url: optional(baseUrl),
  clumio_token: clumioToken,
  source_account: required(account),
  source_regions: optional(listOf(region, 'a list of AWS regions')),
  search_direction: commonProps.search_direction,
  start_search_day_offset: commonProps.start_search_day_offset,
  end_search_day_offset: commonProps.end_search_day_offset,
  search_time: commonProps.search_time,
  search_time_end: commonProps.search_time_end,
} as const;

/** `asset_meta_status`: which assets are listed. */
export const listStatusProps = {
  protection_status_in: optional(listOf(oneOf(protectionStatuses), 'a list of protection statuses')),
  backup_status_in: optional(listOf(oneOf(backupStatuses), 'a list of backup statuses')),
  deleted_status_in: optional(listOf(flag, 'a list of true/false')),
} as const;

const SECTIONS = ['source_asset_types', 'asset_meta_status', 'target_specs'];
const TYPES = describeChoices(resourceTypes, false);

/**
 * Decodes a bulkList input: every problem at once with its JSON path (`target_specs.EBS.target_iops`),
 * unknown fields as warnings, the token kept out of every message. Existing bulkList input files
 * decode with the same meaning (docs/compatibility.md).
 */
export function decodeListInput(input: unknown, now: Date = new Date()): DecodeResult<ListInput> {
  const findings = new Findings(now);
  const value = decodeDocument(input, findings);
  const token = isRecord(input) && typeof input.clumio_token === 'string' ? input.clumio_token : '';
  const finish = (list: Finding[]): Problem[] =>
    sortInDocumentOrder(list, input).map((f) => redact(toProblem(f), token));
  const warnings = finish(findings.warnings);
  if (value === undefined || findings.problems.length > 0) {
    return { ok: false, problems: finish(findings.problems), warnings };
  }
  return { ok: true, value, warnings };
}

interface DecodedObject {
  readonly values: Record<string, unknown>;
  readonly failed: ReadonlySet<string>;
}

/**
 * The members of an object section: each decoded with its codec (problems under `path`), unknown ones
 * reported as warnings. `aliases` maps other spellings to a member's name.
 */
function decodeObject(
  raw: Record<string, unknown>,
  props: FieldProps,
  path: readonly PathSegment[],
  findings: Findings,
  requiredMessage: string,
  aliases: Readonly<Record<string, string>> = {},
): DecodedObject {
  const fields = { ...raw };
  const spelledAs = new Map<string, string>();
  for (const [alias, name] of Object.entries(aliases)) {
    if (!Object.hasOwn(fields, alias) || !Object.hasOwn(props, name)) continue;
    if (isUnset(fields[name])) {
      fields[name] = fields[alias];
      spelledAs.set(name, alias);
    } else if (!isUnset(fields[alias])) {
      findings.problem([...path, alias], `another name for ${name}, which is also given`);
    }
    delete fields[alias];
  }
  for (const key of Object.keys(fields)) {
    if (!Object.hasOwn(props, key)) findings.warning([...path, key], UNKNOWN_FIELD);
  }
  const values: Record<string, unknown> = {};
  const failed = new Set<string>();
  for (const [key, codec] of Object.entries(props)) {
    const result = findings.field<unknown>(
      codec,
      fields[key],
      [...path, spelledAs.get(key) ?? key],
      requiredMessage,
    );
    if (!result.ok) failed.add(key);
    else if (result.value !== undefined) values[key] = result.value;
  }
  return { values, failed };
}

/** An object section, or its problem; an unset optional section is an empty object. */
function section(
  raw: unknown,
  path: readonly PathSegment[],
  what: string,
  findings: Findings,
): Record<string, unknown> | undefined {
  if (isUnset(raw)) return {};
  if (isRecord(raw)) return raw;
  findings.problem(path, `expected ${what}, got ${describeValue(raw)}`);
  return undefined;
}

function decodeDocument(input: unknown, findings: Findings): ListInput | undefined {
  if (!isRecord(input)) {
    findings.problem(
      [],
      `expected a JSON object with source_account and source_asset_types, got ${describeValue(input)}`,
    );
    return undefined;
  }
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(listTopLevelProps, key) && !SECTIONS.includes(key))
      findings.warning([key], UNKNOWN_FIELD);
  }
  const decodedTop = decodeObject(
    Object.fromEntries(Object.entries(input).filter(([key]) => Object.hasOwn(listTopLevelProps, key))),
    listTopLevelProps,
    [],
    findings,
    'required, the AWS account whose assets are listed',
  );
  const top = decodedTop.values;
  checkSearchTime(top, decodedTop.failed, specReport([], decodedTop.failed, findings), findings.now);
  const assetTypes = decodeAssetTypes(input.source_asset_types, findings);
  const assetStatus = decodeStatus(input.asset_meta_status, findings);
  const targets = decodeTargetSpecs(input.target_specs, assetTypes ?? [], findings);
  const window = decodeWindow(top, findings);
  if (assetTypes === undefined || typeof top.source_account !== 'string') return undefined;
  const { base_url, clumio_token, source_regions } = top;
  return {
    ...(typeof base_url === 'string' && { baseUrl: base_url }),
    ...(typeof clumio_token === 'string' && { clumioToken: clumio_token }),
    sourceAccount: top.source_account,
    ...(Array.isArray(source_regions) && { sourceRegions: [...new Set(source_regions as string[])] }),
    assetTypes,
    assetStatus,
    ...(targets.targetAccount !== undefined && { targetAccount: targets.targetAccount }),
    specs: targets.specs,
    window,
  };
}

function decodeAssetTypes(raw: unknown, findings: Findings): AssetTypeRequest[] | undefined {
  const path = ['source_asset_types'];
  if (isUnset(raw) || (isRecord(raw) && Object.keys(raw).length === 0)) {
    findings.problem(path, `required, an object with one member per type to list: ${TYPES}`);
    return undefined;
  }
  const types = section(raw, path, `an object with one member per type to list: ${TYPES}`, findings);
  if (types === undefined) return undefined;
  const requests: AssetTypeRequest[] = [];
  for (const type of Object.keys(types)) {
    if (!isResourceType(type)) findings.problem([...path, type], resourceTypeMessage(type));
  }
  // Registry order, whatever order the input names them in: the document lists types in that order.
  for (const type of resourceTypes) {
    if (!Object.hasOwn(types, type)) continue;
    const entry = section(
      types[type],
      [...path, type],
      'an object (an empty one lists every asset)',
      findings,
    );
    if (entry === undefined) continue;
    const { values } = decodeObject(
      entry,
      listingOf(type).selection,
      [...path, type],
      findings,
      `required for ${type}`,
    );
    requests.push({ resourceType: type, selection: values });
  }
  return requests;
}

function decodeStatus(raw: unknown, findings: Findings): AssetStatus {
  const path = ['asset_meta_status'];
  const entry = section(raw, path, 'an object of status filters', findings) ?? {};
  const { values } = decodeObject(entry, listStatusProps, path, findings, 'required');
  const list = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? [...new Set(value as string[])] : undefined;
  const protection = list(values.protection_status_in);
  const backup = list(values.backup_status_in);
  const deleted = Array.isArray(values.deleted_status_in)
    ? (values.deleted_status_in as boolean[])
    : [true, false];
  return {
    ...(protection !== undefined && { protectionStatusIn: protection }),
    ...(backup !== undefined && { backupStatusIn: backup }),
    deletedStatusIn: [...new Set(deleted)],
  };
}

function decodeTargetSpecs(
  raw: unknown,
  requested: readonly AssetTypeRequest[],
  findings: Findings,
): { targetAccount?: string; specs: Partial<Record<ResourceType, Record<string, unknown>>> } {
  const path = ['target_specs'];
  const specs: Partial<Record<ResourceType, Record<string, unknown>>> = {};
  const entries = section(
    raw,
    path,
    `an object with target_account and one member per type: ${TYPES}`,
    findings,
  );
  if (entries === undefined) return { specs };
  const target = findings.field<string | undefined>(optional(account), entries.target_account, [
    ...path,
    'target_account',
  ]);
  for (const key of Object.keys(entries)) {
    if (key !== 'target_account' && !isResourceType(key))
      findings.problem([...path, key], resourceTypeMessage(key));
  }
  for (const type of resourceTypes) {
    if (!Object.hasOwn(entries, type)) continue;
    const base = [...path, type];
    const entry = section(entries[type], base, 'an object of target fields', findings);
    if (entry === undefined) continue;
    const listing = listingOf(type);
    const { values, failed } = decodeObject(
      entry,
      listing.spec,
      base,
      findings,
      `required for ${type}`,
      restorerInput(type).aliases,
    );
    listing.checkSpec?.(values, specReport(base, failed, findings));
    if (!requested.some((r) => r.resourceType === type)) {
      findings.warning(base, `no effect: ${type} is not in source_asset_types`);
    }
    specs[type] = values;
  }
  return { ...(target.ok && target.value !== undefined && { targetAccount: target.value }), specs };
}

function specReport(
  base: readonly PathSegment[],
  failed: ReadonlySet<string>,
  findings: Findings,
): GroupReport {
  const at = (path: string | readonly PathSegment[]): PathSegment[] => [
    ...base,
    ...(typeof path === 'string' ? [path] : path),
  ];
  return {
    problem: (path, message) => findings.problem(at(path), message),
    warning: (path, message) => findings.warning(at(path), message),
    failed: (field) => failed.has(field),
  };
}

/** The window of every group (DESIGN §3.2): no direction is `before` with offset 0, as on the restore side. */
function decodeWindow(top: Readonly<Record<string, unknown>>, findings: Findings): ListWindow {
  const direction = top.search_direction as SearchDirection | undefined;
  if (typeof top.search_time === 'string') {
    return {
      direction: direction ?? 'before',
      startOffset: 0,
      endOffset: 0,
      time: top.search_time,
      ...(typeof top.search_time_end === 'string' && { timeEnd: top.search_time_end }),
    };
  }
  const start = typeof top.start_search_day_offset === 'number' ? top.start_search_day_offset : 0;
  const end = typeof top.end_search_day_offset === 'number' ? top.end_search_day_offset : 0;
  if (direction === undefined) {
    for (const [field, offset] of [
      ['start_search_day_offset', start],
      ['end_search_day_offset', end],
    ] as const) {
      if (offset !== 0) {
        findings.warning(
          [field],
          'ignored without search_direction: the newest backup up to the end of today is used',
        );
      }
    }
    return { direction: 'before', startOffset: 0, endOffset: 0 };
  }
  if (direction === 'before') {
    if (start !== 0) findings.warning(['start_search_day_offset'], 'not used with search_direction "before"');
    return { direction, startOffset: 0, endOffset: end };
  }
  return { direction, startOffset: start, endOffset: end };
}
