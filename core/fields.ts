import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';

import { ClumioConfigError } from '../clumio/errors.js';
import { normaliseBaseUrl } from '../clumio/base-url.js';
import type { Tag } from './tags.js';
import { REQUIRED, describeChoices, describeValue } from './problems.js';

/**
 * Field codecs shared by every input document. They decode what existing input files
 * write (digit strings for numbers, "true"/"false" for booleans, `""` for "not set") into clean values,
 * and fail with a message that says what was expected and what was got.
 */

/** A decoder from any JSON value; encoding is the identity (these codecs only read input). */
export type FieldCodec<A> = t.Type<A, unknown, unknown>;

/** Props of an object of field codecs, as `t.type` takes them. */
export type FieldProps = Readonly<Record<string, t.Mixed>>;

type OptionalKeys<P extends FieldProps> = {
  [K in keyof P]: undefined extends t.TypeOf<P[K]> ? K : never;
}[keyof P];

/** The decoded object of `P`: fields whose codec may yield `undefined` become optional. */
export type DecodedFields<P extends FieldProps> = {
  readonly [K in Exclude<keyof P, OptionalKeys<P>>]: t.TypeOf<P[K]>;
} & {
  readonly [K in OptionalKeys<P>]?: Exclude<t.TypeOf<P[K]>, undefined>;
};

/** A JSON object (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * "Not set": absent, null, `""` or an empty list (docs/compatibility.md). `false` and `0` are real values.
 */
