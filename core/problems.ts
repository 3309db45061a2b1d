import type * as t from 'io-ts';

/** One finding in an input document: where (`RestoreGroups[3].target_az`) and what was expected. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export type PathSegment = string | number;

/** A finding before its path is written out; kept as segments so findings can be sorted in document order. */
export interface Finding {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** Failure message of a required field that is unset; the caller words it (`required for EBS`). */
export const REQUIRED = 'required';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `RestoreGroups[3].target_az`; keys that are not plain names are quoted (`append_tags["cost center"]`). */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function toProblem(finding: Finding): Problem {
  return { path: formatPath(finding.path), message: finding.message };
}

/** Strings longer than this are shown cut, with their length, in "got …". */
const SHOWN_STRING = 80;

/**
 * What a value is, for "got …": scalars as JSON, containers by kind (their content can be long), a long
 * string by its start and its length.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    if (value.length <= SHOWN_STRING) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, SHOWN_STRING))}… (${value.length} characters)`;
  }
  return String(value);
}

/** `"a" or "b"`, `one of "a", "b", "c"`. */
export function describeChoices(choices: readonly string[], quote = true): string {
  const items = choices.map((c) => (quote ? JSON.stringify(c) : c));
  if (items.length === 2) return `${items[0]} or ${items[1]}`;
  return `one of ${items.join(', ')}`;
}

export interface ReportOptions {
  /** Replaces the bare `required` of a required field (e.g. `required for EBS`). */
  readonly required?: string;
}

function tagOf(decoder: t.Decoder<unknown, unknown>): unknown {
  return (decoder as { readonly _tag?: unknown })._tag;
}

/**
 * Turns io-ts errors into findings under `base`. The path comes from the error context: object keys and
 * array indices, skipping the branch entries that unions and intersections add.
 */
export function findingsFromErrors(
  errors: t.Errors,
  base: readonly PathSegment[],
  options: ReportOptions = {},
): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const error of errors) {
    const path: PathSegment[] = [...base];
    for (let i = 1; i < error.context.length; i++) {
      const parent = error.context[i - 1];
      const entry = error.context[i];
      if (parent === undefined || entry === undefined) continue;
      const parentTag = tagOf(parent.type);
      if (parentTag === 'UnionType' || parentTag === 'IntersectionType') continue;
      path.push(Array.isArray(parent.actual) ? Number(entry.key) : entry.key);
    }
    const last = error.context[error.context.length - 1];
    let message =
      error.message ?? `expected ${last?.type.name ?? 'a valid value'}, got ${describeValue(error.value)}`;
    if (message === REQUIRED && options.required !== undefined) message = options.required;
    const key = `${formatPath(path)}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ path, message });
  }
  return findings;
}

/**
 * Sorts findings in the order their paths appear in `document` (stable: findings at the same place keep
 * their order; paths that are not in the document, such as a missing required field, sort after their
 * present siblings).
 */
export function sortInDocumentOrder(findings: readonly Finding[], document: unknown): Finding[] {
  const keyed = findings.map((finding, index) => ({
    finding,
    index,
    key: positionKey(finding.path, document),
  }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index);
  return keyed.map((k) => k.finding);
}

function positionKey(path: readonly PathSegment[], document: unknown): number[] {
  const key: number[] = [];
  let node: unknown = document;
  for (const segment of path) {
    if (typeof segment === 'number') {
      key.push(segment);
      node = Array.isArray(node) ? node[segment] : undefined;
    } else if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      const keys = Object.keys(node);
      const at = keys.indexOf(segment);
      key.push(at === -1 ? keys.length : at);
      node = (node as Record<string, unknown>)[segment];
    } else {
      key.push(Number.MAX_SAFE_INTEGER);
      node = undefined;
    }
  }
  return key;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
