import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import got from 'got';
import { endpoints } from '../../clumio/endpoints.js';
import { exampleClock } from '../../local/commands/example-clock.js';
import { runList } from '../../local/commands/list.js';
import { runRestore } from '../../local/commands/restore.js';
import type { CommandIO } from '../../local/commands/types.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../local/simulator/index.js';
import { startRecorder, type Exchange } from './recorder.js';
import { conformance, endpointOf, fixture } from './sdk-models.js';

const TOKEN = 'conformance-token-4b8e1d2c9a7f3e65';
const examples = join(import.meta.dirname, '..', '..', 'examples');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

const LIST_INPUT = /list[-_]?inputs?/i;
const inputs = jsonFiles(examples);
const listInputs = inputs.filter((f) => LIST_INPUT.test(basename(f)));
/** Every bulkRestore example; restore-input.json is also what the demo (`npm start`) restores. */
const restoreInputs = inputs.filter((f) => !LIST_INPUT.test(basename(f)));

function quietIO(): CommandIO & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return { stdout, stderr, env: { CLUMIO_TOKEN: TOKEN }, out: () => out, err: () => err };
}

/** A simulator with a recorder in front of it for the time of `use`; the exchanges it recorded. */
async function recorded(options: SimulatorOptions, use: (url: string) => Promise<void>): Promise<Exchange[]> {
  const sim: RunningSimulator = await startSimulator({
    token: TOKEN,
    taskSeconds: 0,
    rateLimitPerSecond: false,
    ...options,
  });
  const recorder = await startRecorder(sim.url);
  try {
    await use(recorder.url);
  } finally {
    await recorder.close();
    await sim.close();
  }
  return recorder.exchanges;
}

/**
 * Every example run for real (restores started and polled) through a recorder in front of the simulator.
 * An example with a search_time runs against a simulator of its own, on the clock the demo gives it.
 */