export function isUnset(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

export function codec<A>(
  name: string,
  is: (u: unknown) => u is A,
  validate: (u: unknown, c: t.Context) => t.Validation<A>,
): FieldCodec<A> {
  return new t.Type<A, unknown, unknown>(name, is, validate, t.identity);
}

function expected(what: string, u: unknown, c: t.Context): t.Validation<never> {
  return t.failure(u, c, `expected ${what}, got ${describeValue(u)}`);
}

/** Unset → `undefined`; anything else must decode with `inner`. */
export function optional<A>(inner: FieldCodec<A>): FieldCodec<A | undefined> {
  return codec(
    inner.name,
    (u): u is A | undefined => u === undefined || inner.is(u),
    (u, c) => (isUnset(u) ? t.success(undefined) : inner.validate(u, c)),
  );
}

/** Unset → `fallback`; anything else must decode with `inner`. */
export function withDefault<A>(inner: FieldCodec<A>, fallback: A): FieldCodec<A> {
  return codec(inner.name, inner.is, (u, c) => (isUnset(u) ? t.success(fallback) : inner.validate(u, c)));
}

/** Unset fails with `REQUIRED` (worded by the caller, e.g. `required for EBS`). */
export function required<A>(inner: FieldCodec<A>): FieldCodec<A> {
  return codec(inner.name, inner.is, (u, c) =>
    isUnset(u) ? t.failure(u, c, REQUIRED) : inner.validate(u, c),
  );
}

/**
 * The longest string an input field takes. AWS's longest identifiers (KMS key ARNs, S3 keys) stay under
 * it; a longer value is a mistake (a pasted file), refused here rather than sent to Clumio.
 */
export const MAX_TEXT_LENGTH = 2048;

const tooLong = (u: unknown): u is string => typeof u === 'string' && u.length > MAX_TEXT_LENGTH;

const tooLongMessage = (u: string): string =>
  `expected at most ${MAX_TEXT_LENGTH} characters, got ${u.length}`;

function tooLongFailure(u: string, c: t.Context): t.Validation<never> {
  return t.failure(u, c, tooLongMessage(u));
}

const isText = (u: unknown): u is string => typeof u === 'string' && u !== '' && !tooLong(u);

/** A non-empty string of at most MAX_TEXT_LENGTH characters. */
export const text: FieldCodec<string> = codec('a string', isText, (u, c) =>
  isText(u) ? t.success(u) : tooLong(u) ? tooLongFailure(u, c) : expected('a non-empty string', u, c),
);

/** A Clumio base URL in any documented form (clumio-api §1), kept as written; clumio/ normalises it. */
export const baseUrl: FieldCodec<string> = codec('a Clumio base URL', isText, (u, c) => {
  if (!isText(u)) return text.validate(u, c);
  try {
    normaliseBaseUrl(u);
    return t.success(u);
  } catch (error) {
    return t.failure(u, c, error instanceof ClumioConfigError ? error.message : 'expected a Clumio base URL');
  }
});

/** A string matching `pattern` (and no longer than MAX_TEXT_LENGTH); `what` says what such a string is. */
export function matching(what: string, pattern: RegExp): FieldCodec<string> {
  const is = (u: unknown): u is string => typeof u === 'string' && !tooLong(u) && pattern.test(u);
  return codec(what, is, (u, c) => (is(u) ? t.success(u) : expected(what, u, c)));
}

/** One of fixed strings, compared exactly. */
export function oneOf<const V extends string>(values: readonly V[]): FieldCodec<V> {
  const is = (u: unknown): u is V => typeof u === 'string' && (values as readonly string[]).includes(u);
  return codec(describeChoices(values), is, (u, c) =>
    is(u) ? t.success(u) : expected(describeChoices(values), u, c),
  );
}

/** A 12-digit AWS account id; a JSON number with 12 digits is taken as its digits. */
export const account: FieldCodec<string> = codec(
  'a 12-digit AWS account id',
  (u): u is string => typeof u === 'string' && /^\d{12}$/.test(u),
  (u, c) => {
    const digits = typeof u === 'number' && Number.isSafeInteger(u) ? String(u) : u;
    return typeof digits === 'string' && /^\d{12}$/.test(digits)
      ? t.success(digits)
      : expected('a 12-digit AWS account id', u, c);
  },
);

// Partition prefix, geography words, number: us-east-1, us-gov-west-1, ap-southeast-2, eu-central-1.
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';

/** An AWS region name such as `us-east-1`. */
export const region: FieldCodec<string> = matching(
  'an AWS region such as "us-east-1"',
  new RegExp(`^${REGION}$`),
);

/** An availability zone (`us-east-1a`) or a local zone (`us-west-2-lax-1a`). */
export const availabilityZone: FieldCodec<string> = matching(
  'an availability zone such as "us-east-1a"',
  new RegExp(`^${REGION}(?:[a-z]|-[a-z]+-\\d+[a-z])$`),
);

/** Whether `zone` lies in `regionName` (`us-east-1a` in `us-east-1`, not in `us-east-11`). */
export function zoneInRegion(zone: string, regionName: string): boolean {
  return zone.startsWith(regionName) && /^(?:[a-z]|-[a-z]+-\d+[a-z])$/.test(zone.slice(regionName.length));
}

/** The problem with a target zone outside the target region, if there is one (and both are set). */
export function zoneOutsideRegion(
  zone: string | undefined,
  regionName: string | undefined,
): string | undefined {
  if (zone === undefined || regionName === undefined || zoneInRegion(zone, regionName)) return undefined;
  return `${zone} is not in target_region ${regionName}`;
}

function integer(what: string, min: number): FieldCodec<number> {
  const is = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min;
  return codec(what, is, (u, c) => {
    // Digit strings are numbers: existing input files write numbers as strings.
    const n = typeof u === 'string' && /^\d+$/.test(u) ? Number(u) : u;
    return is(n) ? t.success(n) : expected(what, u, c);
  });
}

/** A whole number ≥ 0; digit strings accepted ("3" → 3). */
export const nonNegativeInt: FieldCodec<number> = integer('a whole number ≥ 0', 0);

/** A whole number ≥ 1; digit strings accepted. */
export const positiveInt: FieldCodec<number> = integer('a whole number ≥ 1', 1);

/** true/false; the strings "true"/"false" (any case) too. */
export const flag: FieldCodec<boolean> = codec(
  'true or false',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => {
    if (typeof u === 'boolean') return t.success(u);
    const s = typeof u === 'string' ? u.toLowerCase() : undefined;
    if (s === 'true' || s === 'false') return t.success(s === 'true');
    return expected('true or false', u, c);
  },
);

/** A list of `item`; a single string is a one-element list (`"sg-1"` → `["sg-1"]`). */
export function listOf<A>(item: FieldCodec<A>, what: string): FieldCodec<A[]> {
  const array = t.array(item, what);
  return codec(what, array.is, (u, c) => {
    if (typeof u === 'string') {
      const one = item.validate(u, c);
      return isRight(one) ? t.success([one.right]) : one;
    }
    return Array.isArray(u) ? array.validate(u, c) : expected(what, u, c);
  });
}

const tagShape = t.type({ key: t.string, value: t.string });

/** `{key, value}` (AWS allows an empty value); other members of the object are dropped. */
export const tag: FieldCodec<Tag> = codec(
  'a {"key", "value"} tag',
  (u): u is Tag => tagShape.is(u),
  (u, c) => {
    if (!isRecord(u)) return expected('a {"key", "value"} tag', u, c);
    const { key, value } = u;
    if (isText(key) && typeof value === 'string' && !tooLong(value)) return t.success({ key, value });
    const errors: t.Errors = [];
    if (!isText(key)) {
      const message =
        key === undefined
          ? 'required, a non-empty string'
          : tooLong(key)
            ? tooLongMessage(key)
            : `expected a non-empty string, got ${describeValue(key)}`;
      errors.push({ value: key, context: t.appendContext(c, 'key', text, key), message });
    }
    if (typeof value !== 'string' || tooLong(value)) {
      const message =
        value === undefined
          ? 'required, a string (may be empty)'
          : tooLong(value)
            ? tooLongMessage(value)
            : `expected a string, got ${describeValue(value)}`;
      errors.push({ value, context: t.appendContext(c, 'value', t.string, value), message });
    }
    return t.failures(errors);
  },
);

/** A list of `{key, value}` tags, as Clumio writes tags. */
export const tagList: FieldCodec<Tag[]> = listOfObjects(tag, 'a list of {"key", "value"} tags');

function listOfObjects<A>(item: FieldCodec<A>, what: string): FieldCodec<A[]> {
  const array = t.array(item, what);
  return codec(what, array.is, (u, c) => (Array.isArray(u) ? array.validate(u, c) : expected(what, u, c)));
}

/** `{key: value}` tags; keys must not be empty, values are strings. */
export const tagMap: FieldCodec<Record<string, string>> = codec(
  'an object of tags {"key": "value"}',
  (u): u is Record<string, string> => t.record(t.string, t.string).is(u),
  (u, c) => {
    if (!isRecord(u)) return expected('an object of tags {"key": "value"}', u, c);
    const errors: t.Errors = [];
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(u)) {
      const context = t.appendContext(c, key, t.string, value);
      if (key === '') errors.push({ value, context, message: 'expected a non-empty tag key' });
      else if (typeof value !== 'string')
        errors.push({ value, context, message: `expected a string, got ${describeValue(value)}` });
      else if (tooLong(value)) errors.push({ value, context, message: tooLongMessage(value) });
      else out[key] = value;
    }
    return errors.length > 0 ? t.failures(errors) : t.success(out);
  },
);

