import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import { isResourceType, resourceTypes, restorerInput, type RestoreGroup } from '../restorers/index.js';
import type { AnyRestorerInput, GroupReport } from '../restorers/types.js';
import {
  baseUrl,
  codec,
  flag,
  isRecord,
  isUnset,
  optional,
  positiveInt,
  type FieldCodec,
  type FieldProps,
} from '../core/fields.js';
import { commonProps, optionalSourceProps, requiredSourceProps } from '../core/group-fields.js';
import {
  describeChoices,
  describeValue,
  findingsFromErrors,
  sortInDocumentOrder,
  toProblem,
  type Finding,
  type PathSegment,
  type Problem,
} from '../core/problems.js';

/** The bulkRestore input (DESIGN §3.1), decoded and normalised. */
export interface RestoreInput {
  readonly baseUrl?: string;
  /** Kept apart so later steps can drop it from every state, log and report (DESIGN §7). */
  readonly clumioToken?: string;
  readonly dryRun: boolean;
  /** Run the groups that can be planned and report the others, instead of starting nothing. */
  readonly skipUnplannableGroups: boolean;
  readonly maxRestores?: number;
  readonly groups: readonly RestoreGroup[];
}

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: Problem[] }
  | { readonly ok: false; readonly problems: Problem[]; readonly warnings: Problem[] };

export const clumioToken: FieldCodec<string | undefined> = codec(
  'the Clumio API token',
  (u): u is string | undefined => u === undefined || typeof u === 'string',
  // Never echo the value: it may be a real token in the wrong shape.
  (u, c) =>
    isUnset(u)
      ? t.success(undefined)
      : typeof u === 'string'
        ? t.success(u)
        : t.failure(u, c, 'expected a string'),
);

/** The top-level fields of a bulkRestore input besides its two sections (the docs list them). */
export const restoreTopLevelProps = {
  base_url: optional(baseUrl),
  clumio_token: clumioToken,
  dry_run: optional(flag),
  max_restores: optional(positiveInt),
  skip_unplannable_groups: optional(flag),
} as const;

// Accepted and ignored without a warning: `debug` and `Note` appear in existing input files.
const IGNORED_TOP_LEVEL = ['debug', 'Note'];
const SECTIONS = ['DefaultInput', 'RestoreGroups'];

export const UNKNOWN_FIELD = 'unknown field, ignored';

/** Problems and warnings as they are found, before sorting and redaction. */
export class Findings {
  readonly problems: Finding[] = [];
  readonly warnings: Finding[] = [];

  /** `now` is the moment the input is read at: a search_time after it is still to come. */
  constructor(readonly now: Date = new Date()) {}

  problem(path: readonly PathSegment[], message: string): void {
    this.problems.push({ path, message });
  }

  warning(path: readonly PathSegment[], message: string): void {
    this.warnings.push({ path, message });
  }

  /** Decodes one field; its failures become problems under `path`. */
  field<A>(
    fieldCodec: t.Decoder<unknown, A>,
    value: unknown,
    path: readonly PathSegment[],
    requiredMessage?: string,
  ): { ok: true; value: A } | { ok: false } {
    const result = fieldCodec.decode(value);
    if (isRight(result)) return { ok: true, value: result.right };
    const options = requiredMessage === undefined ? {} : { required: requiredMessage };
    this.problems.push(...findingsFromErrors(result.left, path, options));
    return { ok: false };
  }
}

