import { readFileSync } from 'node:fs';

/**
 * The conformance fixture (clumio-sdk-models.json, facts of the official Clumio SDKs at the commits it
 * records) and a checker of JSON values against its models: unknown fields, wrong types and values
 * outside a closed enum, each with the path where it was found.
 */

export type SdkType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'any';

export interface SdkField {
  readonly type: SdkType;
  readonly ref?: string;
  readonly items?: SdkField;
  readonly enum?: readonly string[];
  /** false: the doc says "possible values include", not a closed set. */
  readonly enum_exhaustive?: boolean;
  readonly required_per_doc?: boolean;
  /** Only in one SDK: 'go' (HEAD) or 'python' (the last release). */
  readonly sdk?: 'go' | 'python';
  readonly doc?: string;
}

export interface SdkModel {
  readonly fields: Readonly<Record<string, SdkField>>;
  readonly doc?: string;
}

export interface SdkEndpoint {
  readonly accept: string;
  readonly success_status: readonly number[];
  readonly query?: readonly string[];
  /** Filter fields and their operators, from the Python SDK's typed filters. */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
  readonly list?: { readonly item: string; readonly start: 'page' | 'token' };
  readonly request?: { readonly ref: string };
  readonly response: { readonly ref: string };
  /** The name in clumio/endpoints.ts; absent for endpoints only the simulator serves. */
  readonly client_endpoint?: string;
}

export interface SdkFixture {
  readonly sdk: {
    readonly go: { readonly repo: string; readonly commit: string };
    readonly python: { readonly repo: string; readonly commit: string; readonly version: string };
  };
  readonly endpoints: Readonly<Record<string, SdkEndpoint>>;
  readonly models: Readonly<Record<string, SdkModel>>;
}

export const fixture = JSON.parse(
  readFileSync(new URL('./clumio-sdk-models.json', import.meta.url), 'utf8'),
) as SdkFixture;

export function model(name: string): SdkModel {
  const found = fixture.models[name];
  if (found === undefined) throw new Error(`the fixture has no model ${name}`);
  return found;
}

/** The fixture's endpoint of a request: `GET /tasks/123` → `GET /tasks/{task_id}`. */
export function endpointOf(method: string, path: string): { key: string; endpoint: SdkEndpoint } | undefined {
  for (const [key, endpoint] of Object.entries(fixture.endpoints)) {
    const [m, template] = key.split(' ') as [string, string];
    const pattern = new RegExp(`^${template.replace(/\{[a-z0-9_]+\}/g, '[^/]+')}$`);
    if (m === method && pattern.test(path)) return { key, endpoint };
  }
  return undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function typeProblem(field: SdkField, value: unknown): string | undefined {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'integer';
    case 'number':
      return typeof value === 'number' ? undefined : 'number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'boolean';
    case 'array':
      return Array.isArray(value) ? undefined : 'array';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'object';
    case 'any':
      return undefined;
  }
}

/**
 * Every way `value` departs from the field's SDK definition, as `path: problem (Model.field)` lines.
 * `null` is always allowed: both SDKs declare every field nullable.
 */
function checkField(field: SdkField, value: unknown, path: string, owner: string, out: string[]): void {
  if (value === null) return;
  const expected = typeProblem(field, value);
  if (expected !== undefined) {
    out.push(`${path}: expected ${expected}, got ${describe(value)} (${owner})`);
    return;
  }
  if (field.type === 'string' && field.enum !== undefined && field.enum_exhaustive !== false) {
    if (!field.enum.includes(value as string)) {
      out.push(`${path}: ${JSON.stringify(value)} is not one of ${field.enum.join(', ')} (${owner})`);
    }
  }
  if (field.type === 'array' && field.items !== undefined) {
    const items = field.items;
    (value as unknown[]).forEach((element, i) => checkField(items, element, `${path}[${i}]`, owner, out));
  }
  if (field.type === 'object' && field.ref !== undefined) {
    checkObject(field.ref, value as Record<string, unknown>, path, out);
  }
}

function checkObject(name: string, value: Record<string, unknown>, path: string, out: string[]): void {
  const { fields } = model(name);
  for (const [key, element] of Object.entries(value)) {
    const field = fields[key];
    const at = join(path, key);
    if (field === undefined) out.push(`${at}: unknown field (${name} has no field "${key}")`);
    else checkField(field, element, at, `${name}.${key}`, out);
  }
}

/** Problems of a JSON value against a model of the fixture; [] when it conforms. */
export function conformance(modelName: string, value: unknown): string[] {
  const out: string[] = [];
  checkField({ type: 'object', ref: modelName }, value, '', modelName, out);
  return out.map((line) => (line.startsWith(':') ? `(root)${line}` : line));
}
