import { expect } from 'chai';
import got from 'got';
import { startSimulator, type RunningSimulator } from '../../local/simulator/index.js';
import { fixture, model, type SdkField } from './sdk-models.js';

/**
 * The simulator's restore POSTs are as strict as the official SDK request models: they know every field
 * of them (at every depth) and refuse an invented field, a wrong type or a value outside an enum at any
 * of them, with 400 and the field's path in `errors[]`. The bodies are generated from the fixture, so a
 * field the SDK adds or an enum it changes shows up here.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INVENTED = 'zz_not_an_sdk_field';
const MAX_DEPTH = 6;

/**
 * A value of the field's type: the first enum value (an RFC-3339 time for a timestamp), one array
 * element, every field of an object.
 */
function sample(field: SdkField, depth: number, key = ''): Json {
  switch (field.type) {
    case 'string':
      return field.enum?.[0] ?? (/timestamp$/.test(key) ? '2026-01-01T00:00:00Z' : 'x');
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return field.items === undefined || depth >= MAX_DEPTH ? [] : [sample(field.items, depth + 1)];
    case 'object':
      return field.ref === undefined || depth >= MAX_DEPTH ? {} : sampleModel(field.ref, depth + 1);
    case 'any':
      return {};
  }
}

function sampleModel(name: string, depth = 0): { [key: string]: Json } {
  return Object.fromEntries(
    Object.entries(model(name).fields).map(([key, field]) => [key, sample(field, depth, key)]),
  );
}

/** Every field of the generated body with its path and SDK definition (array elements at [0]). */
function fieldsOf(name: string, path = '', depth = 0): { path: string; field: SdkField }[] {
  const out: { path: string; field: SdkField }[] = [];
  for (const [key, field] of Object.entries(model(name).fields)) {
    const at = path === '' ? key : `${path}.${key}`;
    out.push({ path: at, field });
    const inner = field.type === 'array' ? field.items : field;
    const innerPath = field.type === 'array' ? `${at}[0]` : at;
    if (field.type === 'array' && inner !== undefined && depth < MAX_DEPTH) {
      out.push({ path: innerPath, field: inner });
    }
    if (inner?.ref !== undefined && depth < MAX_DEPTH) out.push(...fieldsOf(inner.ref, innerPath, depth + 1));
  }
  return out;
}

function segments(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A copy of `body` with the value at `path` replaced. */
function withValue(body: Json, path: string, value: Json): Json {
  const copy = structuredClone(body);
  const keys = segments(path);
  let node = copy as Record<string | number, Json>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[keys[keys.length - 1] ?? ''] = value;
  return copy;
}

function valueAt(body: Json, path: string): Json {
  let node = body;
  for (const key of segments(path)) node = (node as Record<string | number, Json>)[key] ?? null;
  return node;
}

/** A value of another JSON type than the field's. */
function wrongType(field: SdkField): Json {
  return field.type === 'string' ? 12345 : 'not-the-right-type';
}

const restoreEndpoints = Object.entries(fixture.endpoints).filter(
  ([key, e]) => key.startsWith('POST ') && e.request,
);

describe('conformance: the simulator refuses what the SDK request models refuse', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ rateLimitPerSecond: false, taskSeconds: 0 });
  });
  after(() => sim.close());

  async function problems(
    path: string,
    accept: string,
    body: Json,
  ): Promise<{ status: number; messages: string[] }> {
    const res = await got.post(`${sim.url}${path}`, {
      json: body,
      headers: { authorization: `Bearer ${sim.token}`, accept },
      throwHttpErrors: false,
      retry: { limit: 0 },
      responseType: 'json',
    });
    const errors = (res.body as { errors?: { error_message: string }[] }).errors ?? [];
    return { status: res.statusCode, messages: errors.map((e) => e.error_message) };
  }

  for (const [key, endpoint] of restoreEndpoints) {
    const path = key.slice('POST '.length);
    const request = endpoint.request?.ref ?? '';

    describe(`${key} (${request})`, () => {
      const full = sampleModel(request);
      const fields = fieldsOf(request);

      it('knows every field of the model at every depth: none is refused as unknown or mistyped', async () => {
        const { messages } = await problems(path, endpoint.accept, full);
        expect(messages.filter((m) => / unknown field$|: expected (a|an) /.test(m))).to.deep.equal([]);
      });

      it('refuses an invented field at every level with 400 and its path', async () => {
        const objects = [
          '',
          ...fields
            .filter((f) => typeof valueAt(full, f.path) === 'object' && !Array.isArray(valueAt(full, f.path)))
            .map((f) => f.path),
        ];
        const missed: string[] = [];
        for (const at of objects) {
          const target = at === '' ? INVENTED : `${at}.${INVENTED}`;
          const { status, messages } = await problems(path, endpoint.accept, withValue(full, target, 1));
          if (status !== 400 || !messages.includes(`${target}: unknown field`)) missed.push(target);
        }
        expect(missed).to.deep.equal([]);
      });

      it('refuses a wrong type at every field with 400 and its path', async () => {
        const missed: string[] = [];
        for (const { path: at, field } of fields) {
          if (field.type === 'any' || (field.type === 'object' && field.ref === undefined)) continue;
          const { status, messages } = await problems(
            path,
            endpoint.accept,
            withValue(full, at, wrongType(field)),
          );
          if (status !== 400 || !messages.some((m) => m.startsWith(`${at}: `))) missed.push(at);
        }
        expect(missed).to.deep.equal([]);
      });

      it('refuses a value outside each closed enum with 400 and its path', async () => {
        const missed: string[] = [];
        for (const { path: at, field } of fields) {
          if (field.type !== 'string' || field.enum === undefined || field.enum_exhaustive === false)
            continue;
          const { status, messages } = await problems(
            path,
            endpoint.accept,
            withValue(full, at, 'NOT_AN_SDK_VALUE'),
          );
          if (status !== 400 || !messages.some((m) => m.startsWith(`${at}: `))) missed.push(at);
        }
        expect(missed).to.deep.equal([]);
      });
    });
  }
});