export function decodeRestoreInput(input: unknown, now: Date = new Date()): DecodeResult<RestoreInput> {
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

export function redact(problem: Problem, token: string): Problem {
  // Short strings would redact unrelated text; real tokens are long.
  if (token.length < 8) return problem;
  const hide = (s: string): string => s.split(token).join('<redacted>');
  return { path: hide(problem.path), message: hide(problem.message) };
}

function decodeDocument(input: unknown, findings: Findings): RestoreInput | undefined {
  if (!isRecord(input)) {
    findings.problem([], `expected a JSON object with RestoreGroups, got ${describeValue(input)}`);
    return undefined;
  }
  for (const key of Object.keys(input)) {
    if (
      !Object.hasOwn(restoreTopLevelProps, key) &&
      !IGNORED_TOP_LEVEL.includes(key) &&
      !SECTIONS.includes(key)
    ) {
      findings.warning([key], UNKNOWN_FIELD);
    }
  }
  const top: Record<string, unknown> = {};
  for (const [key, fieldCodec] of Object.entries(restoreTopLevelProps)) {
    const result = findings.field<unknown>(fieldCodec, input[key], [key]);
    if (result.ok) top[key] = result.value;
  }
  const defaults = decodeDefaults(input.DefaultInput, findings);
  const groups = decodeGroups(input.RestoreGroups, defaults, findings);
  if (groups === undefined) return undefined;
  const { base_url, clumio_token, dry_run, max_restores, skip_unplannable_groups } = top;
  return {
    ...(typeof base_url === 'string' && { baseUrl: base_url }),
    ...(typeof clumio_token === 'string' && { clumioToken: clumio_token }),
    dryRun: dry_run === true,
    skipUnplannableGroups: skip_unplannable_groups === true,
    ...(typeof max_restores === 'number' && { maxRestores: max_restores }),
    groups,
  };
}

/** Every field a group of this type may have, common ones first. */
export function groupProps(restorer: AnyRestorerInput): FieldProps {
  const source = restorer.sourceRequired ? requiredSourceProps : optionalSourceProps;
  return { ...source, ...commonProps, ...restorer.fields };
}

/** A ResourceType problem, naming the allowed ones. */
export function resourceTypeMessage(value: unknown): string {
  const allowed = describeChoices(resourceTypes, false);
  return isUnset(value)
    ? `required, ${allowed}`
    : `unknown ResourceType, expected ${allowed}, got ${describeValue(value)}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  // A single string and a one-element list of it say the same (`target_security_group_native_id`).
  const asList = (v: unknown): unknown => (typeof v === 'string' ? [v] : v);
  return JSON.stringify(asList(a)) === JSON.stringify(asList(b));
}

/**
 * Renames aliases to their wire names. Returns the fields and, per wire name, the alias it came from (so
 * a problem is reported where the user wrote it).
 */
function resolveAliases(
  raw: Record<string, unknown>,
  restorer: AnyRestorerInput,
  base: readonly PathSegment[],
  findings: Findings,
): { fields: Record<string, unknown>; spelledAs: Map<string, string> } {
  const fields = { ...raw };
  const spelledAs = new Map<string, string>();
  for (const [alias, wireName] of Object.entries(restorer.aliases)) {
    if (!Object.hasOwn(fields, alias)) continue;
    const value = fields[alias];
    delete fields[alias];
    if (isUnset(value)) continue;
    if (isUnset(fields[wireName])) {
      fields[wireName] = value;
      spelledAs.set(wireName, alias);
    } else if (!sameValue(value, fields[wireName])) {
      findings.problem(
        [...base, alias],
        `another name for ${wireName}, which is also given with a different value`,
      );
    }
  }
  return { fields, spelledAs };
}

function reportUnknownFields(
  fields: Record<string, unknown>,
  props: FieldProps,
  restorer: AnyRestorerInput,
  base: readonly PathSegment[],
  findings: Findings,
): void {
  for (const key of Object.keys(fields)) {
    if (key === 'ResourceType' || Object.hasOwn(props, key)) continue;
    findings.warning([...base, key], restorer.deprecated[key] ?? UNKNOWN_FIELD);
  }
}

type Defaults = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

/** DefaultInput: per type, the raw values that decoded cleanly (a group decodes them again as its own). */
function decodeDefaults(raw: unknown, findings: Findings): Defaults {
  const defaults = new Map<string, Record<string, unknown>>();
  if (isUnset(raw)) return defaults;
  if (!isRecord(raw)) {
    findings.problem(
      ['DefaultInput'],
      `expected an object {"<ResourceType>": {field: value}}, got ${describeValue(raw)}`,
    );
    return defaults;
  }
  for (const [type, entry] of Object.entries(raw)) {
    const base = ['DefaultInput', type];
    if (!isResourceType(type)) {
      findings.problem(base, resourceTypeMessage(type));
      continue;
    }
    if (isUnset(entry)) continue;
    if (!isRecord(entry)) {
      findings.problem(base, `expected an object of default field values, got ${describeValue(entry)}`);
      continue;
    }
    const restorer = restorerInput(type);
    const props = groupProps(restorer);
    const { fields } = resolveAliases(entry, restorer, base, findings);
    reportUnknownFields(fields, props, restorer, base, findings);
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      const fieldCodec = props[key];
      if (fieldCodec === undefined || isUnset(value)) continue;
      if (findings.field<unknown>(fieldCodec, value, [...base, key]).ok) values[key] = value;
    }
    defaults.set(type, values);
  }
  return defaults;
}

function decodeGroups(raw: unknown, defaults: Defaults, findings: Findings): RestoreGroup[] | undefined {
  const path = ['RestoreGroups'];
  if (raw === undefined || raw === null || raw === '') {
    findings.problem(path, 'required, a list of restore groups');
    return undefined;
  }
  if (!Array.isArray(raw)) {
    findings.problem(path, `expected a list of restore groups, got ${describeValue(raw)}`);
    return undefined;
  }
  if (raw.length === 0) {
    findings.problem(path, 'expected at least one restore group, got an empty list');
    return undefined;
  }
  const groups: RestoreGroup[] = [];
  raw.forEach((entry: unknown, index) => {
    const group = decodeGroup(entry, index, defaults, findings);
    if (group !== undefined) groups.push(group);
  });
  return groups.length === raw.length ? groups : undefined;
}

function decodeGroup(
  raw: unknown,
  groupIndex: number,
  defaults: Defaults,
  findings: Findings,
): RestoreGroup | undefined {
  const base: PathSegment[] = ['RestoreGroups', groupIndex];
  if (!isRecord(raw)) {
    findings.problem(base, `expected an object (a restore group), got ${describeValue(raw)}`);
    return undefined;
  }
  const type = raw.ResourceType;
  if (!isResourceType(type)) {
    findings.problem([...base, 'ResourceType'], resourceTypeMessage(type));
    return undefined;
  }
  const restorer = restorerInput(type);
  const props = groupProps(restorer);
  const problemsBefore = findings.problems.length;

  const { fields, spelledAs } = resolveAliases(raw, restorer, base, findings);
  reportUnknownFields(fields, props, restorer, base, findings);
  const fromDefaults = new Set<string>();
  for (const [key, value] of Object.entries(defaults.get(type) ?? {})) {
    if (isUnset(fields[key])) {
      fields[key] = value;
      fromDefaults.add(key);
    }
  }

  const decoded: Record<string, unknown> = {};
  const failed = new Set<string>();
  for (const [key, fieldCodec] of Object.entries(props)) {
    const result = findings.field<unknown>(
      fieldCodec,
      fields[key],
      [...base, spelledAs.get(key) ?? key],
      `required for ${type}`,
    );
    if (!result.ok) failed.add(key);
    else if (result.value !== undefined) decoded[key] = result.value;
  }

  const report = groupReport(base, { failed, fromDefaults, spelledAs, type }, findings);
  checkSearchTime(decoded, failed, report, findings.now);
  normaliseCommon(decoded, failed, type, report);
  restorer.check?.(decoded, report);

  if (findings.problems.length > problemsBefore) return undefined;
  // Every member was decoded by the codec of `props` that the group's type is derived from.
  return { ResourceType: type, groupIndex, ...decoded } as RestoreGroup;
}

interface GroupState {
  /** Fields given but not decoded. */
  readonly failed: ReadonlySet<string>;
  /** Fields filled from DefaultInput. */
  readonly fromDefaults: ReadonlySet<string>;
  /** Wire name → the alias the user wrote it as. */
  readonly spelledAs: ReadonlyMap<string, string>;
  readonly type: string;
}

/**
 * The report a group's rules write to: paths under the group, written as the user spelled the field;
 * nothing at a field that already failed; a value that came from DefaultInput says so.
 */
function groupReport(base: readonly PathSegment[], state: GroupState, findings: Findings): GroupReport {
  const place = (
    path: string | readonly PathSegment[],
  ): { field: PathSegment | undefined; path: PathSegment[] } => {
    const [field, ...rest] = typeof path === 'string' ? [path] : path;
    const spelled = typeof field === 'string' ? (state.spelledAs.get(field) ?? field) : field;
    return { field, path: spelled === undefined ? [...base] : [...base, spelled, ...rest] };
  };
  return {
    problem(path, message) {
      const { field, path: at } = place(path);
      if (typeof field === 'string' && state.failed.has(field)) return;
      const fromDefaults = typeof field === 'string' && state.fromDefaults.has(field);
      findings.problem(at, fromDefaults ? `${message} [from DefaultInput.${state.type}]` : message);
    },
    warning(path, message) {
      findings.warning(place(path).path, message);
    },
    failed: (field) => state.failed.has(field),
  };
}

/**
 * The rules of an absolute search time: instead of the day offsets, never with them; an end only for
 * `after`, and after the time; a time still to come finds no backup after it, and before it means now.
 */
export function checkSearchTime(
  group: Readonly<Record<string, unknown>>,
  failed: ReadonlySet<string>,
  report: Pick<GroupReport, 'problem' | 'warning'>,
  now: Date,
): void {
  const time = typeof group.search_time === 'string' ? group.search_time : undefined;
  const timeGiven = time !== undefined || failed.has('search_time');
  if (timeGiven) {
    for (const offset of ['start_search_day_offset', 'end_search_day_offset']) {
      if (group[offset] !== undefined) {
        report.problem(offset, 'not with search_time: give search_time or the day offsets, not both');
      }
    }
  }
  const end = typeof group.search_time_end === 'string' ? group.search_time_end : undefined;
  if (end !== undefined) {
    if (!timeGiven) report.problem('search_time_end', 'only with search_time (and search_direction "after")');
    else if (group.search_direction !== 'after')
      report.problem(
        'search_time_end',
        'only with search_direction "after" (with "before" the newest backup at or before search_time is used)',
      );
    else if (time !== undefined && Date.parse(end) <= Date.parse(time))
      report.problem('search_time_end', `must be after search_time (${time})`);
  }
  if (time === undefined || Date.parse(time) <= now.getTime()) return;
  const current = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (group.search_direction === 'after') {
    report.problem('search_time', `is still to come (now is ${current}): no backup started after it`);
  } else {
    report.warning(
      'search_time',
      group.restore_from === 'point_in_time'
        ? `is still to come (now is ${current}): the latest restorable moment is restored`
        : `is still to come (now is ${current}): the newest backup up to now is used`,
    );
  }
}

/** Defaults of the common fields (DESIGN §3.2) and their cross-field rules. */
function normaliseCommon(
  group: Record<string, unknown>,
  failed: ReadonlySet<string>,
  type: string,
  report: GroupReport,
): void {
  if (group.search_direction === undefined && !failed.has('search_direction')) {
    for (const offset of ['start_search_day_offset', 'end_search_day_offset']) {
      if (typeof group[offset] === 'number' && group[offset] !== 0) {
        report.warning(
          offset,
          'ignored without search_direction: the newest backup up to the end of today is used',
        );
      }
    }
    group.start_search_day_offset = 0;
    group.end_search_day_offset = 0;
  } else if (group.search_direction === 'before' && typeof group.start_search_day_offset === 'number') {
    if (group.start_search_day_offset !== 0) {
      report.warning('start_search_day_offset', 'not used with search_direction "before"');
    }
  }
  group.search_direction ??= 'before';
  group.start_search_day_offset ??= 0;
  group.end_search_day_offset ??= 0;

  const tagKey = group.search_tag_key !== undefined || failed.has('search_tag_key');
  const tagValue = group.search_tag_value !== undefined || failed.has('search_tag_value');
  if (tagKey && !tagValue) report.problem('search_tag_value', 'required when search_tag_key is given');
  if (tagValue && !tagKey) report.problem('search_tag_key', 'required when search_tag_value is given');
  const tags = group.search_tags as Readonly<Record<string, string>> | undefined;
  const key = group.search_tag_key;
  if (tags !== undefined && typeof key === 'string' && Object.hasOwn(tags, key)) {
    if (tags[key] !== group.search_tag_value && typeof group.search_tag_value === 'string') {
      report.problem(
        ['search_tags', key],
        `search_tag_key ${key} is also given, with value ${JSON.stringify(group.search_tag_value)}: a resource has one value per tag key, so nothing could match both`,
      );
    }
  }

  for (const [target, source] of [
    ['target_account', 'source_account'],
    ['target_region', 'source_region'],
  ] as const) {
    if (group[target] === undefined && group[source] !== undefined) group[target] = group[source];
  }
  if (group.target_account === undefined && !failed.has('target_account') && !failed.has('source_account')) {
    report.problem('target_account', `required for ${type} when source_account is not given`);
  }
}