async function exchangesOf(
  options: SimulatorOptions,
): Promise<{ exchanges: Exchange[]; failures: string[] }> {
  const failures: string[] = [];
  const folder = await mkdtemp(join(tmpdir(), 'cbr-conformance-'));
  const restore = async (file: string, url: string): Promise<void> => {
    const io = quietIO();
    const code = await runRestore(
      {
        inputFile: file,
        baseUrl: url,
        out: join(folder, relative(examples, file)),
        pollIntervalSeconds: 0.005,
        retryMs: 0,
      },
      io,
    );
    if (code !== 0) failures.push(`${relative(examples, file)}: exit ${code}: ${io.err()}`);
  };
  const clockOf = (file: string) => exampleClock(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  const exchanges = await recorded(options, async (url) => {
    for (const file of restoreInputs) if (clockOf(file) === undefined) await restore(file, url);
    for (const file of listInputs) {
      const io = quietIO();
      const out = join(folder, `${basename(file)}.restore-input.json`);
      const code = await runList(
        { inputFile: file, baseUrl: url, runFolder: join(folder, basename(file)), out, retryMs: 0 },
        io,
      );
      // A document with values left to fill in (exit 1) is what the reference list example is for.
      if (code === 1 && /needs \d+ values? filled in/.test(io.out())) continue;
      if (code !== 0) failures.push(`${relative(examples, file)}: exit ${code}: ${io.err()}`);
      const restoreIo = quietIO();
      const planned = await runRestore(
        { inputFile: out, baseUrl: url, out: `${out}.run`, dryRun: true, retryMs: 0 },
        restoreIo,
      );
      if (planned !== 0) failures.push(`${relative(examples, file)} → restore: exit ${planned}`);
    }
  });
  for (const file of restoreInputs) {
    const clock = clockOf(file);
    if (clock === undefined) continue;
    exchanges.push(...(await recorded({ ...options, now: clock }, (url) => restore(file, url))));
  }
  return { exchanges, failures };
}

/** Every problem of the exchanges against the fixture, one line each. */
function problemsOf(exchanges: readonly Exchange[]): string[] {
  const problems: string[] = [];
  for (const x of exchanges) {
    const found = endpointOf(x.method, x.path);
    if (found === undefined) {
      problems.push(`${x.method} ${x.path}: not an endpoint of the SDK fixture`);
      continue;
    }
    const { key, endpoint } = found;
    const where = (): string => key;
    if (x.accept !== endpoint.accept) {
      problems.push(`${where()}: Accept ${x.accept ?? '(none)'}, the SDK sends ${endpoint.accept}`);
    }
    for (const name of x.query.keys()) {
      if (!(endpoint.query ?? []).includes(name))
        problems.push(`${where()}: query parameter ${name} is not one of the SDK's (${key})`);
    }
    const filter = x.query.get('filter');
    if (filter !== null) {
      for (const [field, ops] of Object.entries(JSON.parse(filter) as Record<string, object>)) {
        for (const op of Object.keys(ops)) {
          if (!(endpoint.filters?.[field] ?? []).includes(op))
            problems.push(`${where()}: filter ${field} ${op} is not in the SDK's typed filters (${key})`);
        }
      }
    }
    if (endpoint.request !== undefined) {
      for (const p of conformance(endpoint.request.ref, x.requestBody))
        problems.push(`${where()} request body: ${p}`);
    }
    if (!endpoint.success_status.includes(x.status)) {
      problems.push(`${where()}: HTTP ${x.status} ${JSON.stringify(x.responseBody)}`);
      continue;
    }
    for (const p of conformance(endpoint.response.ref, x.responseBody))
      problems.push(`${where()} response: ${p}`);
  }
  // The first of each kind: the same field of every item or every task read says one thing.
  const byKind = new Map<string, string>();
  for (const p of problems) {
    const kind = p.replace(/\[\d+\]/g, '[]').replace(/got .*? \(/, '(');
    if (!byKind.has(kind)) byKind.set(kind, p);
  }
  return [...byKind.values()];
}

describe('conformance: every request and response against the official Clumio SDK models', function () {
  this.timeout(600_000);

  it(`records the SDKs it was derived from (Go ${fixture.sdk.go.commit.slice(0, 8)}, Python ${fixture.sdk.python.version})`, () => {
    expect(fixture.sdk.go.repo).to.equal('github.com/clumio-code/clumio-go-sdk');
    expect(fixture.sdk.go.commit).to.match(/^[0-9a-f]{40}$/);
    expect(fixture.sdk.python.repo).to.equal('github.com/clumio-code/clumio-python-sdk');
    expect(fixture.sdk.python.commit).to.match(/^[0-9a-f]{40}$/);
  });

  it('holds every endpoint of clumio/endpoints.ts with its exact Accept header', () => {
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const found = fixture.endpoints[`${endpoint.method} ${endpoint.path}`];
      expect(found?.client_endpoint, name).to.equal(name);
      expect(found?.accept, name).to.equal(endpoint.accept);
    }
  });

  it('the endpoints only the simulator serves (organizational units) answer the SDK models too', async () => {
    const sim = await startSimulator({ token: TOKEN, rateLimitPerSecond: false });
    try {
      for (const [key, endpoint] of Object.entries(fixture.endpoints)) {
        if (endpoint.client_endpoint !== undefined) continue;
        const res = await got(`${sim.url}${key.slice('GET '.length)}`, {
          headers: { authorization: `Bearer ${TOKEN}`, accept: endpoint.accept },
          responseType: 'json',
        });
        expect(conformance(endpoint.response.ref, res.body), key).to.deep.equal([]);
      }
    } finally {
      await sim.close();
    }
  });

  const variants: { name: string; options: SimulatorOptions }[] = [
    { name: 'the default simulator', options: {} },
    {
      name: 'older RDS backup items, links with start only, absolute links',
      options: { rdsBackupShape: 'legacy', linkQuery: 'start', absoluteLinks: true },
    },
  ];
  for (const { name, options } of variants) {
    describe(`every example input and the demo, run for real against ${name}`, () => {
      let run: { exchanges: Exchange[]; failures: string[] };
      before(async () => {
        run = await exchangesOf(options);
      });

      it('every example runs to exit 0 (the reference list example: to a document with values to fill in)', () => {
        expect(run.failures).to.deep.equal([]);
      });

      it('calls every endpoint of clumio/endpoints.ts', () => {
        const called = new Set(
          run.exchanges.map((x) => endpointOf(x.method, x.path)?.endpoint.client_endpoint),
        );
        expect(Object.keys(endpoints).filter((endpoint) => !called.has(endpoint))).to.deep.equal([]);
      });

      it('sends only SDK fields, types, enum values, query parameters and filters; reads only SDK-shaped responses', () => {
        expect(run.exchanges.length).to.be.greaterThan(100);
        expect(problemsOf(run.exchanges).join('\n')).to.equal('');
      });
    });
  }
});
