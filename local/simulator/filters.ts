import { badRequest } from './errors.js';
import { parseInstant } from './time.js';

/** The operators of reference §2.2; anything else is refused like an undocumented one. */
export type Operator =
  '$eq' | '$neq' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$all' | '$contains' | '$begins_with';

/** How a field's values compare: timestamps as instants, booleans from JSON or "true"/"false", list = array field. */
export type FieldKind = 'string' | 'boolean' | 'timestamp' | 'list';

export interface FieldSpec<T> {
  readonly ops: readonly Operator[];
  readonly kind?: FieldKind;
  readonly get: (item: T) => unknown;
  /** The field's operators may not be combined (EBS volume_native_id: "$eq, $contains (not both)"). */
  readonly exclusive?: boolean;
}

/** The documented filter fields of one endpoint. */
export type FilterSpec<T> = Readonly<Record<string, FieldSpec<T>>>;

export interface ParsedFilter<T> {
  /** The parsed filter as sent, or undefined when the request had none. */
  readonly raw: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
  has(field: string): boolean;
  /** The string given to `$eq` on a field: lets a list start from an index instead of a scan. */
  eq(field: string): string | undefined;
  test(item: T): boolean;
}

type Scalar = string | number | boolean;
type Predicate = (value: unknown) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function coerce(kind: FieldKind, value: unknown): Scalar | undefined {
  switch (kind) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : undefined;
    case 'timestamp':
      return typeof value === 'string' ? parseInstant(value) : undefined;
    default:
      return typeof value === 'string' ? value : undefined;
  }
}

const EXPECTED: Record<FieldKind, string> = {
  string: 'a string',
  list: 'a string',
  boolean: 'a boolean (true/false or "true"/"false")',
  timestamp: 'an RFC-3339 timestamp such as "2024-05-01T23:59:59Z"',
};

/** The item's value in comparable form (timestamps become milliseconds). */
function itemValue(kind: FieldKind, raw: unknown): unknown {
  if (kind === 'timestamp') return typeof raw === 'string' ? parseInstant(raw) : undefined;
  return raw;
}

function lower(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

function compile(kind: FieldKind, op: Operator, arg: Scalar | Scalar[]): Predicate {
  const list = kind === 'list';
  const many = Array.isArray(arg) ? arg : [arg];
  const one = many[0];
  const set = new Set<unknown>(many);
  const elements = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const order = (v: unknown): number | undefined => {
    if (typeof v !== typeof one || v === undefined || v === null) return undefined;
    return (v as Scalar) < (one as Scalar) ? -1 : (v as Scalar) > (one as Scalar) ? 1 : 0;
  };
  switch (op) {
    case '$eq':
      return list ? (v) => elements(v).includes(one) : (v) => v === one;
    case '$neq':
      return list ? (v) => !elements(v).includes(one) : (v) => v !== one;
    case '$gt':
      return (v) => (order(v) ?? 0) > 0;
    case '$gte':
      return (v) => (order(v) ?? -1) >= 0;
    case '$lt':
      return (v) => (order(v) ?? 0) < 0;
    case '$lte':
      return (v) => (order(v) ?? 1) <= 0;
    case '$in':
      return list ? (v) => elements(v).some((e) => set.has(e)) : (v) => set.has(v);
    case '$all':
      // On an array field every listed value must be present; on a scalar field (DynamoDB backup
      // `type`) it selects the listed values, an empty list meaning all.
      return list
        ? (v) => many.every((e) => elements(v).includes(e))
        : (v) => many.length === 0 || set.has(v);
    case '$contains': {
      const needle = lower(one);
      return list
        ? (v) => elements(v).some((e) => lower(e).includes(needle))
        : (v) => typeof v === 'string' && v.toLowerCase().includes(needle);
    }
    case '$begins_with':
      return list
        ? (v) => elements(v).some((e) => typeof e === 'string' && e.startsWith(String(one)))
        : (v) => typeof v === 'string' && v.startsWith(String(one));
  }
}

/**
 * Parse and check a `filter` query value against an endpoint's documented fields and operators.
 * Every problem is collected and answered at once as 400 errors[] naming the field or operator.
 */
export function parseFilter<T>(text: string | null, spec: FilterSpec<T>, where: string): ParsedFilter<T> {
  if (text === null || text === '') return matchAll();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`filter is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed))
    throw badRequest('filter must be a JSON object such as {"<field>":{"$eq":"<value>"}}');

  const problems: string[] = [];
  const checks: { get: (item: T) => unknown; kind: FieldKind; test: Predicate }[] = [];
  for (const [field, condition] of Object.entries(parsed)) {
    const fieldSpec = spec[field];
    if (fieldSpec === undefined) {
      problems.push(
        `filter field "${field}" is not supported by ${where}; supported fields: ${Object.keys(spec).join(', ')}`,
      );
      continue;
    }
    const kind = fieldSpec.kind ?? 'string';
    if (!isRecord(condition) || Object.keys(condition).length === 0) {
      problems.push(
        `filter field "${field}" must be an object of operators such as {"${fieldSpec.ops[0]}": …}`,
      );
      continue;
    }
    if (fieldSpec.exclusive === true && Object.keys(condition).length > 1) {
      problems.push(`filter field "${field}" accepts only one of ${fieldSpec.ops.join(', ')} at a time`);
      continue;
    }
    for (const [op, arg] of Object.entries(condition)) {
      if (!(fieldSpec.ops as readonly string[]).includes(op)) {
        problems.push(
          `filter operator "${op}" is not supported for field "${field}" by ${where}; supported: ${fieldSpec.ops.join(', ')}`,
        );
        continue;
      }
      const operator = op as Operator;
      if (operator === '$in' || operator === '$all') {
        if (!Array.isArray(arg)) {
          problems.push(`filter field "${field}" operator "${op}" expects a JSON array`);
          continue;
        }
        const values = arg.map((v) => coerce(kind, v));
        if (values.some((v) => v === undefined)) {
          problems.push(`filter field "${field}" operator "${op}" expects an array of ${EXPECTED[kind]}`);
          continue;
        }
        checks.push({ get: fieldSpec.get, kind, test: compile(kind, operator, values as Scalar[]) });
        continue;
      }
      const value = coerce(kind, arg);
      if (value === undefined) {
        problems.push(
          `filter field "${field}" operator "${op}" expects ${EXPECTED[kind]}, got ${JSON.stringify(arg)}`,
        );
        continue;
      }
      checks.push({ get: fieldSpec.get, kind, test: compile(kind, operator, value) });
    }
  }
  if (problems.length > 0) throw badRequest(...problems);

  const raw = parsed as Record<string, Record<string, unknown>>;
  return {
    raw,
    has: (field) => field in raw,
    eq: (field) => {
      const value = raw[field]?.['$eq'];
      return typeof value === 'string' ? value : undefined;
    },
    test: (item) => checks.every((c) => c.test(itemValue(c.kind, c.get(item)))),
  };
}

function matchAll<T>(): ParsedFilter<T> {
  return { raw: undefined, has: () => false, eq: () => undefined, test: () => true };
}