/**
 * An object with exactly the members of `props`: an unknown member is a failure (it would be rejected
 * downstream), unset optional members are left out of the result.
 */
export function strictObject<P extends FieldProps>(what: string, props: P): FieldCodec<DecodedFields<P>> {
  const known = Object.keys(props);
  const is = (u: unknown): u is DecodedFields<P> => isRecord(u) && isRight(strict.validate(u, []));
  const strict: FieldCodec<DecodedFields<P>> = codec(what, is, (u, c) => {
    if (!isRecord(u)) return expected(what, u, c);
    const input = u;
    const errors: t.Errors = [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (!known.includes(key)) {
        errors.push({
          value: input[key],
          context: t.appendContext(c, key, t.unknown, input[key]),
          message: `unknown key, expected ${describeChoices(known, false)}`,
        });
      }
    }
    for (const [key, member] of Object.entries(props)) {
      const result = member.validate(input[key], t.appendContext(c, key, member, input[key]));
      if (isRight(result)) {
        if (result.right !== undefined) out[key] = result.right;
      } else {
        errors.push(...result.left);
      }
    }
    // The members were each checked against `props` just above.
    return errors.length > 0 ? t.failures(errors) : t.success(out as DecodedFields<P>);
  });
  return strict;
}

// RFC 3339 date-time: date, "T", time with optional fraction, then the zone (`Z` or ±hh:mm).
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?$/;

const TIMESTAMP_EXAMPLE = '2026-06-28T14:05:00Z or 2026-06-28T16:05:00+02:00';

/**
 * The instant of an RFC 3339 timestamp in milliseconds, or why it is not one. A timestamp without a
 * zone is refused: whether it means UTC or someone's local time cannot be told.
 */
export function parseTimestamp(text: string): { ms: number } | { problem: string } {
  const m = RFC3339.exec(text);
  if (m === null) return { problem: `expected an RFC 3339 timestamp such as ${TIMESTAMP_EXAMPLE}` };
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, zoneHours, zoneMinutes] = m.map(
    (part) => part ?? '',
  );
  if (zulu === '' && sign === '') {
    return {
      problem: `a timestamp without a zone is ambiguous: add Z (UTC) or an offset such as +02:00 (${TIMESTAMP_EXAMPLE})`,
    };
  }
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(local);
  const valid =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h <= 23 &&
    mi <= 59 &&
    s <= 59 &&
    Number(zoneHours || 0) <= 23 &&
    Number(zoneMinutes || 0) <= 59;
  if (!valid) return { problem: `not a date and time of the calendar: ${text}` };
  const offset = sign === '' ? 0 : (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes));
  // Milliseconds are kept; finer digits mean nothing for a backup or a restore point.
  const ms = Math.floor(Number(`0.${fraction || '0'}`) * 1000);
  return { ms: local + ms - offset * 60_000 };
}

/** An instant in the form Clumio takes: UTC, `Z`, milliseconds only when there are any. */
export function utcTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

const isUtcTimestamp = (u: unknown): u is string => {
  if (typeof u !== 'string') return false;
  const parsed = parseTimestamp(u);
  return 'ms' in parsed && utcTimestamp(parsed.ms) === u;
};

/**
 * An RFC 3339 timestamp with an explicit zone (`Z` or `±hh:mm`), decoded to the same instant in UTC
 * (`2026-06-28T16:05:00+02:00` → `2026-06-28T14:05:00Z`).
 */
export const timestamp: FieldCodec<string> = codec(
  'an RFC 3339 timestamp with a zone',
  isUtcTimestamp,
  (u, c) => {
    if (typeof u !== 'string' || u === '' || tooLong(u)) {
      return expected(`an RFC 3339 timestamp such as ${TIMESTAMP_EXAMPLE}`, u, c);
    }
    const parsed = parseTimestamp(u);
    return 'ms' in parsed ? t.success(utcTimestamp(parsed.ms)) : t.failure(u, c, parsed.problem);
  },
);
